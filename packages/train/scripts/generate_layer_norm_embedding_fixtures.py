"""Writes fixtures/layers-ms-axes.json: LayerNorm with MindSpore's begin axes, Embedding padding.

Run with Debian's interpreter, which has python3-torch (1.13) and numpy:

    /usr/bin/python3 packages/train/scripts/generate_layer_norm_embedding_fixtures.py

- layerNorm: MindSpore's nn.LayerNorm(normalized_shape, begin_norm_axis, begin_params_axis,
  epsilon): mean and (biased) variance over the axes begin_norm_axis..rank-1,
  y = (x - mean)/sqrt(var + epsilon)*gamma + beta with gamma and beta of shape
  normalized_shape = x.shape[begin_params_axis:], broadcast over the leading axes. The
  reference is numpy in float64 from float32 inputs; where begin_norm_axis equals
  begin_params_axis it is also torch.nn.functional.layer_norm, and the two are checked to
  agree. Each case also has the gradients of sum(y * w) for a fixed w (numpy's from torch's
  autograd in float64 on the same formula).
- embedding: torch.nn.Embedding(padding_idx=...) from a given table: the lookups and the
  table's gradient of sum(out * w) (the padding row's is zero).
"""

import json
import os

import numpy as np
import torch

HERE = os.path.dirname(__file__)


def flat(a):
    return [float(x) for x in np.asarray(a, dtype=np.float64).reshape(-1).tolist()]


def layer_norm_case(gen, input_shape, normalized_shape, begin_norm_axis, begin_params_axis, epsilon):
    x = torch.randn(*input_shape, generator=gen, dtype=torch.float32)
    gamma = 1 + 0.5 * torch.randn(*normalized_shape, generator=gen, dtype=torch.float32)
    beta = 0.5 * torch.randn(*normalized_shape, generator=gen, dtype=torch.float32)
    w = torch.randn(*input_shape, generator=gen, dtype=torch.float32)
    rank = len(input_shape)
    na = begin_norm_axis % rank
    pa = begin_params_axis % rank
    assert tuple(input_shape[pa:]) == tuple(normalized_shape)
    axes = tuple(range(na, rank))

    # float64 autograd on the formula (numpy-equivalent ops), for values and gradients.
    x64 = x.double().requires_grad_(True)
    g64 = gamma.double().requires_grad_(True)
    b64 = beta.double().requires_grad_(True)
    mean = x64.mean(dim=axes, keepdim=True)
    var = ((x64 - mean) ** 2).mean(dim=axes, keepdim=True)
    y = (x64 - mean) / torch.sqrt(var + epsilon) * g64 + b64
    (y * w.double()).sum().backward()

    # numpy, independently, for the values.
    xn = x.numpy().astype(np.float64)
    mn = xn.mean(axis=axes, keepdims=True)
    vn = xn.var(axis=axes, keepdims=True)
    yn = (xn - mn) / np.sqrt(vn + epsilon) * gamma.numpy().astype(np.float64) + beta.numpy().astype(np.float64)
    assert np.allclose(yn, y.detach().numpy(), rtol=1e-12, atol=1e-12)
    if na == pa:
        yt = torch.nn.functional.layer_norm(x, list(input_shape[na:]), gamma, beta, epsilon)
        assert np.allclose(yt.numpy(), yn, rtol=1e-5, atol=1e-5)

    return {
        "inputShape": list(input_shape),
        "normalizedShape": list(normalized_shape),
        "beginNormAxis": begin_norm_axis,
        "beginParamsAxis": begin_params_axis,
        "epsilon": epsilon,
        "x": flat(x),
        "gamma": flat(gamma),
        "beta": flat(beta),
        "w": flat(w),
        "y": flat(yn),
        "dx": flat(x64.grad),
        "dgamma": flat(g64.grad),
        "dbeta": flat(b64.grad),
    }


def main():
    gen = torch.Generator().manual_seed(4321)
    cases = [
        # (input shape, normalized shape, begin_norm_axis, begin_params_axis, epsilon)
        ((2, 3, 4), (4,), -1, -1, 1e-7),
        ((2, 3, 4), (3, 4), 1, 1, 1e-5),
        ((2, 3, 4), (3, 4), -2, -2, 1e-7),
        ((2, 3, 4), (4,), 1, -1, 1e-7),
        ((2, 3, 4), (3, 4), -1, 1, 1e-6),
        ((2, 2, 3, 3), (2, 3, 3), 1, 1, 1e-7),
        ((2, 2, 3, 3), (3, 3), 1, 2, 1e-7),
        ((3, 5), (5,), 0, 1, 1e-7),
    ]
    layer_norm = [layer_norm_case(gen, *c) for c in cases]

    table = torch.randn(6, 3, generator=gen, dtype=torch.float32)
    ids = torch.tensor([[1, 2, 2], [5, 1, 0]], dtype=torch.int64)
    embedding = {}
    for padding_idx in (2, 0):
        emb = torch.nn.Embedding(6, 3, padding_idx=padding_idx)
        with torch.no_grad():
            emb.weight.copy_(table)
        w = torch.randn(2, 3, 3, generator=gen, dtype=torch.float32)
        out = emb(ids)
        (out * w).sum().backward()
        embedding[str(padding_idx)] = {
            "paddingIdx": padding_idx,
            "w": flat(w),
            "y": flat(out.detach()),
            "dtable": flat(emb.weight.grad),
        }
    data = {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "layerNorm": layer_norm,
        "embedding": {"table": flat(table), "ids": ids.tolist(), "cases": embedding},
    }
    with open(os.path.join(HERE, "..", "fixtures", "layers-ms-axes.json"), "w") as f:
        json.dump(data, f, indent=1)


if __name__ == "__main__":
    main()
