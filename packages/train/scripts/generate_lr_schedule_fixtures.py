"""Writes fixtures/nn-lr-schedules.json: MindSpore's nn learning-rate formulas, evaluated here.

Plain Python (no MindSpore, no torch), so any python3 runs it:

    /usr/bin/python3 packages/train/scripts/generate_lr_schedule_fixtures.py

This is an independent reference written from the formulas in MindSpore's documentation of
`mindspore.nn.dynamic_lr` (the list helpers) and `mindspore.nn.learning_rate_schedule` (the
LearningRateSchedule cells), in float64. Where the documented formula leaves a case open, the
choice is written beside it:

- current_epoch = floor(i / step_per_epoch) for the list helpers; the cells use the step.
- is_stair: "decayed once every decay_epoch (decay_steps) times": p = floor(epoch / decay_epoch);
  for natural_exp_decay_lr, whose exponent is the epoch itself, floor(epoch/decay_epoch)*decay_epoch.
- NaturalExpDecayLR: the documented p = step/decay_steps (floor with is_stair). (MindSpore's
  cell computes e^(-decay_rate*step), floor(step/decay_steps)*decay_steps with is_stair; the
  TypeScript class follows the documentation, and so does this reference.)
- polynomial decay with update_decay_epoch / update_decay_steps: the decay span is
  decay * ceil(t / decay) from the original decay value, at least decay (ceil(0) = 0 would
  divide by zero), and t is then not capped (the decay restarts each span).
- cosine decay and warm-up cap the epoch (step) at decay_epoch (warmup), as documented.
"""

import json
import math
import os

HERE = os.path.dirname(__file__)


def epochs(total_step, step_per_epoch):
    return [math.floor(i / step_per_epoch) for i in range(total_step)]


# ------------------------------------------------------------------ dynamic_lr list helpers


def exponential_decay_lr(lr, rate, total, per_epoch, decay_epoch, is_stair=False):
    out = []
    for e in epochs(total, per_epoch):
        p = math.floor(e / decay_epoch) if is_stair else e / decay_epoch
        out.append(lr * rate**p)
    return out


def natural_exp_decay_lr(lr, rate, total, per_epoch, decay_epoch, is_stair=False):
    out = []
    for e in epochs(total, per_epoch):
        p = math.floor(e / decay_epoch) * decay_epoch if is_stair else e
        out.append(lr * math.exp(-rate * p))
    return out


def inverse_decay_lr(lr, rate, total, per_epoch, decay_epoch, is_stair=False):
    out = []
    for e in epochs(total, per_epoch):
        p = math.floor(e / decay_epoch) if is_stair else e / decay_epoch
        out.append(lr / (1 + rate * p))
    return out


def cosine_decay_lr(min_lr, max_lr, total, per_epoch, decay_epoch):
    return [
        min_lr + 0.5 * (max_lr - min_lr) * (1 + math.cos(math.pi * min(e, decay_epoch) / decay_epoch))
        for e in epochs(total, per_epoch)
    ]


def polynomial_decay_lr(lr, end_lr, total, per_epoch, decay_epoch, power, update_decay_epoch=False):
    out = []
    for e in epochs(total, per_epoch):
        if update_decay_epoch:
            span = decay_epoch * max(math.ceil(e / decay_epoch), 1)
            t = e
        else:
            span = decay_epoch
            t = min(e, decay_epoch)
        out.append((lr - end_lr) * (1 - t / span) ** power + end_lr)
    return out


def warmup_lr(lr, total, per_epoch, warmup_epoch):
    return [lr * min(e, warmup_epoch) / warmup_epoch for e in epochs(total, per_epoch)]


def piecewise_constant_lr(milestone, learning_rates):
    out = []
    for i in range(milestone[-1]):
        # y[i] = x_t for i in [M_(t-1), M_t)
        t = next(k for k, m in enumerate(milestone) if i < m)
        out.append(learning_rates[t])
    return out


# ------------------------------------------------------------------ LearningRateSchedule cells


def exponential_decay(lr, rate, decay_steps, is_stair=False):
    def at(step):
        p = math.floor(step / decay_steps) if is_stair else step / decay_steps
        return lr * rate**p

    return at


def natural_exp_decay(lr, rate, decay_steps, is_stair=False):
    def at(step):
        p = math.floor(step / decay_steps) if is_stair else step / decay_steps
        return lr * math.exp(-rate * p)

    return at


def inverse_decay(lr, rate, decay_steps, is_stair=False):
    def at(step):
        p = math.floor(step / decay_steps) if is_stair else step / decay_steps
        return lr / (1 + rate * p)

    return at


def cosine_decay(min_lr, max_lr, decay_steps):
    def at(step):
        return min_lr + 0.5 * (max_lr - min_lr) * (1 + math.cos(math.pi * min(step, decay_steps) / decay_steps))

    return at


def polynomial_decay(lr, end_lr, decay_steps, power, update_decay_steps=False):
    def at(step):
        if update_decay_steps:
            span = decay_steps * max(math.ceil(step / decay_steps), 1)
            t = step
        else:
            span = decay_steps
            t = min(step, decay_steps)
        return (lr - end_lr) * (1 - t / span) ** power + end_lr

    return at


def warm_up(lr, warmup_steps):
    def at(step):
        return lr * min(step, warmup_steps) / warmup_steps

    return at


LISTS = [
    ("exponentialDecayLr", exponential_decay_lr, [0.1, 0.9, 12, 2, 1], {}),
    ("exponentialDecayLr", exponential_decay_lr, [0.1, 0.9, 15, 2, 3], {"isStair": False}),
    ("exponentialDecayLr", exponential_decay_lr, [0.2, 0.5, 15, 2, 3], {"isStair": True}),
    ("naturalExpDecayLr", natural_exp_decay_lr, [0.1, 0.9, 12, 2, 2], {"isStair": True}),
    ("naturalExpDecayLr", natural_exp_decay_lr, [0.1, 0.3, 12, 3, 2], {}),
    ("inverseDecayLr", inverse_decay_lr, [0.1, 0.5, 10, 1, 1], {"isStair": True}),
    ("inverseDecayLr", inverse_decay_lr, [0.1, 0.5, 14, 2, 3], {}),
    ("inverseDecayLr", inverse_decay_lr, [0.1, 0.5, 14, 2, 3], {"isStair": True}),
    ("cosineDecayLr", cosine_decay_lr, [0.01, 0.1, 12, 2, 2], {}),
    ("cosineDecayLr", cosine_decay_lr, [0.0, 0.5, 20, 3, 5], {}),
    ("polynomialDecayLr", polynomial_decay_lr, [0.1, 0.01, 12, 2, 2, 0.5], {}),
    ("polynomialDecayLr", polynomial_decay_lr, [0.1, 0.01, 16, 1, 3, 2.0], {}),
    ("polynomialDecayLr", polynomial_decay_lr, [0.1, 0.01, 16, 1, 3, 2.0], {"updateDecayEpoch": True}),
    ("polynomialDecayLr", polynomial_decay_lr, [0.1, 0.0, 12, 2, 2, 1.0], {"updateDecayEpoch": True}),
    ("warmupLr", warmup_lr, [0.1, 12, 2, 2], {}),
    ("warmupLr", warmup_lr, [0.3, 10, 3, 4], {}),
    ("piecewiseConstantLr", piecewise_constant_lr, [[2, 5, 10], [0.1, 0.05, 0.01]], {}),
    ("piecewiseConstantLr", piecewise_constant_lr, [[1, 4, 5, 9], [0.3, 0.2, 0.1, 0.05]], {}),
]

SCHEDULES = [
    ("ExponentialDecayLR", exponential_decay, [0.1, 0.9, 4], {}),
    ("ExponentialDecayLR", exponential_decay, [0.1, 0.9, 4], {"isStair": True}),
    ("NaturalExpDecayLR", natural_exp_decay, [0.1, 0.9, 4], {}),
    ("NaturalExpDecayLR", natural_exp_decay, [0.1, 0.9, 4], {"isStair": True}),
    ("InverseDecayLR", inverse_decay, [0.1, 0.9, 4], {}),
    ("InverseDecayLR", inverse_decay, [0.1, 0.9, 4], {"isStair": True}),
    ("CosineDecayLR", cosine_decay, [0.01, 0.1, 4], {}),
    ("CosineDecayLR", cosine_decay, [0.0, 1.0, 7], {}),
    ("PolynomialDecayLR", polynomial_decay, [0.1, 0.01, 4, 0.5], {}),
    ("PolynomialDecayLR", polynomial_decay, [0.1, 0.01, 4, 2.0], {"updateDecaySteps": True}),
    ("WarmUpLR", warm_up, [0.1, 2], {}),
    ("WarmUpLR", warm_up, [0.5, 7], {}),
]

SNAKE = {
    "isStair": "is_stair",
    "updateDecayEpoch": "update_decay_epoch",
    "updateDecaySteps": "update_decay_steps",
}


def kwargs(options):
    return {SNAKE[k]: v for k, v in options.items()}


def main():
    lists = [
        {"fn": name, "args": args, "options": options, "expected": fn(*args, **kwargs(options))}
        for name, fn, args, options in LISTS
    ]
    steps = list(range(16))
    schedules = [
        {
            "cls": name,
            "args": args,
            "options": options,
            "steps": steps,
            "expected": [make(*args, **kwargs(options))(s) for s in steps],
        }
        for name, make, args, options in SCHEDULES
    ]
    data = {"lists": lists, "schedules": schedules}
    with open(os.path.join(HERE, "..", "fixtures", "nn-lr-schedules.json"), "w") as f:
        json.dump(data, f, indent=1)


if __name__ == "__main__":
    main()
