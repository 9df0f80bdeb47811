"""PyTorch reference gradients for @gradkit/autograd's composed-function tests.

Run with Debian's python3-torch and python3-numpy:
    /usr/bin/python3 packages/autograd/scripts/generate_fixtures.py
Writes packages/autograd/fixtures/pytorch-gradients.json. Everything is float64 so the
TypeScript side can compare tightly.
"""

import json
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = np.random.RandomState(20240611)


def t(shape, scale=1.0):
    return torch.tensor(rng.standard_normal(shape) * scale, requires_grad=True)


def lists(x):
    return x.detach().numpy().tolist()


def case(name, fn, inputs, constants=None):
    """Value of fn(*inputs) and its gradient with respect to every input."""
    value = fn(*inputs)
    grads = torch.autograd.grad(value, inputs)
    return {
        "name": name,
        "inputs": [lists(x) for x in inputs],
        "constants": constants or {},
        "value": value.item(),
        "grads": [lists(g) for g in grads],
    }


fixtures = {}

# Softmax cross-entropy with integer labels, mean over the batch.
labels = [1, 4, 0, 2]
fixtures["softmaxCrossEntropy"] = case(
    "softmax cross-entropy",
    lambda logits: F.cross_entropy(logits, torch.tensor(labels)),
    [t((4, 5), 2.0)],
    {"labels": labels},
)

# A weighted logsumexp over the last axis.
weights = [0.5, -1.0, 2.0]
fixtures["logSumExp"] = case(
    "logsumexp",
    lambda x: (torch.logsumexp(x, dim=1) * torch.tensor(weights)).sum(),
    [t((3, 4), 3.0)],
    {"weights": weights},
)

# conv2d -> relu -> maxPool2d -> flatten -> matmul -> tanh -> sum of squares.
def conv_chain(x, w1, b1, w2):
    h = F.conv2d(x, w1, b1, stride=1, padding=1)
    h = F.max_pool2d(torch.relu(h), kernel_size=2, stride=2)
    h = h.reshape(h.shape[0], -1)
    return (torch.tanh(h @ w2) ** 2).sum()


fixtures["convPoolMatmul"] = case(
    "conv2d + maxPool2d + matmul chain",
    conv_chain,
    [t((2, 1, 6, 6)), t((3, 1, 3, 3), 0.5), t((3,), 0.1), t((27, 4), 0.3)],
)

# Broadcasting chain: [3, 1], [1, 4] and [4] meet in one expression.
def broadcast_chain(a, b, c):
    s = a * b + c
    return (s * s / (1 + torch.exp(a - c)) + torch.maximum(a, b) * c).sum()


fixtures["broadcastChain"] = case(
    "broadcasting chain",
    broadcast_chain,
    [t((3, 1)), t((1, 4)), t((4,))],
)

# First, second and third derivatives of a scalar function, elementwise in x.
x = t((5,))
def scalar_fn(v):
    return (torch.sin(v) * v ** 3 + torch.exp(-v * v)).sum()

(d1,) = torch.autograd.grad(scalar_fn(x), x, create_graph=True)
(d2,) = torch.autograd.grad(d1.sum(), x, create_graph=True)
(d3,) = torch.autograd.grad(d2.sum(), x)
fixtures["higherOrder"] = {
    "name": "sum(sin(x) x^3 + exp(-x^2)) and its derivatives",
    "inputs": [lists(x)],
    "first": lists(d1),
    "second": lists(d2),
    "third": lists(d3),
}

# Hessian-vector product of a non-separable function.
hvp_matrix = rng.standard_normal((3, 5)).tolist()
def hvp_fn(v):
    return torch.logsumexp(torch.tensor(hvp_matrix) @ v, dim=0) + (v ** 4).sum() / 4

point = torch.tensor(rng.standard_normal(5))
direction = torch.tensor(rng.standard_normal(5))
value, product = torch.autograd.functional.hvp(hvp_fn, point, direction)
fixtures["hvp"] = {
    "name": "logsumexp(M x) + sum(x^4) / 4",
    "matrix": hvp_matrix,
    "x": lists(point),
    "v": lists(direction),
    "value": value.item(),
    "hvp": lists(product),
}

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "pytorch-gradients.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "fixtures": fixtures}, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(out))
