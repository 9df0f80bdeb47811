"""PyTorch reference values and gradients for logits masked with -inf.

Run with Debian's python3-torch:
    /usr/bin/python3 packages/autograd/scripts/generate_masked_logit_fixtures.py
Writes packages/autograd/fixtures/pytorch-masked-logits.json, in float64. JSON has no
infinities, so -inf is written as the string "-Infinity" (and +inf, NaN likewise).
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
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def case(fn, logits, weights):
    """fn(x) * weights summed (a scalar), its value per entry, and the gradient."""
    x = torch.tensor(logits, requires_grad=True)
    out = fn(x)
    total = (out * torch.tensor(weights)).sum() if weights is not None else out.sum()
    (gradient,) = torch.autograd.grad(total, x)
    return {
        "logits": encode(logits),
        "weights": weights,
        "output": encode(out.detach().tolist()),
        "grad": encode(gradient.tolist()),
    }


masked = [[0.0, -INF, 0.0], [1.5, -0.5, -INF], [-INF, 2.0, -INF]]
weights = [[1.0, 2.0, -1.0], [0.5, -2.0, 3.0], [1.0, 1.0, 1.0]]
labels = [0, 1, 1]

fixtures = {
    "logSoftmax": case(lambda x: F.log_softmax(x, dim=1), masked, None),
    # Weights on the -inf entries would give -inf * w; weight only finite outputs.
    "logSoftmaxWeighted": case(
        lambda x: torch.where(torch.isinf(x), torch.zeros(()), F.log_softmax(x, dim=1)),
        masked,
        weights,
    ),
    "softmax": case(lambda x: F.softmax(x, dim=1), masked, weights),
    "logSumExp": case(lambda x: torch.logsumexp(x, dim=1), masked, None),
    "crossEntropy": {
        **case(lambda x: F.cross_entropy(x, torch.tensor(labels)), masked, None),
        "labels": labels,
    },
    "crossEntropyPaper": case(
        lambda x: F.cross_entropy(x, torch.tensor([0])), [[0.0, -INF, 0.0]], None
    ),
}

path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "pytorch-masked-logits.json")
with open(path, "w") as f:
    json.dump(fixtures, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
