"""Writes fixtures/nn-optimizers.json: torch.optim.SGD numbers for nn.Momentum and nn.SGD.

Run with Debian's interpreter, which has python3-torch (1.13):

    /usr/bin/python3 packages/train/scripts/generate_nn_optimizer_fixtures.py

MindSpore's two momentum optimizers are PyTorch's SGD once their weight decay and loss scale
are mapped:

- nn.Momentum (ApplyMomentum): v <- mu*v + g; w <- w - lr*v, or with use_nesterov
  w <- w - (g*lr + v*mu*lr). That is torch SGD with dampening 0 and nesterov = use_nesterov
  (torch's first step buf = g equals mu*0 + g). Weight decay is the base Optimizer's
  decay_weight, applied to the gradient *before* scale_grad divides it by loss_scale:
  (loss_scale*g + wd*w)/loss_scale = g + (wd/loss_scale)*w. Ungrouped, it applies only to
  parameters whose names contain neither 'beta' nor 'gamma'; grouped, a group's weight_decay
  (default the optimizer's) applies to all of the group's parameters. The torch run therefore
  takes the unscaled gradient, weight_decay wd/loss_scale, and a group of its own (decay 0)
  for the beta/gamma parameters of an ungrouped run.
- nn.SGD (the SGD kernel): the gradient is divided by loss_scale first, then
  g <- g + wd*w for every parameter (no beta/gamma filter: nn.SGD never calls decay_weight),
  then v <- mu*v + (1 - dampening)*g (v = g at the first step), w <- w - lr*v, or with nesterov
  w <- w - lr*(g + mu*v). That is torch SGD exactly, with the optimizer's weight_decay in every
  group (MindSpore does not support a per-group weight_decay for nn.SGD).

Each case stores the parameters (names, shapes, float32 values), the *unscaled* gradients per
step (the TypeScript test multiplies them by the loss scale, a power of two, so exactly), and
the parameters after each step. Options are written as the TypeScript classes take them;
`groups` are MindSpore group dicts naming parameters; a list learningRate is MindSpore's
dynamic learning rate (step i uses element i), set as the torch group's lr before step i.
"""

import json
import os

import torch

HERE = os.path.dirname(__file__)
STEPS = 5
SHAPES = {"fc.weight": (3, 4), "fc.bias": (4,), "ln.gamma": (4,), "ln.beta": (4,)}


def flat(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def decays_by_default(name):
    return "beta" not in name and "gamma" not in name


def run(optimizer, options, groups, seed):
    gen = torch.Generator().manual_seed(seed)
    params = {k: torch.randn(*s, generator=gen, dtype=torch.float32) for k, s in SHAPES.items()}
    grads = [
        {k: torch.randn(*s, generator=gen, dtype=torch.float32) for k, s in SHAPES.items()}
        for _ in range(STEPS)
    ]
    initial = {k: flat(v) for k, v in params.items()}
    tensors = {k: v.clone().requires_grad_(True) for k, v in params.items()}

    lr_option = options.get("learningRate", 0.1 if optimizer == "SGD" else None)
    lr_list = lr_option if isinstance(lr_option, list) else None
    base_lr = lr_list[0] if lr_list else lr_option
    wd = options.get("weightDecay", 0.0)
    loss_scale = options.get("lossScale", 1.0)
    momentum = options.get("momentum", 0.0)
    if optimizer == "Momentum":
        dampening, nesterov = 0.0, options.get("useNesterov", False)
    else:
        dampening, nesterov = options.get("dampening", 0.0), options.get("nesterov", False)

    # (names, lr or None for the optimizer's, MindSpore's weight decay for the group)
    if groups is None:
        if optimizer == "Momentum":
            decayed = [k for k in SHAPES if decays_by_default(k)]
            kept = [k for k in SHAPES if not decays_by_default(k)]
            torch_groups = [(decayed, None, wd), (kept, None, 0.0)]
        else:
            torch_groups = [(list(SHAPES), None, wd)]
    else:
        torch_groups = []
        for g in groups:
            if "params" not in g:
                continue
            group_wd = g.get("weight_decay", wd) if optimizer == "Momentum" else wd
            torch_groups.append((g["params"], g.get("lr"), group_wd))

    def torch_decay(group_wd):
        return group_wd / loss_scale if optimizer == "Momentum" else group_wd

    opt = torch.optim.SGD(
        [
            {
                "params": [tensors[k] for k in names],
                "lr": base_lr if lr is None else lr,
                "weight_decay": torch_decay(group_wd),
                "uses_default_lr": lr is None,
            }
            for names, lr, group_wd in torch_groups
        ],
        lr=base_lr,
        momentum=momentum,
        dampening=dampening,
        nesterov=nesterov,
    )
    expected = []
    for t, step in enumerate(grads):
        if lr_list is not None:
            for group in opt.param_groups:
                if group["uses_default_lr"]:
                    group["lr"] = lr_list[min(t, len(lr_list) - 1)]
        for k, g in step.items():
            tensors[k].grad = g.clone()
        opt.step()
        expected.append([flat(tensors[k]) for k in SHAPES])
    return {
        "optimizer": optimizer,
        "options": options,
        "groups": groups,
        "params": [{"name": k, "shape": list(s), "values": initial[k]} for k, s in SHAPES.items()],
        "grads": [[flat(step[k]) for k in SHAPES] for step in grads],
        "expected": expected,
    }


CASES = [
    (
        "Momentum, weight decay on names without beta/gamma",
        "Momentum",
        {"learningRate": 0.1, "momentum": 0.9, "weightDecay": 0.01},
        None,
    ),
    (
        "Momentum, nesterov, weight decay before the loss-scale division",
        "Momentum",
        {"learningRate": 0.05, "momentum": 0.8, "useNesterov": True, "weightDecay": 0.05, "lossScale": 128.0},
        None,
    ),
    (
        "Momentum, groups with their own lr and weight_decay",
        "Momentum",
        {"learningRate": 0.1, "momentum": 0.9, "weightDecay": 0.02},
        [
            {"params": ["fc.weight", "ln.gamma"], "lr": 0.05, "weight_decay": 0.1},
            {"params": ["fc.bias", "ln.beta"]},
            {"order_params": list(SHAPES)},
        ],
    ),
    (
        "Momentum, dynamic learning rate list, nesterov, groups",
        "Momentum",
        {"learningRate": [0.1, 0.08, 0.06, 0.04, 0.02], "momentum": 0.9, "useNesterov": True},
        [
            {"params": ["fc.weight", "fc.bias"], "weight_decay": 0.01},
            {"params": ["ln.gamma", "ln.beta"], "lr": 0.01},
        ],
    ),
    ("SGD, defaults (lr 0.1, no momentum)", "SGD", {}, None),
    (
        "SGD, momentum and dampening, weight decay on every parameter after the loss-scale division",
        "SGD",
        {"learningRate": 0.05, "momentum": 0.9, "dampening": 0.3, "weightDecay": 0.01, "lossScale": 64.0},
        None,
    ),
    (
        "SGD, nesterov with weight decay, groups with their own lr",
        "SGD",
        {"learningRate": 0.1, "momentum": 0.9, "nesterov": True, "weightDecay": 0.05},
        [
            {"params": ["fc.weight", "fc.bias"], "lr": 0.05},
            {"params": ["ln.gamma", "ln.beta"]},
        ],
    ),
    (
        "SGD, dynamic learning rate list, momentum, loss scale",
        "SGD",
        {"learningRate": [0.2, 0.1, 0.05, 0.025, 0.0125], "momentum": 0.5, "lossScale": 1024.0},
        None,
    ),
]


def main():
    torch.manual_seed(0)
    cases = []
    for i, (name, optimizer, options, groups) in enumerate(CASES):
        case = run(optimizer, options, groups, 1000 + i)
        cases.append({"name": name, **case})
    data = {"torch": torch.__version__, "steps": STEPS, "cases": cases}
    with open(os.path.join(HERE, "..", "fixtures", "nn-optimizers.json"), "w") as f:
        json.dump(data, f, indent=1)


if __name__ == "__main__":
    main()
