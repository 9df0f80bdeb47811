"""Writes fixtures/pytorch-trajectories.json: PyTorch optimizer trajectories for the tests.

Run with Debian's interpreter, which has python3-torch and python3-numpy:

    /usr/bin/python3 packages/optim/scripts/generate_fixtures.py

Every case starts from the same float32 parameters (seeded), feeds the same seeded gradient
sequence (independent of the parameters, so every step is a pure function of the optimizer),
and records the parameters after each step. The torch version is recorded too: NAdam's
momentum product changed in torch 2.0 (see the `legacyMomentumProduct` option).
"""

import json
import os

import torch

STEPS = 8
SHAPES = {"w": (3, 4), "b": (4,)}


def initial_params():
    generator = torch.Generator().manual_seed(1234)
    return {k: torch.randn(*s, generator=generator, dtype=torch.float32) for k, s in SHAPES.items()}


def gradient_sequence():
    generator = torch.Generator().manual_seed(5678)
    return [
        {k: torch.randn(*s, generator=generator, dtype=torch.float32) for k, s in SHAPES.items()}
        for _ in range(STEPS)
    ]


CASES = [
    ("adam", torch.optim.Adam, dict(lr=0.01)),
    ("adam_betas", torch.optim.Adam, dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6)),
    ("adam_amsgrad", torch.optim.Adam, dict(lr=0.01, amsgrad=True)),
    ("adam_maximize", torch.optim.Adam, dict(lr=0.01, maximize=True)),
    ("adam_weight_decay", torch.optim.Adam, dict(lr=0.01, weight_decay=0.1)),
    ("adam_all", torch.optim.Adam, dict(lr=0.01, weight_decay=0.1, amsgrad=True, maximize=True)),
    ("adamw", torch.optim.AdamW, dict(lr=0.01, weight_decay=0.1)),
    ("adamw_amsgrad", torch.optim.AdamW, dict(lr=0.01, weight_decay=0.1, amsgrad=True)),
    ("adamax", torch.optim.Adamax, dict(lr=0.02)),
    ("adamax_weight_decay", torch.optim.Adamax, dict(lr=0.02, weight_decay=0.1)),
    ("nadam", torch.optim.NAdam, dict(lr=0.01)),
    ("nadam_weight_decay", torch.optim.NAdam, dict(lr=0.01, weight_decay=0.1, momentum_decay=0.01)),
    ("radam", torch.optim.RAdam, dict(lr=0.01, betas=(0.9, 0.9))),
    ("radam_weight_decay", torch.optim.RAdam, dict(lr=0.01, betas=(0.9, 0.9), weight_decay=0.1)),
    ("sgd", torch.optim.SGD, dict(lr=0.1)),
    ("sgd_momentum", torch.optim.SGD, dict(lr=0.1, momentum=0.9)),
    ("sgd_nesterov", torch.optim.SGD, dict(lr=0.1, momentum=0.9, nesterov=True)),
    ("sgd_dampening", torch.optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.5)),
    ("sgd_weight_decay", torch.optim.SGD, dict(lr=0.1, momentum=0.9, weight_decay=0.01)),
    ("sgd_maximize", torch.optim.SGD, dict(lr=0.1, maximize=True)),
    ("rmsprop", torch.optim.RMSprop, dict(lr=0.01)),
    ("rmsprop_centered", torch.optim.RMSprop, dict(lr=0.01, centered=True)),
    ("rmsprop_momentum", torch.optim.RMSprop, dict(lr=0.01, momentum=0.9)),
    ("rmsprop_centered_momentum", torch.optim.RMSprop, dict(lr=0.01, alpha=0.9, centered=True, momentum=0.5)),
    ("adagrad", torch.optim.Adagrad, dict(lr=0.1)),
    ("adagrad_decay", torch.optim.Adagrad, dict(lr=0.1, lr_decay=0.1, initial_accumulator_value=0.5)),
    ("adadelta", torch.optim.Adadelta, dict(lr=1.0)),
    ("adadelta_weight_decay", torch.optim.Adadelta, dict(lr=0.5, rho=0.8, weight_decay=0.1)),
]


def to_json(tensors):
    return {k: [float(x) for x in t.detach().reshape(-1).tolist()] for k, t in tensors.items()}


def run(optimizer_class, options):
    params = {k: torch.nn.Parameter(v.clone()) for k, v in initial_params().items()}
    optimizer = optimizer_class(list(params.values()), **options)
    trajectory = []
    for grads in gradient_sequence():
        for k, p in params.items():
            p.grad = grads[k].clone()
        optimizer.step()
        trajectory.append(to_json(params))
    return trajectory


def main():
    out = {
        "torch": torch.__version__,
        "shapes": {k: list(s) for k, s in SHAPES.items()},
        "params": to_json(initial_params()),
        "grads": [to_json(g) for g in gradient_sequence()],
        "cases": [
            {
                "name": name,
                "optimizer": cls.__name__,
                "options": {k: list(v) if isinstance(v, tuple) else v for k, v in opts.items()},
                "trajectory": run(cls, opts),
            }
            for name, cls, opts in CASES
        ],
    }
    path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "pytorch-trajectories.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
