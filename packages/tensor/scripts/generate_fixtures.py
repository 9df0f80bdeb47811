"""Reference fixtures for every op of @gradkit/tensor, computed with NumPy and PyTorch.

Run from the repository root with Debian's Python, which has numpy 1.24 and torch 1.13
(the pyenv `python3` on PATH has neither):

    /usr/bin/python3 packages/tensor/scripts/generate_fixtures.py

It writes packages/tensor/fixtures/ops.json, which src/ops/reference.test.ts replays
against the library. The output is deterministic: every op family draws its inputs from
its own `numpy.random.default_rng(seed)`, so adding cases to one family leaves the
others' inputs unchanged.

Each case is
    {"name": unique id, "op": op name, "inputs": [tensor, ...], "params": {...},
     "expected": tensor | [tensor, ...]}
with tensor = {"values": flat row-major list, "shape": [...], "dtype": "float32" | ...}.
NaN and infinities are written as the strings "NaN", "Infinity" and "-Infinity"
(JSON has no literal for them), bools as 0 / 1, float32 values as the shortest decimal
that round-trips to the same float32.

How expected values are computed: float32 inputs are exact float32 numbers; the reference
upcasts them to float64, computes there with NumPy (or PyTorch in float64 where NumPy has
no equivalent: conv2d and its gradients, pooling and its gradients, gelu, softplus, erf,
logsumexp, softmax, log_softmax, leaky_relu, one_hot, index_add) and rounds the result
to float32 once. That is the correctly rounded answer the library should approach.

Dtype rules expected (the library's, which are PyTorch's category order rather than
NumPy's value-based promotion): bool < int32 < float32 < float64; arithmetic on bool
gives int32; true division of integers gives float32; transcendental functions of
int32 / bool give float32; comparisons and logical ops give bool; sum / prod of bool give
int32; mean / variance / norm / logSumExp / softmax of integers give float32.

Backprop primitives (conv2dBackpropInput, conv2dBackpropFilter, maxPool2dBackprop,
avgPool2dBackprop) are not public functions; their expected values are torch autograd
gradients of the forward op for a random upstream gradient dy.
"""

import json
import math
import os
import warnings

import numpy as np
import torch
import torch.nn.functional as F

F32, F64, I32, BOOL = "float32", "float64", "int32", "bool"
NP_DTYPE = {F32: np.float32, F64: np.float64, I32: np.int32, BOOL: np.bool_}
RANK = {BOOL: 0, I32: 1, F32: 2, F64: 3}
INF = math.inf
NAN = math.nan

OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "ops.json")


# --------------------------------------------------------------------------------------
# Tensors, encoding and dtype rules
# --------------------------------------------------------------------------------------


class T:
    """A tensor of the fixture: values stored exactly as the library will store them."""

    def __init__(self, values, dtype, shape=None):
        array = np.asarray(values, dtype=np.float64 if dtype in (F32, F64) else None)
        if shape is not None:
            array = array.reshape(shape)
        self.dtype = dtype
        self.array = array.astype(NP_DTYPE[dtype])

    @property
    def shape(self):
        return list(self.array.shape)

    def f64(self):
        """The values as float64, for computing references."""
        return self.array.astype(np.float64)

    def torch(self, requires_grad=False):
        return torch.tensor(self.f64(), dtype=torch.float64, requires_grad=requires_grad)


def out(values, dtype):
    """An expected output: `values` (any numeric array) rounded once to `dtype`."""
    array = np.asarray(values)
    assert dtype != I32 or array.dtype.kind != "f" or np.all(np.isfinite(array)), "non-finite int32 output"
    return T(array, dtype)


def from_torch(tensor, dtype):
    return out(tensor.detach().numpy(), dtype)


def encode_number(value, dtype):
    if dtype == BOOL:
        return 1 if value else 0
    if dtype == I32:
        return int(value)
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if dtype == F32:
        single = np.float32(value)
        # Integers exactly; other values as the shortest decimal that reads back as the same float32.
        value = float(single) if float(single).is_integer() else float(str(single))
    if value.is_integer() and abs(value) < 2**53 and not (value == 0 and math.copysign(1, value) < 0):
        return int(value)
    return value


def encode(t):
    return {
        "values": [encode_number(v, t.dtype) for v in t.array.reshape(-1).tolist()],
        "shape": t.shape,
        "dtype": t.dtype,
    }


def promote(*dtypes):
    return max(dtypes, key=lambda d: RANK[d])


def floating(dtype):
    """The dtype an op that computes in floating point gives for an input of `dtype`."""
    return dtype if dtype in (F32, F64) else F32


def encode_param(value):
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, (list, tuple)):
        return [encode_param(v) for v in value]
    if isinstance(value, dict):
        return {k: encode_param(v) for k, v in value.items()}
    if isinstance(value, np.integer):
        return int(value)
    return value


class Fixtures:
    def __init__(self):
        self.cases = []
        self.names = set()

    def add(self, name, op, inputs, expected, **params):
        assert name not in self.names, f"duplicate case name {name}"
        self.names.add(name)
        expected_json = [encode(e) for e in expected] if isinstance(expected, list) else encode(expected)
        self.cases.append(
            {
                "name": name,
                "op": op,
                "inputs": [encode(t) for t in inputs],
                "params": {k: encode_param(v) for k, v in params.items() if v is not None},
                "expected": expected_json,
            }
        )


class Draw:
    """Seeded random inputs. float32 values get 3 decimals so the fixture stays readable."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def normal(self, shape, dtype=F32, scale=1.0):
        values = self.rng.standard_normal(shape) * scale
        if dtype == F32:
            values = np.round(values, 3)
        return T(values, dtype, shape)

    def uniform(self, shape, low, high, dtype=F32):
        values = self.rng.uniform(low, high, shape)
        if dtype == F32:
            values = np.round(values, 3)
        return T(values, dtype, shape)

    def ints(self, shape, low, high, dtype=I32):
        return T(self.rng.integers(low, high, shape), dtype, shape)

    def bools(self, shape):
        return T(self.rng.random(shape) < 0.5, BOOL, shape)


def shape_id(shape):
    return "x".join(str(d) for d in shape) if len(shape) > 0 else "scalar"


# --------------------------------------------------------------------------------------
# Creation
# --------------------------------------------------------------------------------------


def creation_cases(fx):
    # Params mirror the call: arange(5) passes only `start`.
    def arange_case(name, params, values, dtype):
        fx.add(f"arange/{name}", "arange", [], out(np.asarray(values, dtype=np.float64), dtype), **params)

    arange_case("stop_only", {"start": 5}, np.arange(5), I32)
    arange_case("start_stop", {"start": 2, "stop": 9}, np.arange(2, 9), I32)
    arange_case("step3", {"start": 0, "stop": 10, "step": 3}, np.arange(0, 10, 3), I32)
    arange_case("negative_step", {"start": 10, "stop": 0, "step": -2}, np.arange(10, 0, -2), I32)
    arange_case("empty", {"start": 5, "stop": 2}, np.arange(5, 2), I32)
    arange_case("float_step", {"start": 0, "stop": 1, "step": 0.1}, [i * 0.1 for i in range(10)], F32)
    arange_case("float_start", {"start": -1.5, "stop": 2.5, "step": 0.5}, np.arange(-1.5, 2.5, 0.5), F32)
    arange_case("negative_float_step", {"start": 1, "stop": 0, "step": -0.25}, [1, 0.75, 0.5, 0.25], F32)
    arange_case("int_args_float32", {"start": 0, "stop": 4, "dtype": F32}, np.arange(4), F32)
    # (1.0 - 0.1) / 0.3 is 3.0000000000000004 in float64, so NumPy gives 4 values.
    arange_case("float64", {"start": 0.1, "stop": 1.0, "step": 0.3, "dtype": F64},
                [0.1 + i * 0.3 for i in range(math.ceil((1.0 - 0.1) / 0.3))], F64)

    def linspace(name, start, stop, num, endpoint=None, dtype=None):
        values = np.linspace(start, stop, num, endpoint=endpoint if endpoint is not None else True)
        fx.add(f"linspace/{name}", "linspace", [], out(values, dtype or F32), start=start, stop=stop, num=num,
               endpoint=endpoint, dtype=dtype)

    linspace("0_1_5", 0, 1, 5)
    linspace("no_endpoint", 0, 1, 5, endpoint=False)
    linspace("decreasing", 1, -2, 4)
    linspace("num1", -1, 1, 1)
    linspace("num0", 2, 3, 0)
    linspace("thirds", 0, 1, 4)
    linspace("float64", 0, 1, 7, dtype=F64)
    linspace("int32", 0, 10, 4, dtype=I32)

    def eye(name, n, m=None, dtype=None):
        values = np.eye(n, m if m is not None else n)
        fx.add(f"eye/{name}", "eye", [], out(values, dtype or F32), n=n, m=m, dtype=dtype)

    eye("3", 3)
    eye("2x4", 2, 4)
    eye("4x2_int32", 4, 2, I32)
    eye("3_bool", 3, 3, BOOL)
    eye("0", 0)
    eye("1_float64", 1, 1, F64)

    def full(name, shape, value, dtype=None):
        result = dtype or (BOOL if isinstance(value, bool) else F32)
        fx.add(f"full/{name}", "full", [], out(np.full(shape, value, dtype=np.float64), result), shape=shape,
               value=value, dtype=dtype)

    full("2x3_float", [2, 3], 1.5)
    full("int32", [2], 7, I32)
    full("bool_scalar", [], True)
    full("empty", [2, 0], 3.0)
    full("float64", [3], 0.1, F64)
    full("int32_truncates", [2], -2.7, I32)
    fx.add("zeros/2x2", "zeros", [], out(np.zeros([2, 2]), F32), shape=[2, 2])
    fx.add("zeros/int32", "zeros", [], out(np.zeros([3]), I32), shape=[3], dtype=I32)
    fx.add("ones/2x1x2", "ones", [], out(np.ones([2, 1, 2]), F32), shape=[2, 1, 2])
    fx.add("ones/bool", "ones", [], out(np.ones([2]), BOOL), shape=[2], dtype=BOOL)
    fx.add("ones/float64", "ones", [], out(np.ones([2]), F64), shape=[2], dtype=F64)
    fx.add("scalar/float", "scalar", [], out(2.5, F32), value=2.5)
    fx.add("scalar/int32", "scalar", [], out(3, I32), value=3, dtype=I32)
    fx.add("scalar/bool", "scalar", [], out(False, BOOL), value=False)
    # tensor(values, shape, dtype) with the raw float64 values in params.
    fx.add("tensor/float32_rounding", "tensor", [], out([0.1, 1 / 3, 16777217.0], F32),
           values=[0.1, 1 / 3, 16777217.0], shape=[3], dtype=F32)
    fx.add("tensor/int32_truncates", "tensor", [], out(np.array([[1, -1], [0, 2]]), I32), values=[1.9, -1.9, 0, 2.5],
           shape=[2, 2], dtype=I32)
    fx.add("tensor/float64_exact", "tensor", [], out([0.1, 1 / 3], F64), values=[0.1, 1 / 3], shape=[2],
           dtype=F64)


# --------------------------------------------------------------------------------------
# Unary elementwise
# --------------------------------------------------------------------------------------

SPECIAL = [NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 30.0, -30.0, 1e-7]


def erf_ref(x):
    return torch.special.erf(torch.tensor(x, dtype=torch.float64)).numpy()


def sigmoid_ref(x):
    return torch.sigmoid(torch.tensor(x, dtype=torch.float64)).numpy()


def rsqrt_ref(x):
    with np.errstate(all="ignore"):
        return 1 / np.sqrt(x)


def reciprocal_ref(x):
    with np.errstate(all="ignore"):
        return 1 / x


FLOAT_UNARY = {
    # op: (reference, domain of random inputs)
    "exp": (np.exp, (-3, 3)),
    "log": (np.log, (0.01, 5)),
    "log1p": (np.log1p, (-0.9, 3)),
    "expm1": (np.expm1, (-3, 3)),
    "sqrt": (np.sqrt, (0, 9)),
    "rsqrt": (rsqrt_ref, (0.01, 9)),
    "reciprocal": (reciprocal_ref, (-4, 4)),
    "sin": (np.sin, (-6, 6)),
    "cos": (np.cos, (-6, 6)),
    "tanh": (np.tanh, (-4, 4)),
    "sigmoid": (sigmoid_ref, (-8, 8)),
    "erf": (erf_ref, (-3, 3)),
}


def unary_cases(fx):
    draw = Draw(101)

    def add(name, op, x, reference, dtype=None):
        with np.errstate(all="ignore"):
            expected = reference(x.f64())
        fx.add(f"{op}/{name}", op, [x], out(expected, dtype or x.dtype))

    for op, (reference, (low, high)) in FLOAT_UNARY.items():
        add("random_2x3", op, draw.uniform([2, 3], low, high), reference)
        add("special_values", op, T(SPECIAL, F32), reference)
        add("int32_to_float32", op, T([0, 1, 2, 3] if op not in ("log", "rsqrt") else [1, 2, 3, 4], I32), reference, F32)
        add("float64", op, draw.uniform([5], low, high, F64), reference)
        add("rank0", op, T(0.5, F32), reference)
    add("bool_to_float32", "exp", T([True, False], BOOL), np.exp, F32)
    add("overflow", "exp", T([88.0, 89.0, 100.0, 1000.0, -100.0, -1000.0], F32), np.exp)
    add("float64_no_overflow", "exp", T([100.0, 709.0, 710.0, -745.0], F64), np.exp)
    add("negative_zero", "log", T([-1.0, 0.0, -0.0, -INF, 1e-30], F32), np.log)
    add("negative", "sqrt", T([-1.0, -0.0, -1e-20, 4.0], F32), np.sqrt)
    add("zero_and_negative", "rsqrt", T([0.0, -0.0, -4.0, INF], F32), rsqrt_ref)
    add("signed_zero", "reciprocal", T([0.0, -0.0, INF, -INF], F32), reciprocal_ref)
    add("domain_edges", "log1p", T([-1.0, -1.5, 1e-10, -1e-10], F32), np.log1p)
    add("tiny", "expm1", T([1e-10, -1e-10, 1e-5, 89.0], F32), np.expm1)
    add("saturates", "sigmoid", T([-100.0, -30.0, 30.0, 100.0, -1000.0], F32), sigmoid_ref)
    add("saturates", "tanh", T([-20.0, 20.0, 1e-8], F32), np.tanh)
    add("tails", "erf", T([-7.0, -4.0, -3.5, 3.5, 4.0, 6.5, 1e-8], F32), erf_ref)
    add("tails_float64", "erf", T([-5.0, -3.2, -2.9, 0.001, 2.9, 3.2, 4.5, 5.9, 6.1], F64), erf_ref)
    add("large_args_float64", "sin", T([1e6, -12345.678, 100.0], F64), np.sin)

    # Sign-preserving ops keep int32 and reject bool.
    for op, reference in (("neg", np.negative), ("abs", np.abs), ("sign", np.sign)):
        add("random_2x3", op, draw.normal([2, 3]), reference)
        add("special_values", op, T(SPECIAL, F32), reference)
        add("int32", op, T([-3, 0, 5, -2147483647], I32), reference)
        add("float64", op, draw.normal([4], F64), reference)
    add("zeros", "sign", T([0.0, -0.0, 1e-30, -1e-30], F32), np.sign)

    # Rounding: identity on integers, half to even for round.
    halves = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -3.7, 3.7, 0.49999997, -0.0, NAN, INF, -INF]
    for op, reference in (("floor", np.floor), ("ceil", np.ceil), ("round", np.round)):
        add("random_2x3", op, draw.normal([2, 3], scale=3), reference)
        add("halves_and_specials", op, T(halves, F32), reference)
        add("int32_identity", op, T([-3, 0, 7], I32), reference)
        add("float64", op, T([2.5, -2.5, 1e15 + 0.5, 4503599627370497.0, -0.4999999999999999], F64), reference)

    # Logical and predicates.
    add("bool", "logicalNot", T([True, False, True], BOOL), np.logical_not, BOOL)
    add("float_input", "logicalNot", T([0.0, -0.0, 2.5, NAN, -INF], F32), np.logical_not, BOOL)
    add("int32_input", "logicalNot", T([0, 1, -3], I32), np.logical_not, BOOL)
    add("float32", "isNaN", T(SPECIAL, F32), np.isnan, BOOL)
    add("float64", "isNaN", T([NAN, 1.0, INF], F64), np.isnan, BOOL)
    add("int32", "isNaN", T([0, 5], I32), np.isnan, BOOL)
    add("float32", "isFinite", T(SPECIAL, F32), np.isfinite, BOOL)
    add("float64", "isFinite", T([NAN, 1e300, -INF], F64), np.isfinite, BOOL)
    add("int32", "isFinite", T([0, 5], I32), np.isfinite, BOOL)
    add("overflowed_from_float64", "isFinite", T([1e39, -1e39, 3e38], F32), np.isfinite, BOOL)


# --------------------------------------------------------------------------------------
# Activations (square, relu, leakyRelu, gelu, softplus) and clip
# --------------------------------------------------------------------------------------


def activation_cases(fx):
    draw = Draw(202)

    def torch_unary(name, op, x, fn, **params):
        fx.add(f"{op}/{name}", op, [x], from_torch(fn(x.torch()), floating(x.dtype)), **params)

    x = draw.normal([3, 4], scale=2)
    fx.add("square/random", "square", [x], out(x.f64() ** 2, F32))
    fx.add("square/int32", "square", [T([-3, 0, 4], I32)], out([9, 0, 16], I32))
    x64 = draw.normal([3], F64)
    fx.add("square/float64", "square", [x64], out(x64.f64() ** 2, F64))
    fx.add("square/nan_inf", "square", [T([NAN, -INF, 1e20], F32)], out([NAN, INF, INF], F32))

    fx.add("relu/random", "relu", [x], out(np.maximum(x.f64(), 0), F32))
    fx.add("relu/zeros_nan", "relu", [T([0.0, -0.0, NAN, -INF, INF], F32)], out([0.0, 0.0, NAN, 0.0, INF], F32))
    fx.add("relu/int32", "relu", [T([-2, 0, 3], I32)], out([0, 0, 3], I32))
    fx.add("relu/float64", "relu", [x64], out(np.maximum(x64.f64(), 0), F64))

    torch_unary("default_alpha", "leakyRelu", x, F.leaky_relu)
    torch_unary("alpha_0.2", "leakyRelu", x, lambda t: F.leaky_relu(t, 0.2), alpha=0.2)
    torch_unary("alpha_negative", "leakyRelu", x, lambda t: F.leaky_relu(t, -0.5), alpha=-0.5)
    torch_unary("special_values", "leakyRelu", T([0.0, NAN, -INF, INF], F32), lambda t: F.leaky_relu(t, 0.1), alpha=0.1)
    torch_unary("float64", "leakyRelu", x64, lambda t: F.leaky_relu(t, 0.3), alpha=0.3)

    wide = T(np.round(np.linspace(-6, 6, 25), 3), F32)
    for approximate in ("none", "tanh"):
        fn = lambda t, a=approximate: F.gelu(t, approximate=a)  # noqa: E731
        torch_unary(f"{approximate}/random", "gelu", x, fn, approximate=approximate)
        torch_unary(f"{approximate}/wide", "gelu", wide, fn, approximate=approximate)
        torch_unary(f"{approximate}/float64", "gelu", x64, fn, approximate=approximate)
        torch_unary(f"{approximate}/special_values", "gelu", T([NAN, INF, -INF, 0.0], F32), fn,
                    approximate=approximate)
    torch_unary("default", "gelu", x, F.gelu)

    torch_unary("default", "softplus", x, F.softplus)
    torch_unary("wide", "softplus", T([-100.0, -20.0, -1.0, 0.0, 1.0, 19.9, 20.0, 20.5, 100.0], F32), F.softplus)
    torch_unary("beta2", "softplus", x, lambda t: F.softplus(t, beta=2), beta=2)
    torch_unary("beta0.5_threshold1", "softplus", x, lambda t: F.softplus(t, beta=0.5, threshold=1), beta=0.5,
                threshold=1)
    torch_unary("threshold_edge", "softplus", T([1.9, 2.0, 2.1, 10.0], F32),
                lambda t: F.softplus(t, beta=1, threshold=2), threshold=2)
    torch_unary("float64", "softplus", x64, lambda t: F.softplus(t, beta=3), beta=3)
    torch_unary("int32", "softplus", T([-2, 0, 3], I32), lambda t: F.softplus(t))

    # clip(x, min?, max?): scalar bounds as params, tensor bounds as extra inputs.
    x = draw.normal([3, 4], scale=2)
    fx.add("clip/both", "clip", [x], out(np.clip(x.f64(), -1, 1.5), F32), min=-1, max=1.5)
    fx.add("clip/min_only", "clip", [x], out(np.maximum(x.f64(), 0.25), F32), min=0.25)
    fx.add("clip/max_only", "clip", [x], out(np.minimum(x.f64(), -0.5), F32), max=-0.5)
    fx.add("clip/min_above_max", "clip", [x], out(np.clip(x.f64(), 2, 1), F32), min=2, max=1)
    fx.add("clip/nan_and_inf", "clip", [T([NAN, INF, -INF, 0.5], F32)], out([NAN, 1, -1, 0.5], F32), min=-1, max=1)
    fx.add("clip/int32", "clip", [T([-5, 0, 3, 9], I32)], out([-2, 0, 3, 4], I32), min=-2, max=4)
    lo = draw.normal([3, 1], scale=0.5)
    hi = T(np.full([1, 4], 1.0) + np.arange(4) * 0.25, F32)
    fx.add("clip/tensor_bounds_broadcast", "clip", [x, lo, hi],
           out(np.minimum(np.maximum(x.f64(), lo.f64()), hi.f64()), F32))
    x64 = draw.normal([5], F64)
    fx.add("clip/float64", "clip", [x64], out(np.clip(x64.f64(), -0.3, 0.7), F64), min=-0.3, max=0.7)


# --------------------------------------------------------------------------------------
# Binary elementwise with broadcasting, and where
# --------------------------------------------------------------------------------------

BROADCAST_PAIRS = [
    ([2, 3], [2, 3]),
    ([], [3]),
    ([3], []),
    ([3, 1], [1, 4]),
    ([2, 1, 3], [4, 1]),
    ([], []),
    ([2, 3], [3]),
    ([1], [2, 2]),
    ([4, 1, 2], [3, 1]),
    ([2, 3, 1, 1], [1, 1, 2, 2]),
]


def pow_ref(a, b):
    with np.errstate(all="ignore"):
        return np.power(a, b)


def div_ref(a, b):
    with np.errstate(all="ignore"):
        return np.true_divide(a, b)


ARITHMETIC = {
    "add": np.add,
    "sub": np.subtract,
    "mul": np.multiply,
    "div": div_ref,
    "pow": pow_ref,
    "maximum": np.maximum,
    "minimum": np.minimum,
}
COMPARISON = {
    "equal": np.equal,
    "notEqual": np.not_equal,
    "greater": np.greater,
    "greaterEqual": np.greater_equal,
    "less": np.less,
    "lessEqual": np.less_equal,
}
LOGICAL = {"logicalAnd": np.logical_and, "logicalOr": np.logical_or}


def binary_dtypes(op, a, b):
    """(dtype both operands are cast to, output dtype) of a binary op, as the library's rules."""
    if op in LOGICAL:
        return BOOL, BOOL
    common = promote(a, b)
    if op in COMPARISON:
        return common, BOOL
    if common == BOOL:
        common = I32
    if op == "div":
        common = floating(common)
    return common, common


def as_dtype(values, dtype):
    """`values` converted to `dtype` (as the library casts operands), then to float64 to compute."""
    return np.asarray(values).astype(NP_DTYPE[dtype]).astype(np.float64)


def binary_cases(fx):
    draw = Draw(303)

    def add(name, op, a, b, scalar_b=None):
        reference = {**ARITHMETIC, **COMPARISON, **LOGICAL}[op]
        if scalar_b is None:
            common, dtype = binary_dtypes(op, a.dtype, b.dtype)
            with np.errstate(all="ignore"):
                expected = reference(as_dtype(a.array, common), as_dtype(b.array, common))
            fx.add(f"{op}/{name}", op, [a, b], out(expected, dtype))
        else:
            # A plain JS number operand is weak: it takes the tensor's dtype when that holds it.
            weak = I32 if float(scalar_b).is_integer() else F32
            common, dtype = binary_dtypes(op, a.dtype, promote(a.dtype, weak))
            with np.errstate(all="ignore"):
                expected = reference(as_dtype(a.array, common), as_dtype(scalar_b, common))
            fx.add(f"{op}/{name}", op, [a], out(expected, dtype), scalarB=scalar_b)

    for op in ARITHMETIC:
        for sa, sb in BROADCAST_PAIRS:
            if op == "pow":
                a, b = draw.uniform(sa, 0.1, 3), draw.uniform(sb, -2, 2)
            elif op == "div":
                # Divisors away from zero, of either sign.
                a = draw.normal(sa)
                b = draw.uniform(sb, 0.5, 2) if draw.rng.random() < 0.5 else draw.uniform(sb, -2, -0.5)
            else:
                a, b = draw.normal(sa), draw.normal(sb)
            add(f"f32_{shape_id(sa)}_{shape_id(sb)}", op, a, b)
        add("float64", op, draw.uniform([4], 0.5, 2, F64), draw.uniform([4], -2, 2, F64))
        # No negative exponents for int32 pow (NumPy and PyTorch reject them).
        add("int32", op, T([7, -7, 3, 0, 2], I32), T([2, 2, -4, 5, 3] if op != "pow" else [2, 3, 4, 5, 0], I32))
        add("bool_bool", op, T([True, True, False, False], BOOL), T([True, False, True, False], BOOL))
        add("int32_float32", op, T([[1], [2], [-3]], I32), draw.uniform([1, 2], 0.5, 2))
        add("float32_float64", op, draw.uniform([3], 0.5, 2), draw.uniform([3], 0.5, 2, F64))
        add("int32_bool", op, T([4, -2, 3], I32), T([True, False, True], BOOL))
        add("rank0_int32_bool", op, T(3, I32), T(True, BOOL))

    nan_row = T([NAN, 1.0, NAN, -INF, INF, 2.0], F32)
    other = T([0.0, NAN, NAN, 1.0, -INF, 2.0], F32)
    for op in ("maximum", "minimum", "add", "mul", "sub"):
        add("nan_inf", op, nan_row, other)
    add("nan_float64", "maximum", T([NAN, 1.0, 2.0], F64), T([0.0, NAN, 1.0], F64))
    add("signed_zeros", "maximum", T([0.0, -0.0, -1.0], F32), T([-0.0, 0.0, -0.0], F32))

    add("by_zero", "div", T([1.0, -1.0, 0.0, NAN, INF], F32), T([0.0, 0.0, 0.0, 0.0, 0.0], F32))
    add("by_negative_zero", "div", T([1.0, -1.0], F32), T([-0.0, -0.0], F32))
    add("int32_true_division", "div", T([7, -7, 1, 5, 0, 1, -1], I32), T([2, 2, 3, -5, 0, 0, 0], I32))
    add("int32_broadcast", "div", T([[1], [2], [3]], I32), T([1, 2, 4, 7], I32))
    add("bool_bool_true_division", "div", T([True, False], BOOL), T([True, True], BOOL))
    add("int32_large_values", "div", T([16777217, 2147483647], I32), T([1, 3], I32))

    add("negative_bases", "pow", T([-2.0, -2.0, -2.0, -8.0, -1.5, -3.0], F32), T([3.0, 2.0, -1.0, 1 / 3, 0.5, 0.0], F32))
    add("zero_base", "pow", T([0.0, 0.0, 0.0, -0.0, 0.0], F32), T([0.0, 1.0, -1.0, -1.0, 0.5], F32))
    add("inf_and_nan", "pow", T([INF, INF, -INF, 2.0, 0.5, NAN, NAN], F32), T([-1.0, 0.5, 3.0, INF, INF, 0.0, 1.0], F32))
    add("one_to_nan_or_inf", "pow", T([1.0, 1.0, -1.0, -1.0], F32), T([NAN, INF, INF, -INF], F32))
    add("int32_integer_exponents", "pow", T([2, -3, 5, -2, 0, 1, 10], I32), T([10, 3, 0, 2, 0, 7, 9], I32))
    add("int32_base_float_exponent", "pow", T([4, 9, -8], I32), T([0.5, -0.5, 2.0], F32))
    add("float64_precise", "pow", T([1.0000001, 2.0, 10.0], F64), T([1e7, 0.5, -3.0], F64))
    add("float64_negative_bases", "pow", T([-2.0, -0.5, -10.0], F64), T([5.0, -2.0, 0.5], F64))

    # Weak scalar operands: pow(x, 2), mul(int32, 2.5), add(bool, 1)...
    x = draw.normal([2, 3])
    add("scalar_weak_float32", "mul", x, None, scalar_b=2)
    add("scalar_int32_stays_int32", "add", T([1, -2, 3], I32), None, scalar_b=2)
    add("scalar_int32_float_promotes", "mul", T([1, -2, 3], I32), None, scalar_b=2.5)
    add("scalar_bool_plus_int", "add", T([True, False], BOOL), None, scalar_b=1)
    add("scalar_float64", "sub", draw.normal([3], F64), None, scalar_b=0.1)
    add("scalar_square", "pow", T([-1.5, 2.0, -3.0], F32), None, scalar_b=2)
    add("scalar_int32_compare", "greater", T([1, 2, 3], I32), None, scalar_b=1.5)

    # Comparisons: integer-valued floats so that ties occur.
    for op in COMPARISON:
        for sa, sb in ((([2, 3]), ([2, 3])), ([3, 1], [1, 4]), ([], [2, 2]), ([2, 1, 3], [4, 1])):
            a = T(draw.rng.integers(-2, 3, sa), F32, sa)
            b = T(draw.rng.integers(-2, 3, sb), F32, sb)
            add(f"f32_{shape_id(sa)}_{shape_id(sb)}", op, a, b)
        add("nan_inf", op, T([NAN, NAN, 1.0, INF, -INF, 0.0], F32), T([NAN, 1.0, NAN, INF, INF, -0.0], F32))
        add("int32_float32", op, T([1, 2, 3, 16777217], I32), T([1.5, 2.0, 2.5, 16777216.0], F32))
        add("bool", op, T([True, True, False, False], BOOL), T([True, False, True, False], BOOL))
        add("float64_close", op, T([0.1 + 0.2, 1.0], F64), T([0.3, 1.0 + 2**-52], F64))
        add("int32_large", op, T([2147483647, -2147483648], I32), T([2147483646, -2147483648], I32))

    for op in LOGICAL:
        add("bool_2x3", op, draw.bools([2, 3]), draw.bools([2, 3]))
        add("bool_broadcast_3x1_1x4", op, draw.bools([3, 1]), draw.bools([1, 4]))
        add("bool_rank0", op, T(True, BOOL), draw.bools([3]))
        add("float_inputs", op, T([0.0, 2.5, NAN, -0.0], F32), T([1.0, 0.0, 1.0, 3.0], F32))
        add("int32_inputs", op, T([0, 3, -1, 0], I32), T([0, 0, 2, 5], I32))


def where_cases(fx):
    draw = Draw(404)

    def add(name, cond, a, b):
        dtype = promote(a.dtype, b.dtype)
        expected = np.where(cond.array, as_dtype(a.array, dtype), as_dtype(b.array, dtype))
        fx.add(f"where/{name}", "where", [cond, a, b], out(expected, dtype))

    add("same_shape", draw.bools([2, 3]), draw.normal([2, 3]), draw.normal([2, 3]))
    add("broadcast_all_three", draw.bools([3, 1]), draw.normal([1, 4]), draw.normal([]))
    add("cond_rank0", T(True, BOOL), draw.normal([2, 2]), draw.normal([2, 2]))
    add("cond_broadcast_2x1x3", draw.bools([2, 1, 3]), draw.normal([4, 1]), draw.normal([3]))
    add("int32_float32", draw.bools([4]), T([1, 2, 3, 4], I32), draw.normal([4]))
    add("int32_int32", draw.bools([4]), T([1, 2, 3, 4], I32), T([-1, -2, -3, -4], I32))
    add("bool_values", draw.bools([4]), draw.bools([4]), draw.bools([1]))
    add("nan_not_selected", T([True, False, True], BOOL), T([1.0, NAN, INF], F32), T([NAN, 2.0, 0.0], F32))
    add("float64", draw.bools([3]), draw.normal([3], F64), draw.normal([3], F64))
    add("float32_float64", draw.bools([3]), draw.normal([3]), draw.normal([3], F64))


# --------------------------------------------------------------------------------------
# Reductions and statistics
# --------------------------------------------------------------------------------------

AXIS_CASES = [
    ("all", None, False),
    ("axis0", 0, False),
    ("axis_neg1", -1, False),
    ("axes_0_2", [0, 2], False),
    ("axes_neg1_0_keepdims", [-1, 0], True),
    ("axis1_keepdims", 1, True),
    ("all_keepdims", None, True),
    ("empty_axis_list", [], False),
    ("empty_axis_list_keepdims", [], True),
    ("all_axes_listed", [0, 1, 2], False),
]


def np_axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def reduce_cases(fx):
    draw = Draw(505)
    references = {"sum": np.sum, "prod": np.prod, "max": np.max, "min": np.min, "mean": np.mean}

    def add(name, op, x, axis, keepdims, dtype=None):
        if dtype is None:
            dtype = x.dtype
            if op in ("sum", "prod") and dtype == BOOL:
                dtype = I32
            if op == "mean":
                dtype = floating(dtype)
        with np.errstate(all="ignore"):
            expected = references[op](x.f64(), axis=np_axis(axis), keepdims=keepdims)
        fx.add(f"{op}/{name}", op, [x], out(expected, dtype), axis=axis, keepdims=keepdims)

    for op in references:
        x = draw.normal([2, 3, 4]) if op != "prod" else draw.uniform([2, 3, 4], 0.5, 1.5)
        for label, axis, keepdims in AXIS_CASES:
            add(f"2x3x4_{label}", op, x, axis, keepdims)
        add("rank0", op, T(2.5, F32), None, False)
        add("rank1", op, draw.normal([5]), 0, False)
        add("int32_axis1", op, T(draw.rng.integers(-5, 6, [3, 4]), I32), 1, False)
        add("float64_all", op, draw.normal([3, 4], F64), None, False)
        add("float64_axis0", op, draw.normal([3, 4], F64), 0, False)
        add("nan_inf_rows", op, T([[NAN, 1.0, 2.0], [1.0, INF, -INF], [-INF, -INF, 1.0], [3.0, 2.0, 1.0]], F32), 1, False)
        add("bool", op, T([[True, False, True], [True, True, True]], BOOL), 1, False)
    add("large_cancellation_float64", "sum", T([1e16, 1.0, -1e16, 1.0], F64), None, False)
    add("zero_size_axis", "sum", T(np.zeros([2, 0]), F32, [2, 0]), 1, False)
    add("zero_size_axis", "prod", T(np.zeros([2, 0]), F32, [2, 0]), 1, False)
    add("zero_size_axis", "mean", T(np.zeros([0, 2]), F32, [0, 2]), 0, False)
    add("int32_overflow_free", "sum", T([2147483000, 600, -1000], I32), None, False)
    add("bool_all_int32", "sum", T([True] * 5 + [False] * 3, BOOL), None, False)
    add("signed_zero", "max", T([-0.0, 0.0, -1.0], F32), None, False)

    def arg(name, op, x, axis=None, keepdims=False):
        reference = np.argmax if op == "argmax" else np.argmin
        expected = reference(x.f64(), axis=axis, keepdims=keepdims) if axis is not None else reference(x.f64())
        if axis is None and keepdims:
            expected = np.reshape(expected, [1] * x.array.ndim)
        fx.add(f"{op}/{name}", op, [x], out(expected, I32), axis=axis, keepdims=keepdims)

    for op in ("argmax", "argmin"):
        x = draw.normal([3, 4, 2])
        arg("flattened", op, x)
        arg("flattened_keepdims", op, x, keepdims=True)
        arg("axis0", op, x, 0)
        arg("axis1", op, x, 1)
        arg("axis_neg1", op, x, -1)
        arg("axis1_keepdims", op, x, 1, True)
        arg("ties_first_wins", op, T([[1.0, 3.0, 3.0, 1.0], [2.0, 2.0, 2.0, 2.0], [-1.0, -1.0, 5.0, -1.0]], F32), 1)
        arg("nan_first_wins", op, T([[1.0, NAN, 3.0, NAN], [NAN, 0.0, 9.0, -9.0], [1.0, 2.0, -INF, INF]], F32), 1)
        arg("int32", op, T([[4, -1, 4], [0, 7, 7]], I32), 0)
        arg("bool", op, T([False, True, True, False], BOOL), 0)
        arg("float64", op, T([1.0, 1.0 + 2**-50, 1.0 - 2**-50], F64), 0)
        arg("rank0", op, T(4.0, F32))

    # logSumExp
    def lse(name, x, axis=None, keepdims=False):
        t = x.torch()
        dims = list(range(x.array.ndim)) if axis is None else axis
        expected = torch.logsumexp(t, dim=dims, keepdim=keepdims) if dims != [] else t
        fx.add(f"logSumExp/{name}", "logSumExp", [x], from_torch(expected, floating(x.dtype)), axis=axis,
               keepdims=keepdims)

    x = draw.normal([2, 3, 4], scale=3)
    lse("all", x)
    lse("axis_neg1", x, -1)
    lse("axis0_keepdims", x, 0, True)
    lse("axes_0_2", x, [0, 2])
    lse("all_keepdims", x, None, True)
    lse("large_values", T([[1000.0, 1000.0, 999.0], [-1000.0, -1001.0, -1002.0]], F32), 1)
    lse("neg_inf_rows", T([[-INF, -INF, -INF], [-INF, 0.0, 1.0], [NAN, 1.0, 2.0], [INF, 1.0, 2.0]], F32), 1)
    lse("neg_inf_rows_keepdims", T([[-INF, -INF], [0.0, -INF]], F32), -1, True)
    lse("int32", T([[1, 2, 3], [0, 0, 0]], I32), 1)
    lse("float64", draw.normal([3, 5], F64, scale=10), 1)
    lse("rank0", T(1.5, F32))

    # variance
    def var(name, x, axis=None, keepdims=False, correction=None):
        with np.errstate(all="ignore"):
            expected = np.var(x.f64(), axis=np_axis(axis), keepdims=keepdims, ddof=correction or 0)
        fx.add(f"variance/{name}", "variance", [x], out(expected, floating(x.dtype)), axis=axis,
               keepdims=keepdims, correction=correction)

    x = draw.normal([3, 4, 5], scale=2)
    var("all_default", x)
    var("all_correction0", x, correction=0)
    var("all_correction1", x, correction=1)
    var("axis_neg1_correction1", x, -1, correction=1)
    var("axes_0_1_keepdims", x, [0, 1], True)
    var("axis1_keepdims_correction1", x, 1, True, 1)
    var("offset_values", T(np.round(1000 + draw.rng.standard_normal(8), 3), F32), correction=1)
    var("int32", T([[1, 2, 3, 4], [2, 2, 2, 2]], I32), 1)
    var("float64", draw.normal([6, 3], F64), 0, correction=1)
    var("correction_equals_count", T([1.0, 2.0, 4.0], F32), correction=3)
    var("nan", T([[1.0, NAN], [1.0, 3.0]], F32), 1)

    # norm: the vector p-norm over the given axes (all elements by default). NumPy's
    # linalg.norm treats 2 axes as a matrix norm for ord != 2, so compute it directly.
    def norm_ref(values, axis, keepdims, ord_):
        a = np.abs(values)
        ax = np_axis(axis)
        if ord_ == INF:
            return np.max(a, axis=ax, keepdims=keepdims)
        if ord_ == -INF:
            return np.min(a, axis=ax, keepdims=keepdims)
        if ord_ == 0:
            return np.sum(a != 0, axis=ax, keepdims=keepdims)
        return np.sum(a**ord_, axis=ax, keepdims=keepdims) ** (1 / ord_)

    def norm(name, x, axis=None, keepdims=False, ord_=None):
        expected = norm_ref(x.f64(), axis, keepdims, 2 if ord_ is None else ord_)
        fx.add(f"norm/{name}", "norm", [x], out(expected, floating(x.dtype)), axis=axis, keepdims=keepdims,
               ord=ord_)

    x = draw.normal([3, 4])
    for ord_ in (None, 1, 2, INF, -INF, 3, 0, 0.5):
        label = "default" if ord_ is None else ("inf" if ord_ == INF else "neg_inf" if ord_ == -INF else str(ord_))
        norm(f"all_ord_{label}", x, ord_=ord_)
        norm(f"axis_neg1_ord_{label}", x, -1, ord_=ord_)
    x3 = draw.normal([2, 3, 4])
    norm("frobenius_axes_1_2", x3, [1, 2])
    norm("axes_0_2_ord1_keepdims", x3, [0, 2], True, 1)
    norm("axis0_keepdims_ord_inf", x3, 0, True, INF)
    norm("int32_ord2", T([[3, 4], [-6, 8]], I32), 1)
    norm("float64_ord3", draw.normal([5], F64), ord_=3)
    norm("float64_ord2", draw.normal([2, 5], F64), 1)
    norm("with_zeros_ord_neg_inf", T([[0.0, 1.0], [-2.0, 3.0]], F32), 1, ord_=-INF)


# --------------------------------------------------------------------------------------
# softmax / logSoftmax
# --------------------------------------------------------------------------------------


def softmax_cases(fx):
    draw = Draw(606)
    for op, fn in (("softmax", torch.softmax), ("logSoftmax", torch.log_softmax)):

        def add(name, x, axis=None):
            expected = fn(x.torch(), dim=-1 if axis is None else axis)
            fx.add(f"{op}/{name}", op, [x], from_torch(expected, floating(x.dtype)), axis=axis)

        x = draw.normal([2, 3, 4], scale=2)
        add("default_axis", x)
        add("axis0", x, 0)
        add("axis1", x, 1)
        add("axis_neg2", x, -2)
        add("rank1", draw.normal([6]))
        add("large_values", T([[1000.0, 1001.0, 1002.0], [-1000.0, -1000.0, -1000.0]], F32))
        add("neg_inf_entries", T([[-INF, 0.0, 1.0], [-INF, -INF, 2.0]], F32))
        add("int32", T([[1, 2, 3], [0, 0, 0]], I32))
        add("float64", draw.normal([3, 5], F64, scale=5), 1)
        add("single_element_axis", draw.normal([3, 1]))
        add("all_neg_inf_row", T([[-INF, -INF], [0.0, 1.0]], F32))


# --------------------------------------------------------------------------------------
# matmul / dot
# --------------------------------------------------------------------------------------


def matmul_cases(fx):
    draw = Draw(707)

    def add(name, a, b, transpose_a=None, transpose_b=None, op="matmul"):
        dtype = promote(a.dtype, b.dtype)
        a64, b64 = as_dtype(a.array, dtype), as_dtype(b.array, dtype)
        if transpose_a and a64.ndim > 1:
            a64 = np.swapaxes(a64, -1, -2)
        if transpose_b and b64.ndim > 1:
            b64 = np.swapaxes(b64, -1, -2)
        params = {}
        if op == "matmul":
            params = {"transposeA": transpose_a, "transposeB": transpose_b}
        fx.add(f"{op}/{name}", op, [a, b], out(np.matmul(a64, b64), dtype), **params)

    n = draw.normal
    add("2x3_3x4", n([2, 3]), n([3, 4]))
    add("1d_x_2d", n([3]), n([3, 4]))
    add("2d_x_1d", n([2, 3]), n([3]))
    add("1d_x_1d", n([5]), n([5]))
    add("batched_3d_x_2d", n([2, 2, 3]), n([3, 4]))
    add("batched_2d_x_3d", n([4, 3]), n([2, 3, 2]))
    add("batch_broadcast", n([2, 1, 2, 3]), n([3, 3, 2]))
    add("batch_broadcast_both", n([3, 1, 2, 4]), n([1, 2, 4, 3]))
    add("batched_x_1d", n([2, 3, 4]), n([4]))
    add("1d_x_batched", n([3]), n([2, 3, 4]))
    add("transposeA", n([3, 2]), n([3, 4]), transpose_a=True)
    add("transposeB", n([2, 3]), n([4, 3]), transpose_b=True)
    add("transposeA_transposeB", n([3, 2]), n([4, 3]), True, True)
    add("batched_transposeB_broadcast", n([2, 2, 3]), n([1, 4, 3]), transpose_b=True)
    add("batched_transposeA", n([2, 3, 2]), n([2, 3, 4]), transpose_a=True)
    add("batched_both_transposed", n([2, 5, 3]), n([2, 4, 5]), True, True)
    add("1d_transpose_ignored", n([3]), n([4, 3]), True, True)
    add("int32", T(draw.rng.integers(-4, 5, [2, 3]), I32), T(draw.rng.integers(-4, 5, [3, 2]), I32))
    add("int32_float32", T(draw.rng.integers(-4, 5, [2, 3]), I32), n([3, 2]))
    add("float64", n([3, 4], F64), n([4, 2], F64))
    add("float64_batched_transposeA", n([2, 4, 3], F64), n([4, 2], F64), transpose_a=True)
    add("1x1", n([1, 1]), n([1, 1]))
    add("k_larger", n([2, 16]), n([16, 3]))
    add("nan_inf", T([[NAN, 1.0], [INF, 1.0], [1.0, 1.0]], F32), T([[1.0, 0.0], [0.0, 1.0]], F32))
    add("1d_1d", n([4]), n([4]), op="dot")
    add("2d_1d", n([2, 4]), n([4]), op="dot")
    add("1d_2d", n([4]), n([4, 3]), op="dot")
    add("2d_2d", n([2, 4]), n([4, 3]), op="dot")
    add("int32", T([1, 2, 3], I32), T([4, -5, 6], I32), op="dot")


# --------------------------------------------------------------------------------------
# Layout: transpose, reshape family, broadcastTo, concat / stack / split, slice, pad
# --------------------------------------------------------------------------------------


def layout_cases(fx):
    draw = Draw(808)
    x = draw.normal([2, 3, 4])
    xi = T(np.arange(24).reshape(2, 3, 4) - 10, I32)
    xb = draw.bools([2, 3, 4])

    def transpose(name, t, perm=None):
        expected = np.transpose(t.f64(), perm)
        fx.add(f"transpose/{name}", "transpose", [t], out(expected, t.dtype), perm=perm)

    transpose("default_reverses", x)
    transpose("perm_1_0_2", x, [1, 0, 2])
    transpose("perm_2_0_1", x, [2, 0, 1])
    transpose("negative_perm", x, [-1, 0, 1])
    transpose("identity", x, [0, 1, 2])
    transpose("2d", draw.normal([3, 5]))
    transpose("rank1", draw.normal([4]))
    transpose("rank0", T(1.5, F32))
    transpose("int32", xi, [2, 1, 0])
    transpose("bool", xb, [1, 2, 0])
    transpose("float64", draw.normal([2, 3], F64))
    transpose("4d", draw.normal([2, 1, 3, 2]), [3, 1, 0, 2])

    def reshape(name, t, shape):
        fx.add(f"reshape/{name}", "reshape", [t], out(np.reshape(t.f64(), shape), t.dtype), shape=shape)

    reshape("to_4_neg1", x, [4, -1])
    reshape("to_neg1", x, [-1])
    reshape("neg1_middle", x, [2, -1, 2])
    reshape("to_rank0", T([7.0], F32), [])
    reshape("from_rank0", T(7.0, F32), [1, 1])
    reshape("int32", xi, [6, 4])
    reshape("empty", T(np.zeros([0, 3]), F32, [0, 3]), [3, 0])

    def squeeze(name, t, axis=None):
        fx.add(f"squeeze/{name}", "squeeze", [t], out(np.squeeze(t.f64(), np_axis(axis)), t.dtype), axis=axis)

    y = draw.normal([1, 3, 1, 2])
    squeeze("all", y)
    squeeze("axis0", y, 0)
    squeeze("axis_neg2", y, -2)
    squeeze("axes_neg2_0", y, [-2, 0])
    squeeze("nothing_to_squeeze", draw.normal([2, 3]))
    squeeze("to_rank0", T([[5]], I32))

    def expand(name, t, axis):
        fx.add(f"expandDims/{name}", "expandDims", [t], out(np.expand_dims(t.f64(), axis), t.dtype), axis=axis)

    z = draw.normal([2, 3])
    expand("axis0", z, 0)
    expand("axis1", z, 1)
    expand("axis_end", z, 2)
    expand("axis_neg1", z, -1)
    expand("axis_neg3", z, -3)
    expand("rank0", T(3, I32), 0)

    def flatten(name, t, start=None, end=None):
        s = 0 if start is None else start
        e = -1 if end is None else end
        shape = t.shape
        if len(shape) == 0:
            target = [1]
        else:
            s %= len(shape)
            e %= len(shape)
            target = shape[:s] + [int(np.prod(shape[s : e + 1]))] + shape[e + 1 :]
        fx.add(f"flatten/{name}", "flatten", [t], out(np.reshape(t.f64(), target), t.dtype), startAxis=start,
               endAxis=end)

    w = draw.normal([2, 3, 2, 2])
    flatten("default", w)
    flatten("start1", w, 1)
    flatten("start0_end1", w, 0, 1)
    flatten("start1_end_neg2", w, 1, -2)
    flatten("single_axis", w, 2, 2)
    flatten("rank0", T(2.0, F32))
    flatten("bool", xb, -2)

    def broadcast(name, t, shape):
        fx.add(f"broadcastTo/{name}", "broadcastTo", [t], out(np.broadcast_to(t.f64(), shape), t.dtype),
               shape=shape)

    broadcast("row_to_2x3", draw.normal([3]), [2, 3])
    broadcast("3x1_to_2x3x4", draw.normal([3, 1]), [2, 3, 4])
    broadcast("rank0_to_2x2", T(4.5, F32), [2, 2])
    broadcast("same_shape", draw.normal([2, 2]), [2, 2])
    broadcast("1x1_to_3x1x2", draw.normal([1, 1]), [3, 1, 2])
    broadcast("int32", T([[1], [2]], I32), [2, 3])
    broadcast("bool", T([True, False], BOOL), [2, 2, 2])

    def concat(name, ts, axis=None):
        dtype = promote(*[t.dtype for t in ts])
        expected = np.concatenate([as_dtype(t.array, dtype) for t in ts], axis=0 if axis is None else axis)
        fx.add(f"concat/{name}", "concat", ts, out(expected, dtype), axis=axis)

    concat("axis0", [draw.normal([1, 3]), draw.normal([2, 3]), draw.normal([3, 3])], 0)
    concat("axis1", [draw.normal([2, 1, 2]), draw.normal([2, 3, 2])], 1)
    concat("axis2", [draw.normal([2, 2, 1]), draw.normal([2, 2, 2]), draw.normal([2, 2, 1])], 2)
    concat("axis_neg1", [draw.normal([2, 2]), draw.normal([2, 3])], -1)
    concat("default_axis", [draw.normal([2]), draw.normal([3])])
    concat("single", [draw.normal([2, 2])], 1)
    concat("int32_float32", [T([[1, 2]], I32), draw.normal([1, 2])], 0)
    concat("bool", [T([True], BOOL), T([False, True], BOOL)], 0)
    concat("with_empty", [T(np.zeros([2, 0]), F32, [2, 0]), draw.normal([2, 2])], 1)
    concat("float64", [draw.normal([2], F64), draw.normal([1], F64)], 0)

    def stack(name, ts, axis=None):
        dtype = promote(*[t.dtype for t in ts])
        expected = np.stack([as_dtype(t.array, dtype) for t in ts], axis=0 if axis is None else axis)
        fx.add(f"stack/{name}", "stack", ts, out(expected, dtype), axis=axis)

    three = [draw.normal([2, 3]) for _ in range(3)]
    stack("axis0", three, 0)
    stack("axis1", three, 1)
    stack("axis2", three, 2)
    stack("axis_neg1", three, -1)
    stack("axis_neg3", three, -3)
    stack("default_axis", three[:2])
    stack("rank0", [T(1.0, F32), T(2.0, F32), T(3.0, F32)])
    stack("int32", [T([1, 2], I32), T([3, 4], I32)], 1)

    def split(name, t, num_or_sizes, axis=None):
        a = 0 if axis is None else axis
        dim = t.shape[a]
        if isinstance(num_or_sizes, int):
            sizes = [dim // num_or_sizes] * num_or_sizes
        else:
            sizes = list(num_or_sizes)
            if -1 in sizes:
                sizes[sizes.index(-1)] = dim - sum(s for s in sizes if s != -1)
        cuts = np.cumsum(sizes)[:-1]
        parts = np.split(t.f64(), cuts, axis=a)
        fx.add(f"split/{name}", "split", [t], [out(p, t.dtype) for p in parts], numOrSizes=num_or_sizes, axis=axis)

    s = draw.normal([4, 6, 2])
    split("num2_axis0", s, 2, 0)
    split("num3_axis1", s, 3, 1)
    split("num2_axis_neg1", s, 2, -1)
    split("sizes_axis1", s, [1, 3, 2], 1)
    split("sizes_with_neg1", s, [1, -1, 2], 1)
    split("sizes_with_zero", s, [0, 4], 0)
    split("default_axis", s, 4)
    split("num1", s, 1, 2)
    split("int32", xi, [2, 2], -1)

    def slice_(name, t, begin, size=None):
        starts, stops = [], []
        b_list = [begin] if isinstance(begin, int) else list(begin)
        s_list = [] if size is None else ([size] if isinstance(size, int) else list(size))
        for i, dim in enumerate(t.shape):
            b = b_list[i] if i < len(b_list) else 0
            if b < 0:
                b += dim
            n_ = s_list[i] if i < len(s_list) else -1
            if n_ == -1:
                n_ = dim - b
            starts.append(b)
            stops.append(b + n_)
        expected = t.f64()[tuple(slice(b, e) for b, e in zip(starts, stops))]
        fx.add(f"slice/{name}", "slice", [t], out(expected, t.dtype), begin=begin, size=size)

    m = draw.normal([4, 5, 3])
    slice_("begin_size", m, [1, 2, 0], [2, 2, 3])
    slice_("size_neg1", m, [1, 0, 1], [-1, 3, -1])
    slice_("negative_begin", m, [-2, -3, 0], [2, 2, 1])
    slice_("negative_begin_neg1_size", m, [-1, -4, -2], [-1, -1, -1])
    slice_("partial_begin_no_size", m, [2])
    slice_("number_begin_rank1", draw.normal([6]), 2, 3)
    slice_("zero_size", m, [1, 1, 1], [0, 2, 1])
    slice_("begin_at_end", m, [4, 0, 3], [-1, 2, -1])
    slice_("whole", m, [0, 0, 0], [4, 5, 3])
    slice_("int32", xi, [0, 1, 1], [1, 2, 2])
    slice_("bool", xb, [1, 0, 2], [1, 3, 2])

    def pad(name, t, paddings, value=None):
        expected = np.pad(t.f64(), paddings, mode="constant", constant_values=0 if value is None else value)
        fx.add(f"pad/{name}", "pad", [t], out(expected, t.dtype), paddings=paddings, value=value)

    pad("2d_default_value", draw.normal([2, 3]), [[1, 0], [0, 2]])
    pad("2d_value", draw.normal([2, 3]), [[1, 1], [2, 1]], -1.5)
    pad("3d_one_axis", m, [[0, 0], [1, 2], [0, 0]], 9.0)
    pad("rank1", draw.normal([3]), [[2, 3]], 0.5)
    pad("int32_value", T([[1, 2], [3, 4]], I32), [[1, 0], [1, 1]], 7)
    pad("float64", draw.normal([2, 2], F64), [[0, 1], [1, 0]], 0.1)
    pad("nan_value", draw.normal([2]), [[1, 1]], NAN)
    pad("no_padding", draw.normal([2, 2]), [[0, 0], [0, 0]], 3.0)
    pad("empty_input", T(np.zeros([0, 2]), F32, [0, 2]), [[1, 1], [0, 0]], 4.0)


# --------------------------------------------------------------------------------------
# gather / scatterAdd / oneHot / cast
# --------------------------------------------------------------------------------------


def index_cases(fx):
    draw = Draw(909)

    def gather(name, x, indices, axis=None):
        a = 0 if axis is None else axis
        expected = np.take(x.f64(), indices.array, axis=a)
        fx.add(f"gather/{name}", "gather", [x, indices], out(expected, x.dtype), axis=axis)

    x = draw.normal([4, 3])
    gather("axis0", x, T([2, 0, 2, 3], I32), 0)
    gather("default_axis", x, T([1], I32))
    gather("axis1", x, T([2, 0], I32), 1)
    gather("negative_indices", x, T([-1, -4, 1], I32), 0)
    gather("axis_neg1_negative_indices", x, T([-1, 0, -3], I32), -1)
    x3 = draw.normal([2, 4, 3])
    gather("2d_index_middle_axis", x3, T([[0, -1], [2, 1], [3, 3]], I32), 1)
    gather("2d_index_axis0", x3, T([[1, 0], [0, 0]], I32), 0)
    gather("rank0_index", x3, T(2, I32), 1)
    gather("int32_values", T([[10, 20, 30], [40, 50, 60]], I32), T([2, 2, 0], I32), 1)
    gather("bool_values", T([True, False, True], BOOL), T([1, 0], I32), 0)
    gather("float64", draw.normal([5], F64), T([4, -5, 2], I32), 0)
    gather("empty_index", x, T(np.zeros([0], dtype=np.int32), I32, [0]), 0)

    def scatter(name, x, indices, updates, axis=None):
        a = (0 if axis is None else axis) % x.array.ndim
        dim = x.shape[a]
        flat = np.where(indices.array < 0, indices.array + dim, indices.array).reshape(-1)
        source_shape = x.shape[:a] + [flat.size] + x.shape[a + 1 :]
        source = torch.tensor(updates.f64().reshape(source_shape))
        expected = x.torch().index_add(a, torch.tensor(flat, dtype=torch.long), source)
        fx.add(f"scatterAdd/{name}", "scatterAdd", [x, indices, updates], from_torch(expected, x.dtype), axis=axis)

    scatter("repeated_indices_axis0", draw.normal([4, 3]), T([0, 2, 0, 0], I32), draw.normal([4, 3]), 0)
    scatter("axis1", draw.normal([2, 5]), T([4, 1, 4], I32), draw.normal([2, 3]), 1)
    scatter("negative_indices", draw.normal([4]), T([-1, 3, -4, 0], I32), draw.normal([4]), 0)
    scatter("2d_index_middle_axis", draw.normal([2, 4, 3]), T([[0, -1], [3, 1], [0, 0]], I32),
            draw.normal([2, 3, 2, 3]), 1)
    scatter("axis_neg1", draw.normal([3, 2, 4]), T([1, 1, 3], I32), draw.normal([3, 2, 3]), -1)
    scatter("default_axis", draw.normal([3, 2]), T([2, 2], I32), draw.normal([2, 2]))
    scatter("int32", T([[1, 2], [3, 4], [5, 6]], I32), T([0, 0, 2], I32), T([[10, 20], [30, 40], [50, 60]], I32), 0)
    scatter("float64", draw.normal([3], F64), T([1, 1, 1], I32), draw.normal([3], F64), 0)
    scatter("rank0_index", draw.normal([3, 2]), T(1, I32), draw.normal([2]), 0)

    def one_hot(name, indices, depth, on=None, off=None, dtype=None):
        hot = F.one_hot(torch.tensor(indices.array, dtype=torch.long), depth).numpy()
        expected = np.where(hot == 1, 1 if on is None else on, 0 if off is None else off)
        fx.add(f"oneHot/{name}", "oneHot", [indices], out(expected, dtype or F32), depth=depth, onValue=on,
               offValue=off, dtype=dtype)

    one_hot("1d", T([0, 2, 1, 2], I32), 3)
    one_hot("2d", T([[0, 3], [1, 1]], I32), 4)
    one_hot("rank0", T(1, I32), 2)
    one_hot("on_off_values", T([1, 0], I32), 3, on=5, off=-1)
    one_hot("fractional_values", T([2, 0], I32), 3, on=0.9, off=0.05)
    one_hot("int32", T([0, 1, 2], I32), 3, dtype=I32)
    one_hot("bool", T([2, 0], I32), 3, dtype=BOOL)
    one_hot("float64", T([1], I32), 2, on=0.1, dtype=F64)
    one_hot("depth1", T([0, 0], I32), 1)

    def cast(name, x, dtype):
        values = x.f64()
        if dtype == I32:
            values = np.trunc(values)
        elif dtype == BOOL:
            values = values != 0
        fx.add(f"cast/{name}", "cast", [x], out(values, dtype), dtype=dtype)

    cast("float32_to_int32_truncates", T([-2.7, -2.5, -0.5, 0.5, 2.5, 2.7, 3.0, -3.0, 1e9], F32), I32)
    cast("float32_to_bool", T([0.0, -0.0, 0.5, -2.0, NAN, INF, 1e-40], F32), BOOL)
    cast("float32_to_float64", T([0.1, -1 / 3, 1e30], F32), F64)
    cast("float64_to_float32_rounds", T([0.1, 1 / 3, 16777217.0, 1e39, -1e-50], F64), F32)
    cast("float64_to_int32", T([-1.9999999, 2.9999999999, 123456789.9], F64), I32)
    cast("int32_to_float32", T([16777217, -3, 2147483647], I32), F32)
    cast("int32_to_float64", T([16777217, -2147483648], I32), F64)
    cast("int32_to_bool", T([0, 1, -5], I32), BOOL)
    cast("bool_to_int32", T([True, False, True], BOOL), I32)
    cast("bool_to_float32", T([True, False], BOOL), F32)
    cast("float32_to_float32", draw.normal([3]), F32)
    cast("2d_float32_to_int32", draw.normal([2, 3], scale=4), I32)


# --------------------------------------------------------------------------------------
# conv2d, pooling and their backprop primitives (PyTorch, float64, rounded once)
# --------------------------------------------------------------------------------------


def pair(v):
    return list(v) if isinstance(v, (list, tuple)) else [v, v]


def same_padding(kernel, dilation):
    """PyTorch's 'same' padding for stride 1: the odd extra row / column goes bottom / right."""
    pads = []
    for k, d in zip(kernel, dilation):
        total = d * (k - 1)
        pads += [total // 2, total - total // 2]
    return pads  # [top, bottom, left, right]


def conv_forward(x, w, stride, pads, dilation, groups):
    """conv2d of float64 torch tensors with per-side padding [top, bottom, left, right]."""
    top, bottom, left, right = pads
    padded = F.pad(x, (left, right, top, bottom))
    return F.conv2d(padded, w, stride=stride, dilation=dilation, groups=groups)


CONV_CONFIGS = [
    # name, x shape, w shape, options (as the library's conv2d takes them)
    ("basic", [1, 1, 4, 4], [1, 1, 3, 3], {}),
    ("multichannel_pad1", [2, 3, 5, 5], [4, 3, 3, 3], {"padding": 1}),
    ("stride2_pad1", [1, 2, 6, 6], [3, 2, 3, 3], {"stride": 2, "padding": 1}),
    ("stride2_uncovered_edge", [1, 1, 6, 7], [2, 1, 3, 2], {"stride": 2}),
    ("dilation2", [1, 1, 7, 7], [2, 1, 3, 3], {"dilation": 2}),
    ("groups2", [1, 4, 5, 5], [4, 2, 3, 3], {"groups": 2, "padding": 1}),
    ("depthwise", [2, 3, 4, 4], [6, 1, 3, 3], {"groups": 3}),
    ("rect_stride_padding", [1, 2, 5, 7], [2, 2, 2, 3], {"stride": [2, 1], "padding": [1, 2]}),
    ("dilation_2x1_stride_1x2", [1, 2, 6, 6], [2, 2, 2, 2], {"dilation": [2, 1], "stride": [1, 2], "padding": [0, 1]}),
    ("same_even_kernel", [1, 2, 4, 5], [3, 2, 2, 2], {"padding": "same"}),
    ("same_odd_kernel_dilation2", [1, 1, 5, 5], [2, 1, 3, 3], {"padding": "same", "dilation": 2}),
    ("same_rect_kernel", [1, 1, 4, 4], [1, 1, 1, 4], {"padding": "same"}),
    ("valid", [1, 1, 5, 4], [1, 1, 2, 2], {"padding": "valid"}),
    ("1x1_kernel", [2, 3, 3, 3], [2, 3, 1, 1], {}),
    ("kernel_equals_input", [1, 2, 3, 3], [2, 2, 3, 3], {}),
    ("all_options", [2, 4, 7, 6], [6, 2, 3, 2], {"stride": [2, 1], "padding": [2, 1], "dilation": [1, 2], "groups": 2}),
]


def conv_geometry(w_shape, options):
    stride = pair(options.get("stride", 1))
    dilation = pair(options.get("dilation", 1))
    padding = options.get("padding", 0)
    if padding == "valid":
        pads = [0, 0, 0, 0]
    elif padding == "same":
        pads = same_padding(w_shape[2:], dilation)
    else:
        ph, pw = pair(padding)
        pads = [ph, ph, pw, pw]
    return stride, pads, dilation, options.get("groups", 1)


def conv_cases(fx):
    draw = Draw(1001)
    for name, x_shape, w_shape, options in CONV_CONFIGS:
        x = draw.normal(x_shape)
        w = draw.normal(w_shape, scale=0.5)
        stride, pads, dilation, groups = conv_geometry(w_shape, options)
        y = conv_forward(x.torch(), w.torch(), stride, pads, dilation, groups)
        fx.add(f"conv2d/{name}", "conv2d", [x, w], from_torch(y, F32), **options)

        # Gradients through autograd for a random upstream gradient dy.
        xt, wt = x.torch(True), w.torch(True)
        y = conv_forward(xt, wt, stride, pads, dilation, groups)
        dy = draw.normal(list(y.shape))
        y.backward(dy.torch())
        params = {"stride": stride, "padding": pads, "dilation": dilation, "groups": groups}
        fx.add(f"conv2dBackpropInput/{name}", "conv2dBackpropInput", [dy, w], from_torch(xt.grad, F32),
               **params, inputShape=x_shape)
        fx.add(f"conv2dBackpropFilter/{name}", "conv2dBackpropFilter", [x, dy], from_torch(wt.grad, F32),
               **params, filterShape=w_shape)

    # Cross-check torch's dedicated gradient functions against autograd once.
    x, w = draw.normal([1, 2, 5, 5]), draw.normal([3, 2, 3, 3])
    dy = draw.normal([1, 3, 3, 3])
    gi = torch.nn.grad.conv2d_input([1, 2, 5, 5], w.torch(), dy.torch(), stride=2, padding=1)
    gw = torch.nn.grad.conv2d_weight(x.torch(), [3, 2, 3, 3], dy.torch(), stride=2, padding=1)
    params = {"stride": [2, 2], "padding": [1, 1, 1, 1], "dilation": [1, 1], "groups": 1}
    fx.add("conv2dBackpropInput/torch_grad_api", "conv2dBackpropInput", [dy, w], from_torch(gi, F32), **params,
           inputShape=[1, 2, 5, 5])
    fx.add("conv2dBackpropFilter/torch_grad_api", "conv2dBackpropFilter", [x, dy], from_torch(gw, F32), **params,
           filterShape=[3, 2, 3, 3])

    # int32 (exact integer sums; PyTorch has no integer conv, so compute in float64).
    xi = T(draw.rng.integers(-3, 4, [1, 2, 4, 4]), I32)
    wi = T(draw.rng.integers(-2, 3, [2, 2, 2, 2]), I32)
    y = F.conv2d(xi.torch(), wi.torch(), stride=2, padding=1)
    fx.add("conv2d/int32", "conv2d", [xi, wi], from_torch(y, I32), stride=2, padding=1)

    # Bias, and float64.
    x, w, b = draw.normal([1, 2, 4, 4]), draw.normal([3, 2, 3, 3]), draw.normal([3])
    y = F.conv2d(x.torch(), w.torch(), b.torch(), padding=1)
    fx.add("conv2d/bias", "conv2d", [x, w, b], from_torch(y, F32), padding=1)
    x, w = draw.normal([1, 2, 5, 5], F64), draw.normal([2, 2, 3, 3], F64)
    y = F.conv2d(x.torch(), w.torch(), stride=2, padding=1)
    fx.add("conv2d/float64", "conv2d", [x, w], from_torch(y, F64), stride=2, padding=1)
    xt, wt = x.torch(True), w.torch(True)
    y = F.conv2d(xt, wt, stride=2, padding=1)
    dy = draw.normal(list(y.shape), F64)
    y.backward(dy.torch())
    params = {"stride": [2, 2], "padding": [1, 1, 1, 1], "dilation": [1, 1], "groups": 1}
    fx.add("conv2dBackpropInput/float64", "conv2dBackpropInput", [dy, w], from_torch(xt.grad, F64), **params,
           inputShape=[1, 2, 5, 5])
    fx.add("conv2dBackpropFilter/float64", "conv2dBackpropFilter", [x, dy], from_torch(wt.grad, F64), **params,
           filterShape=[2, 2, 3, 3])


POOL_CONFIGS = [
    # name, x shape, options (as the library's pool ops take them)
    ("k2", [1, 2, 4, 4], {"kernelSize": 2}),
    ("k3_s1_pad1", [2, 1, 4, 5], {"kernelSize": 3, "stride": 1, "padding": 1}),
    ("k3_s2_pad1", [1, 2, 5, 5], {"kernelSize": 3, "stride": 2, "padding": 1}),
    ("rect_kernel_stride_padding", [1, 1, 5, 6], {"kernelSize": [2, 3], "stride": [1, 2], "padding": [1, 1]}),
    ("overlapping_k3_s1", [1, 1, 5, 5], {"kernelSize": 3, "stride": 1}),
    ("uncovered_edge", [1, 1, 5, 7], {"kernelSize": 2, "stride": 2}),
    ("k4_pad2", [1, 1, 5, 5], {"kernelSize": 4, "stride": 3, "padding": 2}),
]


def pool_geometry(options):
    kernel = pair(options["kernelSize"])
    stride = pair(options.get("stride", options["kernelSize"]))
    ph, pw = pair(options.get("padding", 0))
    return kernel, stride, [ph, pw]


def pool_cases(fx):
    draw = Draw(1101)
    for name, x_shape, options in POOL_CONFIGS:
        kernel, stride, padding = pool_geometry(options)
        backprop = {"kernelSize": kernel, "stride": stride,
                    "padding": [padding[0], padding[0], padding[1], padding[1]]}
        x = draw.normal(x_shape)
        xt = x.torch(True)
        y = F.max_pool2d(xt, kernel, stride, padding)
        fx.add(f"maxPool2d/{name}", "maxPool2d", [x], from_torch(y, F32), **options)
        dy = draw.normal(list(y.shape))
        y.backward(dy.torch())
        fx.add(f"maxPool2dBackprop/{name}", "maxPool2dBackprop", [x, dy], from_torch(xt.grad, F32), **backprop)

        for include in (True, False):
            label = "include_pad" if include else "exclude_pad"
            xt = x.torch(True)
            y = F.avg_pool2d(xt, kernel, stride, padding, count_include_pad=include)
            if include or padding != [0, 0]:
                # countIncludePad defaults to true: pass it explicitly only where padding matters.
                params = dict(options, countIncludePad=include) if "padding" in options else options
                fx.add(f"avgPool2d/{name}_{label}", "avgPool2d", [x], from_torch(y, F32), **params)
            dy = draw.normal(list(y.shape))
            y.backward(dy.torch())
            fx.add(f"avgPool2dBackprop/{name}_{label}", "avgPool2dBackprop", [dy], from_torch(xt.grad, F32),
                   **backprop, countIncludePad=include, inputShape=x_shape)

    # Ties: every window's maximum occurs more than once; the gradient goes to the first.
    x = T([[[[1, 1, 2, 2], [1, 1, 2, 2], [0, 3, 3, 0], [3, 0, 0, 3]]]], F32)
    xt = x.torch(True)
    y = F.max_pool2d(xt, 2, 2)
    fx.add("maxPool2d/ties", "maxPool2d", [x], from_torch(y, F32), kernelSize=2)
    dy = T([[[[1.0, 2.0], [3.0, 4.0]]]], F32)
    y.backward(dy.torch())
    fx.add("maxPool2dBackprop/ties_first_wins", "maxPool2dBackprop", [x, dy], from_torch(xt.grad, F32),
           kernelSize=[2, 2], stride=[2, 2], padding=[0, 0, 0, 0])
    x = T(np.ones([1, 1, 3, 3]), F32)
    xt = x.torch(True)
    y = F.max_pool2d(xt, 2, 1)
    dy = T(np.arange(1, 5, dtype=np.float64).reshape(1, 1, 2, 2), F32)
    y.backward(dy.torch())
    fx.add("maxPool2dBackprop/overlapping_ties", "maxPool2dBackprop", [x, dy], from_torch(xt.grad, F32),
           kernelSize=[2, 2], stride=[1, 1], padding=[0, 0, 0, 0])

    # -Infinity inputs next to padding, NaN, 3-D input, int32, float64.
    x = T([[[[-INF, -INF, 1.0], [-INF, -INF, 2.0], [0.0, 0.0, 0.0]]]], F32)
    fx.add("maxPool2d/neg_inf_with_padding", "maxPool2d", [x],
           from_torch(F.max_pool2d(x.torch(), 2, 1, 1), F32), kernelSize=2, stride=1, padding=1)
    x = T([[[[1.0, NAN, 0.0, 2.0], [3.0, 4.0, 5.0, 6.0]]]], F32)
    fx.add("maxPool2d/nan", "maxPool2d", [x], from_torch(F.max_pool2d(x.torch(), 2), F32), kernelSize=2)
    fx.add("avgPool2d/nan", "avgPool2d", [x], from_torch(F.avg_pool2d(x.torch(), 2), F32), kernelSize=2)
    x = draw.normal([2, 4, 4])
    fx.add("maxPool2d/3d_input", "maxPool2d", [x],
           from_torch(F.max_pool2d(x.torch()[None], 2)[0], F32), kernelSize=2)
    fx.add("avgPool2d/3d_input", "avgPool2d", [x],
           from_torch(F.avg_pool2d(x.torch()[None], 3, 1, 1, count_include_pad=False)[0], F32),
           kernelSize=3, stride=1, padding=1, countIncludePad=False)
    xi = T(np.arange(16).reshape(1, 1, 4, 4) % 7, I32)
    fx.add("maxPool2d/int32", "maxPool2d", [xi], out(F.max_pool2d(xi.torch(), 2).numpy(), I32), kernelSize=2)
    x = draw.normal([1, 2, 4, 4], F64)
    fx.add("maxPool2d/float64", "maxPool2d", [x], from_torch(F.max_pool2d(x.torch(), 3, 1, 1), F64),
           kernelSize=3, stride=1, padding=1)
    fx.add("avgPool2d/float64", "avgPool2d", [x],
           from_torch(F.avg_pool2d(x.torch(), 3, 2, 1, count_include_pad=False), F64),
           kernelSize=3, stride=2, padding=1, countIncludePad=False)
    xt = x.torch(True)
    y = F.max_pool2d(xt, 2, 2)
    dy = draw.normal(list(y.shape), F64)
    y.backward(dy.torch())
    fx.add("maxPool2dBackprop/float64", "maxPool2dBackprop", [x, dy], from_torch(xt.grad, F64),
           kernelSize=[2, 2], stride=[2, 2], padding=[0, 0, 0, 0])
    xt = x.torch(True)
    y = F.avg_pool2d(xt, 3, 1, 1, count_include_pad=True)
    dy = draw.normal(list(y.shape), F64)
    y.backward(dy.torch())
    fx.add("avgPool2dBackprop/float64", "avgPool2dBackprop", [dy], from_torch(xt.grad, F64),
           kernelSize=[3, 3], stride=[1, 1], padding=[1, 1, 1, 1], countIncludePad=True, inputShape=[1, 2, 4, 4])


# --------------------------------------------------------------------------------------


def main():
    # NumPy warns about empty means and zero degrees of freedom; those cases are intended.
    warnings.simplefilter("ignore", RuntimeWarning)
    fx = Fixtures()
    creation_cases(fx)
    unary_cases(fx)
    activation_cases(fx)
    binary_cases(fx)
    where_cases(fx)
    reduce_cases(fx)
    softmax_cases(fx)
    matmul_cases(fx)
    layout_cases(fx)
    index_cases(fx)
    conv_cases(fx)
    pool_cases(fx)
    text = json.dumps({"generator": "packages/tensor/scripts/generate_fixtures.py", "cases": fx.cases},
                      separators=(",", ":"), allow_nan=False)
    # One case per line keeps diffs readable.
    text = text.replace(',{"name":', ',\n{"name":').replace('"cases":[{', '"cases":[\n{')
    with open(OUTPUT, "w") as f:
        f.write(text + "\n")
    counts = {}
    for case in fx.cases:
        counts[case["op"]] = counts.get(case["op"], 0) + 1
    print(f"wrote {len(fx.cases)} cases ({os.path.getsize(OUTPUT)} bytes) to {os.path.relpath(OUTPUT)}")
    for op, count in counts.items():
        print(f"  {op}: {count}")


if __name__ == "__main__":
    main()
