"""PyTorch reference values and gradients of the class losses on logits masked with -inf.

Run with Debian's python3-torch:
    /usr/bin/python3 packages/train/scripts/generate_masked_loss_fixtures.py
Writes packages/train/fixtures/losses-masked.json. -inf is written as the string
"-Infinity" (JSON has no infinities); the values are exact in float32.
"""

import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
INF = float("inf")


def encode(value):
    if isinstance(value, list):
        return [encode(v) for v in value]
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


logits = [[0.0, -INF, 0.0], [1.5, -0.5, -INF], [-INF, 2.0, -INF], [0.25, 0.5, -1.0]]
labels = [0, 1, 1, -100]
weight = [0.5, 2.0, 1.5]


def case(loss_fn):
    """Loss per reduction and the gradient of the 'sum' reduction."""
    out = {}
    for reduction in ("none", "mean", "sum"):
        x = torch.tensor(logits, requires_grad=True)
        value = loss_fn(x, reduction)
        out[reduction] = encode(value.detach().tolist())
        if reduction == "sum":
            (gradient,) = torch.autograd.grad(value, x)
            out["grad"] = encode(gradient.tolist())
    return out


target = torch.tensor(labels)
fixtures = {
    "logits": encode(logits),
    "labels": labels,
    "weight": weight,
    "crossEntropy": case(lambda x, r: F.cross_entropy(x, target, reduction=r)),
    "crossEntropyWeighted": case(
        lambda x, r: F.cross_entropy(x, target, weight=torch.tensor(weight), reduction=r)
    ),
    "nll": case(lambda x, r: F.nll_loss(F.log_softmax(x, 1), target, reduction=r)),
    # Label smoothing averages log-probabilities of every class, so a masked class makes it
    # infinite in PyTorch too; only the value is recorded.
    "crossEntropySmoothedMean": encode(
        F.cross_entropy(torch.tensor(logits), target, label_smoothing=0.1).item()
    ),
}

path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "losses-masked.json")
with open(path, "w") as f:
    json.dump(fixtures, f, indent=1, allow_nan=False)
    f.write("\n")
print("wrote", os.path.normpath(path))
