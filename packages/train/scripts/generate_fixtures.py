"""PyTorch reference values for @gradkit/train's layers and losses.

Run with Debian's python3-torch and python3-numpy:
    /usr/bin/python3 packages/train/scripts/generate_fixtures.py
Writes packages/train/fixtures/layers.json and losses.json. Inputs are float64 numbers that
the tests load as float32, so every reference value is computed from float32-rounded inputs.
MindSpore's pad modes are spelled out with F.pad: 'same' pads ceil-output style with the odd
extra row/column at the bottom/right.
"""

import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = np.random.RandomState(20240612)


def t(*shape, scale=1.0):
    # Round through float32 so both sides start from identical values.
    return torch.tensor(rng.standard_normal(shape).astype(np.float32).astype(np.float64) * scale)


def lists(x):
    return x.detach().numpy().tolist()


def same_pads(size, kernel, stride, dilation=(1, 1)):
    pads = []
    for axis in range(2):
        out = math.ceil(size[axis] / stride[axis])
        span = (kernel[axis] - 1) * dilation[axis] + 1
        total = max((out - 1) * stride[axis] + span - size[axis], 0)
        pads.append((total // 2, total - total // 2))
    (top, bottom), (left, right) = pads
    return [top, bottom, left, right]


def pad_nchw(x, p, value=0.0):
    top, bottom, left, right = p
    return F.pad(x, (left, right, top, bottom), value=value)


layers = {}

# Dense: y = x W^T + b, with and without relu.
x = t(4, 5)
w = t(3, 5)
b = t(3)
layers["dense"] = {
    "x": lists(x), "weight": lists(w), "bias": lists(b),
    "y": lists(F.linear(x, w, b)), "yRelu": lists(F.relu(F.linear(x, w, b))),
    "yNoBias": lists(F.linear(x, w)),
}

# Conv2d in each pad mode.
conv_cases = []
for name, cin, cout, kernel, stride, dilation, group, mode, padding, size in [
    ("same-even-kernel", 3, 4, (3, 2), (1, 1), (1, 1), 1, "same", 0, (7, 6)),
    ("same-stride-2", 3, 4, (3, 3), (2, 2), (1, 1), 1, "same", 0, (7, 6)),
    ("valid", 3, 4, (3, 3), (1, 1), (1, 1), 1, "valid", 0, (7, 6)),
    ("valid-stride-dilation", 3, 2, (2, 3), (2, 1), (2, 1), 1, "valid", 0, (7, 6)),
    ("pad-asymmetric", 3, 4, (3, 3), (1, 2), (1, 1), 1, "pad", [1, 2, 0, 1], (7, 6)),
    ("pad-groups", 4, 6, (3, 3), (1, 1), (1, 1), 2, "pad", 1, (5, 5)),
]:
    x = t(2, cin, *size)
    w = t(cout, cin // group, *kernel, scale=0.5)
    b = t(cout)
    if mode == "same":
        p = same_pads(size, kernel, stride, dilation)
    elif mode == "valid":
        p = [0, 0, 0, 0]
    else:
        p = [padding] * 4 if isinstance(padding, int) else padding
    y = F.conv2d(pad_nchw(x, p), w, b, stride=stride, dilation=dilation, groups=group)
    conv_cases.append({
        "name": name, "inChannels": cin, "outChannels": cout, "kernelSize": list(kernel),
        "stride": list(stride), "dilation": list(dilation), "group": group, "padMode": mode,
        "padding": padding, "x": lists(x), "weight": lists(w), "bias": lists(b), "y": lists(y),
    })
layers["conv2d"] = conv_cases

# Pools: MindSpore's 'same' max pads with -inf; 'same' avg does not count the padding;
# 'pad' avg counts it (count_include_pad=True).
pool_cases = []
for name, kernel, stride, mode, padding, size in [
    ("valid-2x2", (2, 2), (2, 2), "valid", 0, (6, 6)),
    ("valid-3x3-stride-2", (3, 3), (2, 2), "valid", 0, (7, 6)),
    ("same-3x3-stride-2", (3, 3), (2, 2), "same", 0, (7, 6)),
    ("same-2x2-stride-1", (2, 2), (1, 1), "same", 0, (5, 5)),
    ("pad-3x3-1", (3, 3), (1, 1), "pad", 1, (5, 6)),
]:
    x = t(2, 3, *size)
    if mode == "same":
        p = same_pads(size, kernel, stride)
    elif mode == "valid":
        p = [0, 0, 0, 0]
    else:
        p = [padding] * 4
    ymax = F.max_pool2d(pad_nchw(x, p, -math.inf), kernel, stride)
    sums = F.avg_pool2d(pad_nchw(x, p), kernel, stride)
    if mode == "same":
        counts = F.avg_pool2d(pad_nchw(torch.ones_like(x), p), kernel, stride)
        yavg = sums / counts
    else:
        yavg = sums
    pool_cases.append({
        "name": name, "kernelSize": list(kernel), "stride": list(stride), "padMode": mode,
        "padding": padding, "x": lists(x), "max": lists(ymax), "avg": lists(yavg),
    })
layers["pool2d"] = pool_cases

# BatchNorm: two training steps (momentum 0.1 in PyTorch = 0.9 in MindSpore), then eval.
for name, shape, module in [("batchNorm1d", (6, 4), torch.nn.BatchNorm1d(4)),
                            ("batchNorm2d", (3, 4, 3, 2), torch.nn.BatchNorm2d(4))]:
    gamma = t(4)
    beta = t(4)
    with torch.no_grad():
        module.weight.copy_(gamma)
        module.bias.copy_(beta)
    x1, x2, x3 = t(*shape), t(*shape, scale=2.0), t(*shape)
    module.train()
    y1 = module(x1)
    y2 = module(x2)
    module.eval()
    y3 = module(x3)
    layers[name] = {
        "gamma": lists(gamma), "beta": lists(beta), "x1": lists(x1), "x2": lists(x2),
        "x3": lists(x3), "y1": lists(y1), "y2": lists(y2), "yEval": lists(y3),
        "movingMean": lists(module.running_mean), "movingVariance": lists(module.running_var),
    }

# LayerNorm over the last one and the last two axes, eps 1e-7 (MindSpore's default).
ln = []
for shape, normalized in [((3, 5), (5,)), ((2, 3, 4), (3, 4))]:
    x = t(*shape, scale=3.0)
    gamma = t(*normalized)
    beta = t(*normalized)
    y = F.layer_norm(x, normalized, gamma, beta, eps=1e-7)
    ln.append({"normalizedShape": list(normalized), "x": lists(x), "gamma": lists(gamma),
               "beta": lists(beta), "y": lists(y)})
layers["layerNorm"] = ln

table = t(7, 3)
ids = [[1, 4, 4], [6, 0, 2]]
layers["embedding"] = {"table": lists(table), "ids": ids,
                       "y": lists(F.embedding(torch.tensor(ids), table))}

losses = {}
reductions = ["none", "mean", "sum"]

logits = t(5, 4, scale=2.0)
labels = [1, 3, 0, 3, 2]
soft = torch.softmax(t(5, 4), dim=1)
weight = torch.tensor([0.5, 1.0, 2.0, 1.5])
ignored = [1, -100, 0, 3, -100]
losses["inputs"] = {"logits": lists(logits), "labels": labels, "probabilities": lists(soft),
                    "weight": lists(weight), "labelsWithIgnored": ignored}
ce = {}
for r in reductions:
    ce[r] = {
        "plain": lists(F.cross_entropy(logits, torch.tensor(labels), reduction=r)),
        "weighted": lists(F.cross_entropy(logits, torch.tensor(labels), weight=weight, reduction=r)),
        "ignored": lists(F.cross_entropy(logits, torch.tensor(ignored), weight=weight, reduction=r)),
        "smoothed": lists(F.cross_entropy(logits, torch.tensor(ignored), weight=weight,
                                          label_smoothing=0.2, reduction=r)),
        "probabilities": lists(F.cross_entropy(logits, soft, reduction=r)),
        "probabilitiesSmoothed": lists(F.cross_entropy(logits, soft, weight=weight,
                                                       label_smoothing=0.1, reduction=r)),
    }
losses["crossEntropy"] = ce

# A spatial case: logits [N, C, d] and targets [N, d].
spatial_logits = t(2, 3, 4)
spatial_labels = [[0, 2, 1, 1], [2, 2, 0, 1]]
losses["crossEntropySpatial"] = {
    "logits": lists(spatial_logits), "labels": spatial_labels,
    **{r: lists(F.cross_entropy(spatial_logits, torch.tensor(spatial_labels), reduction=r))
       for r in reductions},
}

logp = torch.log_softmax(logits, dim=1)
losses["nll"] = {r: {
    "plain": lists(F.nll_loss(logp, torch.tensor(labels), reduction=r)),
    "ignored": lists(F.nll_loss(logp, torch.tensor(ignored), weight=weight, reduction=r)),
} for r in reductions}

a = t(3, 4)
b = t(3, 4)
targets = torch.tensor(rng.uniform(size=(3, 4)).astype(np.float32).astype(np.float64))
bce_weight = t(3, 4).abs()
pos_weight = torch.tensor([1.0, 2.0, 0.5, 3.0])
losses["elementwise"] = {"a": lists(a), "b": lists(b), "targets": lists(targets),
                         "bceWeight": lists(bce_weight), "posWeight": lists(pos_weight)}
for r in reductions:
    losses["elementwise"][r] = {
        "mse": lists(F.mse_loss(a, b, reduction=r)),
        "l1": lists(F.l1_loss(a, b, reduction=r)),
        "smoothL1": lists(F.smooth_l1_loss(a, b, reduction=r, beta=1.0)),
        "smoothL1Beta": lists(F.smooth_l1_loss(a, b, reduction=r, beta=0.5)),
        "bce": lists(F.binary_cross_entropy_with_logits(a, targets, reduction=r)),
        "bceWeighted": lists(F.binary_cross_entropy_with_logits(
            a, targets, weight=bce_weight, pos_weight=pos_weight, reduction=r)),
    }

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
os.makedirs(here, exist_ok=True)
for name, data in [("layers", layers), ("losses", losses)]:
    with open(os.path.join(here, f"{name}.json"), "w") as f:
        json.dump(data, f)
print("wrote", here)
