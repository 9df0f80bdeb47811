"""Independent reference for mulberry32 (Tommy Ettinger's 32-bit generator), written from its
published C form with plain Python integers masked to 32 bits, so it shares no code with the
TypeScript version. Prints a JSON fixture of seed -> first draws (as uniform floats in [0, 1));
the TypeScript tests compare src/random/seeded-uniform.ts against it. Regenerate with:

    python3 packages/tensor/scripts/mulberry32_reference.py > packages/tensor/fixtures/mulberry32.json
"""

import json

MASK = 0xFFFFFFFF


def imul(a, b):
    return (a * b) & MASK


def mulberry32(seed, count):
    state = seed & MASK
    out = []
    for _ in range(count):
        state = (state + 0x6D2B79F5) & MASK
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & MASK
        out.append(((t ^ (t >> 14)) & MASK) / 4294967296)
    return out


# Seeds as JavaScript passes them: negative ones and ones past 2^32 wrap to 32 bits.
SEEDS = [0, 1, 42, 123456789, 0xFFFFFFFF, -1, -7, 2**32 + 5, 0x9E3779B9]

print(json.dumps({"cases": [{"seed": s, "draws": mulberry32(s, 16)} for s in SEEDS]}, indent=1))
