"""Writes fixtures/torch-frontend*.json: torch.optim numbers for @gradkit/train/torch.

Run with Debian's interpreter, which has python3-torch (1.13):

    /usr/bin/python3 packages/train/scripts/generate_torch_frontend_fixtures.py

- torch-frontend.json: every class with the option combinations that matter, over 8 steps
  with two parameter groups (the second with its own lr) and a None gradient for one
  parameter at step 3. Each case also has the state_dict() after 4 steps exported as JSON
  (tensors as nested lists, step as a number) with the parameters at that point, so the
  tests load PyTorch's own state dict and continue.
- torch-frontend-loop.json: PyTorch-style loops on a small least-squares model: step(closure)
  with Adam (AMSGrad), and gradient accumulation over two half batches with SGD momentum;
  a parameter the loss never uses keeps grad None and is skipped.
- torch-frontend-validation.json: the ValueError message of every invalid option, and of
  load_state_dict / add_param_group mismatches.
Options are written under the camelCase names the TypeScript classes take.
"""

import json
import os

import torch

HERE = os.path.dirname(__file__)
OUT = os.path.join(HERE, "..", "fixtures")


def camel_key(k):
    head, *rest = k.split("_")
    return head + "".join(w.capitalize() for w in rest)


def camel(options):
    return {camel_key(k): list(v) if isinstance(v, tuple) else v for k, v in options.items()}


def flat(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def jsonable(v):
    """A state_dict value as JSON: tensors as nested lists (0-d ones as numbers)."""
    if isinstance(v, torch.Tensor):
        return v.item() if v.dim() == 0 else v.tolist()
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    return v


STEPS = 8
SAVE_AT = 4
SHAPES = {"w": (3, 4), "b": (4,), "c": (2, 3)}
NULL_STEP, NULL_PARAM = 2, "b"

CASES = [
    ("adam", "Adam", dict(lr=0.01)),
    ("adam_amsgrad", "Adam", dict(lr=0.01, amsgrad=True)),
    ("adam_maximize", "Adam", dict(lr=0.01, maximize=True)),
    ("adam_weight_decay", "Adam", dict(lr=0.01, weight_decay=0.1)),
    ("adam_betas_eps", "Adam", dict(lr=0.02, betas=(0.8, 0.99), eps=1e-3)),
    ("adam_amsgrad_maximize_wd", "Adam", dict(lr=0.01, amsgrad=True, maximize=True, weight_decay=0.05)),
    ("adamw", "AdamW", dict(lr=0.01)),
    ("adamw_amsgrad", "AdamW", dict(lr=0.01, amsgrad=True, weight_decay=0.1)),
    ("adamw_maximize", "AdamW", dict(lr=0.01, maximize=True)),
    ("adamax", "Adamax", dict(lr=0.01)),
    ("adamax_wd_maximize", "Adamax", dict(lr=0.01, weight_decay=0.1, maximize=True, betas=(0.8, 0.9))),
    ("nadam", "NAdam", dict()),
    ("nadam_wd", "NAdam", dict(lr=0.01, weight_decay=0.1, momentum_decay=0.01)),
    ("radam", "RAdam", dict(lr=0.01)),
    ("radam_wd", "RAdam", dict(lr=0.01, weight_decay=0.1, betas=(0.8, 0.99))),
    ("sgd", "SGD", dict(lr=0.1)),
    ("sgd_momentum", "SGD", dict(lr=0.1, momentum=0.9)),
    ("sgd_dampening_wd", "SGD", dict(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    ("sgd_nesterov_maximize", "SGD", dict(lr=0.1, momentum=0.9, nesterov=True, maximize=True)),
    ("rmsprop", "RMSprop", dict()),
    ("rmsprop_centered_momentum", "RMSprop", dict(momentum=0.9, centered=True, weight_decay=0.01)),
    ("rmsprop_maximize", "RMSprop", dict(alpha=0.9, maximize=True)),
    ("adagrad", "Adagrad", dict()),
    ("adagrad_options", "Adagrad", dict(lr_decay=0.1, initial_accumulator_value=0.1, weight_decay=0.01, maximize=True)),
    ("adadelta", "Adadelta", dict()),
    ("adadelta_options", "Adadelta", dict(rho=0.8, eps=1e-4, weight_decay=0.01, maximize=True)),
]


def initial_params():
    g = torch.Generator().manual_seed(4321)
    return {k: torch.randn(*s, generator=g, dtype=torch.float32) for k, s in SHAPES.items()}


def gradient_sequence():
    g = torch.Generator().manual_seed(8765)
    return [
        {k: torch.randn(*s, generator=g, dtype=torch.float32) for k, s in SHAPES.items()}
        for _ in range(STEPS)
    ]


def run_case(cls_name, options, init, grads_seq):
    params = {k: v.clone().requires_grad_(True) for k, v in init.items()}
    lr = options.get("lr", getattr(torch.optim, cls_name)([torch.zeros(1)], **({"lr": 0.1} if cls_name == "SGD" else {})).defaults["lr"])
    group2 = {"lr": lr * 0.5}
    opt = getattr(torch.optim, cls_name)(
        [{"params": [params["w"], params["b"]]}, {"params": [params["c"]], **group2}], **options
    )
    trajectory, saved, saved_params = [], None, None
    for i, step_grads in enumerate(grads_seq):
        for k, p in params.items():
            p.grad = None if (i == NULL_STEP and k == NULL_PARAM) else step_grads[k].clone()
        opt.step()
        trajectory.append({k: flat(p) for k, p in params.items()})
        if i + 1 == SAVE_AT:
            saved = jsonable(opt.state_dict())
            saved_params = {k: flat(p) for k, p in params.items()}
    return dict(group2=camel(group2), trajectory=trajectory, stateDict=saved, paramsAtSave=saved_params)


def trajectories():
    init = initial_params()
    grads_seq = gradient_sequence()
    cases = []
    for name, cls_name, options in CASES:
        case = dict(name=name, optimizer=cls_name, options=camel(options))
        case.update(run_case(cls_name, options, init, grads_seq))
        cases.append(case)
    return dict(
        torch=torch.__version__,
        shapes={k: list(s) for k, s in SHAPES.items()},
        params={k: flat(v) for k, v in init.items()},
        grads=[{k: flat(v) for k, v in g.items()} for g in grads_seq],
        nullStep=NULL_STEP,
        nullParam=NULL_PARAM,
        saveAt=SAVE_AT,
        cases=cases,
    )


# ---------------------------------------------------------------- PyTorch-style loops


def loop_data():
    g = torch.Generator().manual_seed(99)
    x = torch.randn(8, 3, generator=g)
    y = torch.randn(8, 2, generator=g)
    w = torch.randn(3, 2, generator=g)
    b = torch.randn(2, generator=g)
    unused = torch.randn(2, generator=g)
    return x, y, w, b, unused


def mse(x, y, w, b):
    return ((x @ w + b - y) ** 2).mean()


def loops():
    x, y, w0, b0, u0 = loop_data()
    out = dict(x=flat(x), y=flat(y), w=flat(w0), b=flat(b0), unused=flat(u0))

    # step(closure) with Adam (AMSGrad, weight decay)
    w, b, u = (t.clone().requires_grad_(True) for t in (w0, b0, u0))
    opt = torch.optim.Adam([w, b, u], lr=0.05, amsgrad=True, weight_decay=0.01)

    def closure():
        opt.zero_grad()
        loss = mse(x, y, w, b)
        loss.backward()
        return loss

    closure_steps = []
    for _ in range(5):
        loss = opt.step(closure)
        closure_steps.append(dict(loss=loss.item(), w=flat(w), b=flat(b), unused=flat(u)))
    out["closure"] = dict(
        steps=closure_steps, unusedGrad=None if u.grad is None else flat(u.grad), stateKeys=sorted(opt.state_dict()["state"].keys())
    )

    # accumulation over two half batches with SGD momentum, zero_grad() between steps
    w, b, u = (t.clone().requires_grad_(True) for t in (w0, b0, u0))
    opt = torch.optim.SGD([w, b, u], lr=0.1, momentum=0.9)
    acc_steps = []
    for _ in range(5):
        opt.zero_grad()
        losses = []
        for half in (slice(0, 4), slice(4, 8)):
            loss = mse(x[half], y[half], w, b)
            loss.backward()
            losses.append(loss.item())
        acc_steps.append(dict(losses=losses, gradW=flat(w.grad), w=flat(w), b=flat(b)))
        opt.step()
        acc_steps[-1].update(w=flat(w), b=flat(b))
    out["accumulation"] = dict(steps=acc_steps)
    return out


# ---------------------------------------------------------------- validation messages

INVALID = {
    "Adam": [dict(lr=-1.0), dict(eps=-1.0), dict(betas=(1.0, 0.999)), dict(betas=(0.9, 1.0)), dict(betas=(-0.5, 0.999)), dict(weight_decay=-1.0)],
    "AdamW": [dict(lr=-1.0), dict(eps=-1.0), dict(betas=(1.0, 0.999)), dict(betas=(0.9, 1.5)), dict(weight_decay=-1.0)],
    "Adamax": [dict(lr=-1.0), dict(eps=-1.0), dict(betas=(1.0, 0.999)), dict(betas=(0.9, 1.0)), dict(weight_decay=-1.0)],
    "NAdam": [dict(lr=-1.0), dict(eps=-1.0), dict(betas=(1.0, 0.999)), dict(betas=(0.9, 1.0)), dict(weight_decay=-1.0), dict(momentum_decay=-1.0)],
    "RAdam": [dict(lr=-1.0), dict(eps=-1.0), dict(betas=(1.0, 0.999)), dict(betas=(0.9, 1.0)), dict(weight_decay=-1.0)],
    "SGD": [dict(lr=-1.0), dict(lr=0.1, momentum=-1.0), dict(lr=0.1, weight_decay=-1.0), dict(lr=0.1, nesterov=True), dict(lr=0.1, momentum=0.9, dampening=0.5, nesterov=True), dict()],
    "RMSprop": [dict(lr=-1.0), dict(eps=-1.0), dict(momentum=-1.0), dict(weight_decay=-1.0), dict(alpha=-1.0)],
    "Adagrad": [dict(lr=-1.0), dict(lr_decay=-1.0), dict(weight_decay=-1.0), dict(initial_accumulator_value=-1.0), dict(eps=-1.0)],
    "Adadelta": [dict(lr=-1.0), dict(rho=1.5), dict(rho=-0.5), dict(eps=-1.0), dict(weight_decay=-1.0)],
}


def message(fn):
    try:
        fn()
    except ValueError as e:
        return str(e)
    raise AssertionError("no ValueError")


def validation():
    p = torch.zeros(2, requires_grad=True)
    q = torch.zeros(3, requires_grad=True)
    cases = []
    for cls_name, option_list in INVALID.items():
        cls = getattr(torch.optim, cls_name)
        for options in option_list:
            cases.append(dict(optimizer=cls_name, options=camel(options), message=message(lambda: cls([p], **options))))
    adam = torch.optim.Adam([p])
    two = torch.optim.Adam([{"params": [p]}, {"params": [q]}])
    bigger = torch.optim.Adam([p, q])
    other = dict(
        emptyParams=message(lambda: torch.optim.Adam([])),
        duplicateParam=message(lambda: adam.add_param_group({"params": [p]})),
        groupCount=message(lambda: adam.load_state_dict(two.state_dict())),
        groupSize=message(lambda: adam.load_state_dict(bigger.state_dict())),
    )
    return dict(cases=cases, other=other)


def write(name, data):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    write("torch-frontend.json", trajectories())
    write("torch-frontend-loop.json", loops())
    write("torch-frontend-validation.json", validation())
