"""PyTorch lr_scheduler values that @gradkit/optim's schedules must reproduce.

Run from the repository root with Debian's Python, which has torch 1.13 (the pyenv
`python3` on PATH has none):

    /usr/bin/python3 packages/optim/scripts/generate_schedule_fixtures.py

It writes packages/optim/fixtures/schedules.json, which src/schedules/pytorch.test.ts
replays. Each case is

    {"name": id, "scheduler": PyTorch class, "baseLr": lr given to the optimizer,
     "kwargs": scheduler arguments, "values": [lr at step 0, 1, ...]}

where "lr at step k" is optimizer.param_groups[0]["lr"] after k calls to
scheduler.step(), i.e. the learning rate the (k+1)-th optimizer step uses; that is the
schedule's value at count k (Optax counts from 0). Values are Python floats (float64),
written with repr precision, so the comparison can be tight.
"""

import json
import os

import torch
from torch.optim import SGD
from torch.optim import lr_scheduler

CASES = [
    ("step", "StepLR", 0.1, {"step_size": 3, "gamma": 0.5}, 20),
    ("exponential", "ExponentialLR", 0.1, {"gamma": 0.9}, 20),
    ("cosine-annealing", "CosineAnnealingLR", 0.1, {"T_max": 10, "eta_min": 0.001}, 11),
    ("linear", "LinearLR", 0.1, {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 8}, 15),
    ("polynomial", "PolynomialLR", 0.1, {"total_iters": 10, "power": 2.0}, 15),
    ("multi-step", "MultiStepLR", 0.1, {"milestones": [3, 7], "gamma": 0.1}, 12),
    (
        "onecycle-cos",
        "OneCycleLR",
        0.1,
        {"max_lr": 0.1, "total_steps": 50, "pct_start": 0.3, "anneal_strategy": "cos",
         "div_factor": 25.0, "final_div_factor": 1e4, "cycle_momentum": False},
        50,
    ),
    (
        "onecycle-linear-three-phase",
        "OneCycleLR",
        0.1,
        {"max_lr": 0.1, "total_steps": 50, "pct_start": 0.3, "anneal_strategy": "linear",
         "div_factor": 25.0, "final_div_factor": 1e4, "three_phase": True,
         "cycle_momentum": False},
        50,
    ),
    (
        "cosine-warm-restarts",
        "CosineAnnealingWarmRestarts",
        0.1,
        {"T_0": 5, "T_mult": 1, "eta_min": 0.001},
        15,
    ),
]


def run(scheduler_name, base_lr, kwargs, steps):
    weight = torch.zeros(1, requires_grad=True)
    optimizer = SGD([weight], lr=base_lr)
    scheduler = getattr(lr_scheduler, scheduler_name)(optimizer, **kwargs)
    values = []
    for step in range(steps):
        values.append(optimizer.param_groups[0]["lr"])
        if step < steps - 1:
            optimizer.step()  # PyTorch warns when the scheduler steps first
            scheduler.step()
    return values


def main():
    cases = [
        {"name": name, "scheduler": scheduler, "baseLr": base_lr, "kwargs": kwargs,
         "values": run(scheduler, base_lr, kwargs, steps)}
        for name, scheduler, base_lr, kwargs, steps in CASES
    ]
    out = {"torch": torch.__version__, "cases": cases}
    path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "schedules.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
