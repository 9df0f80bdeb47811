"""Writes fixtures/optimizers*.json: torch.optim numbers for the optimizer and scheduler tests.

Run with Debian's interpreter, which has python3-torch (1.13):

    /usr/bin/python3 packages/train/scripts/generate_optimizer_fixtures.py

- optimizers.json: every optimizer class over 6 steps with two parameter groups (the second
  overriding some options), a null gradient for one parameter at step 3 (skipped: no state,
  no step), and some runs with a scheduler changing lr or momentum between steps. Options are
  written under the camelCase names the TypeScript classes take.
- optimizers-schedulers.json: get_last_lr() (and momentum / beta1) after construction and
  after each step, for every lr_scheduler class.
- optimizers-lenet5.json: the train_step of MindSpore's experimental.optim documentation on LeNet5 (Adam and Adamax, conv
  weights in a group with weight decay, StepLR), from weights and data given by formulas the
  test recomputes: per-sample losses and parameter samples after each step.
"""

import json
import math
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(__file__)
CAMEL = {
    "weight_decay": "weightDecay",
    "lr_decay": "lrDecay",
    "initial_accumulator_value": "initialAccumulatorValue",
    "momentum_decay": "momentumDecay",
    "step_sizes": "stepSizes",
}


def camel(options):
    return {CAMEL.get(k, k): list(v) if isinstance(v, tuple) else v for k, v in options.items()}


def flat(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


# ---------------------------------------------------------------- optimizer trajectories

STEPS = 6
SHAPES = {"w": (3, 4), "b": (4,), "c": (2, 3)}
NULL_STEP, NULL_PARAM = 2, "b"  # b's gradient is None at the third step


def initial_params():
    g = torch.Generator().manual_seed(1234)
    return {k: torch.randn(*s, generator=g, dtype=torch.float32) for k, s in SHAPES.items()}


def gradient_sequence():
    g = torch.Generator().manual_seed(5678)
    return [
        {k: torch.randn(*s, generator=g, dtype=torch.float32) for k, s in SHAPES.items()}
        for _ in range(STEPS)
    ]


def documented_adam(params, grads_seq, lr, betas, eps, weight_decay, decoupled, group2):
    """Adam/AdamW with the documented AMSGrad (max over bias-corrected v), float32 torch ops."""
    b1, b2 = betas
    state = {}
    out = []
    for step_grads in grads_seq:
        for k, p in params.items():
            g = step_grads[k]
            if g is None:
                continue
            opts = dict(lr=lr, weight_decay=weight_decay)
            if k == "c":
                opts.update(group2)
            s = state.setdefault(k, dict(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p), vmax=torch.zeros_like(p)))
            s["t"] += 1
            t = s["t"]
            if decoupled:
                p.mul_(1 - opts["lr"] * opts["weight_decay"])
            elif opts["weight_decay"] != 0:
                g = g.add(p, alpha=opts["weight_decay"])
            s["m"] = s["m"] * b1 + g * (1 - b1)
            s["v"] = s["v"] * b2 + g * g * (1 - b2)
            m_hat = s["m"] / (1 - b1**t)
            v_hat = s["v"] / (1 - b2**t)
            s["vmax"] = torch.maximum(s["vmax"], v_hat)
            p.sub_(opts["lr"] * m_hat / (s["vmax"].sqrt() + eps))
        out.append({k: flat(v) for k, v in params.items()})
    return out


O = torch.optim
S = torch.optim.lr_scheduler
CASES = [
    # name, class, defaults, second group's overrides, scheduler factory or None
    ("adam", O.Adam, dict(lr=0.01), dict(lr=0.05, weight_decay=0.1), None),
    ("adam_betas", O.Adam, dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6), dict(betas=(0.5, 0.9)), None),
    ("adam_amsgrad_pytorch", O.Adam, dict(lr=0.01, amsgrad=True), dict(weight_decay=0.1), None),
    ("adam_maximize", O.Adam, dict(lr=0.01, maximize=True, weight_decay=0.1), dict(maximize=False), None),
    ("adam_steplr", O.Adam, dict(lr=0.1), dict(lr=0.02), lambda o: S.StepLR(o, 2, gamma=0.5)),
    ("adamw", O.AdamW, dict(lr=0.01), dict(weight_decay=0.5), None),
    ("adamw_amsgrad_pytorch", O.AdamW, dict(lr=0.01, amsgrad=True, weight_decay=0.1), dict(lr=0.03), None),
    ("adamax", O.Adamax, dict(lr=0.02), dict(weight_decay=0.1), None),
    ("adamax_maximize", O.Adamax, dict(lr=0.02, maximize=True), dict(betas=(0.5, 0.9), eps=1e-3), None),
    ("sgd", O.SGD, dict(lr=0.1), dict(lr=0.01), None),
    ("sgd_momentum", O.SGD, dict(lr=0.1, momentum=0.9, weight_decay=0.01), dict(momentum=0.5, dampening=0.3), None),
    ("sgd_nesterov", O.SGD, dict(lr=0.1, momentum=0.9, nesterov=True), dict(maximize=True), None),
    ("sgd_onecycle", O.SGD, dict(lr=0.1, momentum=0.9), dict(), lambda o: S.OneCycleLR(o, 0.5, total_steps=STEPS)),
    ("rmsprop", O.RMSprop, dict(lr=0.01), dict(centered=True), None),
    ("rmsprop_momentum", O.RMSprop, dict(lr=0.01, momentum=0.9, weight_decay=0.1), dict(centered=True, alpha=0.9), None),
    ("rmsprop_momentum_steplr", O.RMSprop, dict(lr=0.01, momentum=0.9), dict(maximize=True), lambda o: S.StepLR(o, 1, gamma=0.5)),
    # torch fills every state's sum from the constructor's initial_accumulator_value, never a
    # group's; the classes here use the group's, so the case sets it on the constructor only.
    ("adagrad", O.Adagrad, dict(lr=0.1, initial_accumulator_value=0.5), dict(lr_decay=0.1), None),
    ("adagrad_weight_decay", O.Adagrad, dict(lr=0.1, weight_decay=0.1, eps=1e-6), dict(maximize=True), None),
    ("adadelta", O.Adadelta, dict(lr=1.0), dict(rho=0.8, weight_decay=0.1), None),
    ("adadelta_maximize", O.Adadelta, dict(lr=0.5, maximize=True), dict(eps=1e-3), None),
    ("nadam", O.NAdam, dict(lr=0.01), dict(weight_decay=0.1, momentum_decay=0.01), None),
    ("radam", O.RAdam, dict(lr=0.01, betas=(0.9, 0.9)), dict(weight_decay=0.1), None),
    ("asgd", O.ASGD, dict(lr=0.1, lambd=0.1, alpha=0.75), dict(weight_decay=0.1, lr=0.05), None),
    ("asgd_maximize", O.ASGD, dict(lr=0.05, maximize=True), dict(lambd=0.5), None),
    ("rprop", O.Rprop, dict(lr=0.01), dict(etas=(0.3, 1.5), step_sizes=(1e-3, 0.05)), None),
    ("rprop_maximize", O.Rprop, dict(lr=0.01, maximize=True), dict(lr=0.1), None),
]

DOCUMENTED = [
    ("adam_amsgrad", "Adam", dict(lr=0.01, amsgrad=True), dict(weight_decay=0.1), False),
    ("adamw_amsgrad", "AdamW", dict(lr=0.01, amsgrad=True, weight_decay=0.1), dict(lr=0.03), True),
]


def run(cls, defaults, group2, scheduler):
    p0 = initial_params()
    params = {k: torch.nn.Parameter(v.clone()) for k, v in p0.items()}
    optimizer = cls(
        [{"params": [params["w"], params["b"]]}, {"params": [params["c"]], **group2}], **defaults
    )
    sched = scheduler(optimizer) if scheduler else None
    trajectory, lrs = [], []
    for i, grads in enumerate(gradient_sequence()):
        for k, p in params.items():
            p.grad = None if (i == NULL_STEP and k == NULL_PARAM) else grads[k].clone()
        optimizer.step()
        trajectory.append({k: flat(p) for k, p in params.items()})
        if sched:
            sched.step()
        lrs.append([g["lr"] for g in optimizer.param_groups])
    # SGD keeps no step count; the others count each parameter's own steps.
    steps = [optimizer.state[params[k]].get("step") for k in SHAPES]
    steps = [None if s is None else int(s.item()) if torch.is_tensor(s) else int(s) for s in steps]
    return trajectory, steps


def trajectories():
    cases = []
    for name, cls, defaults, group2, scheduler in CASES:
        trajectory, steps = run(cls, defaults, group2, scheduler)
        cases.append(
            dict(name=name, optimizer=cls.__name__, options=camel(defaults), group2=camel(group2), trajectory=trajectory, steps=steps)
        )
    for name, cls_name, defaults, group2, decoupled in DOCUMENTED:
        grads = gradient_sequence()
        grads[NULL_STEP][NULL_PARAM] = None
        params = {k: v.clone() for k, v in initial_params().items()}
        wd = defaults.get("weight_decay", 1e-2 if decoupled else 0)
        trajectory = documented_adam(params, grads, defaults["lr"], (0.9, 0.999), 1e-8, wd, decoupled, group2)
        cases.append(dict(name=name, optimizer=cls_name, options=camel(defaults), group2=camel(group2), trajectory=trajectory, steps=[STEPS, STEPS - 1, STEPS]))
    return dict(
        torch=torch.__version__,
        shapes={k: list(s) for k, s in SHAPES.items()},
        params={k: flat(v) for k, v in initial_params().items()},
        grads=[{k: flat(v) for k, v in g.items()} for g in gradient_sequence()],
        nullStep=NULL_STEP,
        nullParam=NULL_PARAM,
        cases=cases,
    )


# ---------------------------------------------------------------- schedulers

SCHEDULER_STEPS = 25
METRICS = [1.0, 0.9, 0.95, 0.94, 0.93, 0.96, 0.8, 0.81, 0.82, 0.83, 0.84, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76, 0.6, 0.61, 0.62, 0.63, 0.64, 0.65, 0.66]

SCHEDULERS = [
    # name, optimizer ('sgd' or 'adam'), factory
    ("StepLR", "sgd", lambda o: S.StepLR(o, 3, gamma=0.5)),
    ("MultiStepLR", "sgd", lambda o: S.MultiStepLR(o, [2, 5, 5, 9], gamma=0.3)),
    ("ConstantLR", "sgd", lambda o: S.ConstantLR(o, factor=0.5, total_iters=4)),
    ("ConstantLR_defaults", "sgd", lambda o: S.ConstantLR(o)),
    ("LinearLR", "sgd", lambda o: S.LinearLR(o, start_factor=0.25, end_factor=0.9, total_iters=6)),
    ("ExponentialLR", "sgd", lambda o: S.ExponentialLR(o, 0.9)),
    ("PolynomialLR", "sgd", lambda o: S.PolynomialLR(o, total_iters=8, power=2.0)),
    ("CosineAnnealingLR", "sgd", lambda o: S.CosineAnnealingLR(o, 6, eta_min=0.01)),
    ("CosineAnnealingWarmRestarts", "sgd", lambda o: S.CosineAnnealingWarmRestarts(o, 4, T_mult=2, eta_min=0.001)),
    ("CyclicLR_triangular2", "sgd", lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=3, step_size_down=5, mode="triangular2")),
    ("CyclicLR_exp_range", "sgd", lambda o: S.CyclicLR(o, [0.01, 0.02], [0.1, 0.2], step_size_up=4, mode="exp_range", gamma=0.9, cycle_momentum=False)),
    ("OneCycleLR", "sgd", lambda o: S.OneCycleLR(o, [1.0, 0.5], total_steps=SCHEDULER_STEPS)),
    ("OneCycleLR_linear_three_phase", "sgd", lambda o: S.OneCycleLR(o, 1.0, epochs=5, steps_per_epoch=5, pct_start=0.4, anneal_strategy="linear", three_phase=True, div_factor=10.0, final_div_factor=100.0)),
    ("OneCycleLR_adam", "adam", lambda o: S.OneCycleLR(o, 0.01, total_steps=SCHEDULER_STEPS, base_momentum=0.8, max_momentum=0.9)),
    ("LambdaLR", "sgd", lambda o: S.LambdaLR(o, lambda e: 0.9**e)),
    ("LambdaLR_list", "sgd", lambda o: S.LambdaLR(o, [lambda e: 1 / (e + 1), lambda e: 0.95**e])),
    ("MultiplicativeLR", "sgd", lambda o: S.MultiplicativeLR(o, lambda e: 0.95)),
    ("SequentialLR", "sgd", lambda o: S.SequentialLR(o, [S.ConstantLR(o, factor=0.1, total_iters=2), S.ExponentialLR(o, 0.9)], milestones=[2])),
    ("SequentialLR_warmup_cosine", "sgd", lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=3), S.CosineAnnealingLR(o, 10)], milestones=[3])),
    ("ChainedScheduler", "sgd", lambda o: S.ChainedScheduler([S.ConstantLR(o, factor=0.1, total_iters=2), S.ExponentialLR(o, 0.9)])),
    ("ReduceLROnPlateau", "sgd", lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=0.01, cooldown=1, min_lr=[0.01, 0.001])),
    ("ReduceLROnPlateau_max_abs", "sgd", lambda o: S.ReduceLROnPlateau(o, mode="max", factor=0.3, patience=1, threshold=0.05, threshold_mode="abs")),
]


def scheduler_optimizer(kind):
    a, b = torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(3))
    groups = [{"params": [a]}, {"params": [b], "lr": 0.05}]
    if kind == "adam":
        return O.Adam(groups, lr=0.1)
    return O.SGD(groups, lr=0.1, momentum=0.9)


def momentum_of(optimizer):
    return [g["betas"][0] if "betas" in g else g["momentum"] for g in optimizer.param_groups]


def schedulers():
    cases = []
    for name, kind, factory in SCHEDULERS:
        optimizer = scheduler_optimizer(kind)
        scheduler = factory(optimizer)
        plateau = isinstance(scheduler, S.ReduceLROnPlateau)
        lrs = [[g["lr"] for g in optimizer.param_groups] if plateau else list(scheduler.get_last_lr())]
        momenta = [momentum_of(optimizer)]
        steps = SCHEDULER_STEPS - 1 if name.startswith("OneCycleLR") else SCHEDULER_STEPS
        for i in range(steps):
            optimizer.step()
            scheduler.step(METRICS[i]) if plateau else scheduler.step()
            lrs.append(list(scheduler._last_lr) if plateau else list(scheduler.get_last_lr()))
            momenta.append(momentum_of(optimizer))
        cases.append(dict(name=name, optimizer=kind, lrs=lrs, momenta=momenta))
    # Two schedulers on one optimizer, stepped one after the other (PyTorch's chaining).
    optimizer = scheduler_optimizer("sgd")
    first, second = S.StepLR(optimizer, 3, gamma=0.5), S.ExponentialLR(optimizer, 0.9)
    lrs = [list(second.get_last_lr())]
    for _ in range(SCHEDULER_STEPS):
        optimizer.step()
        first.step()
        second.step()
        lrs.append(list(second.get_last_lr()))
    cases.append(dict(name="StepLR+ExponentialLR", optimizer="sgd", lrs=lrs, momenta=[]))
    return dict(torch=torch.__version__, metrics=METRICS, cases=cases)


# ---------------------------------------------------------------- LeNet5, MindSpore's documented train_step

LENET_SHAPES = [
    ("conv1.weight", (6, 1, 5, 5), 25),
    ("conv2.weight", (16, 6, 5, 5), 150),
    ("fc1.weight", (120, 400), 400),
    ("fc1.bias", (120,), 400),
    ("fc2.weight", (84, 120), 120),
    ("fc2.bias", (84,), 120),
    ("fc3.weight", (10, 84), 84),
    ("fc3.bias", (10,), 84),
]
BATCH, LABELS, SAMPLE = 4, [3, 7, 1, 0], 8


def lenet_weights():
    """w[i] = sin(0.7·i + 1.1·k + 0.3) / √fanIn for the k-th parameter, in float32."""
    weights = {}
    for k, (name, shape, fan_in) in enumerate(LENET_SHAPES):
        n = math.prod(shape)
        values = [math.sin(0.7 * i + 1.1 * k + 0.3) / math.sqrt(fan_in) for i in range(n)]
        weights[name] = torch.tensor(values, dtype=torch.float32).reshape(shape)
    return weights


def lenet_data():
    n = BATCH * 32 * 32
    x = torch.tensor([math.sin(0.37 * i) for i in range(n)], dtype=torch.float32).reshape(BATCH, 1, 32, 32)
    return x, torch.tensor(LABELS)


def lenet_forward(p, x):
    x = F.max_pool2d(F.relu(F.conv2d(x, p["conv1.weight"])), 2, 2)
    x = F.max_pool2d(F.relu(F.conv2d(x, p["conv2.weight"])), 2, 2)
    x = x.reshape(x.shape[0], -1)
    x = F.relu(F.linear(x, p["fc1.weight"], p["fc1.bias"]))
    x = F.relu(F.linear(x, p["fc2.weight"], p["fc2.bias"]))
    return F.linear(x, p["fc3.weight"], p["fc3.bias"])


def summary(t):
    values = t.detach().reshape(-1).double()
    return dict(head=flat(t)[:SAMPLE], sum=float(values.sum()), absSum=float(values.abs().sum()))


def lenet_run(cls, lr, steps=4):
    p = {k: torch.nn.Parameter(v.clone()) for k, v in lenet_weights().items()}
    conv = [p["conv1.weight"], p["conv2.weight"]]
    others = [v for k, v in p.items() if not k.startswith("conv")]
    optimizer = cls([{"params": conv, "weight_decay": 0.01}, {"params": others}], lr=lr)
    scheduler = S.StepLR(optimizer, 2, gamma=0.5)
    x, y = lenet_data()
    losses, params = [], []
    for _ in range(steps):
        optimizer.zero_grad()
        # SoftmaxCrossEntropyWithLogits(sparse=True) has reduction 'none'; value_and_grad
        # differentiates the sum (a sensitivity of ones).
        loss = F.cross_entropy(lenet_forward(p, x), y, reduction="none")
        loss.sum().backward()
        optimizer.step()
        scheduler.step()
        losses.append(flat(loss))
        params.append({k: summary(v) for k, v in p.items()})
    return dict(losses=losses, params=params, lrs=[g["lr"] for g in optimizer.param_groups])


def lenet():
    return dict(
        torch=torch.__version__,
        labels=LABELS,
        sample=SAMPLE,
        adam=lenet_run(O.Adam, 0.01),
        adamax=lenet_run(O.Adamax, 0.02),
    )


def write(name, data):
    with open(os.path.join(HERE, "..", "fixtures", name), "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")


def main():
    write("optimizers.json", trajectories())
    write("optimizers-schedulers.json", schedulers())
    write("optimizers-lenet5.json", lenet())


if __name__ == "__main__":
    main()
