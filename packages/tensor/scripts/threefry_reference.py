"""Independent reference for Threefry-2x32 with 20 rounds, written from the Random123 spec.

Uses numpy uint32 arithmetic (wrapping) so it shares no code with the TypeScript version.
Prints a JSON fixture of (key, counter) -> output blocks; the TypeScript tests compare
src/random/threefry.ts against it. Regenerate with:

    python3 packages/tensor/scripts/threefry_reference.py > packages/tensor/fixtures/threefry.json
"""

import json

import numpy as np

# Rotation distances of Threefry-2x32 (Random123's R_32x2), one per round, repeating every 8.
ROTATIONS = (13, 15, 26, 6, 17, 29, 16, 24)
# The Skein key-schedule parity constant.
PARITY = np.uint32(0x1BD11BDA)


def rotate_left(value, distance):
    return (value << np.uint32(distance)) | (value >> np.uint32(32 - distance))


def threefry2x32_20(key, counter):
    """Encrypts the 2-word `counter` under the 2-word `key`; all values are uint32 words."""
    with np.errstate(over="ignore"):
        schedule = [np.uint32(key[0]), np.uint32(key[1])]
        schedule.append(PARITY ^ schedule[0] ^ schedule[1])
        x0 = np.uint32(counter[0]) + schedule[0]
        x1 = np.uint32(counter[1]) + schedule[1]
        for round_index in range(20):
            x0 = x0 + x1
            x1 = rotate_left(x1, ROTATIONS[round_index % 8])
            x1 = x1 ^ x0
            if round_index % 4 == 3:
                # Key injection after every 4 rounds, with the injection count added to x1.
                injection = (round_index + 1) // 4
                x0 = x0 + schedule[injection % 3]
                x1 = x1 + schedule[(injection + 1) % 3] + np.uint32(injection)
    return [int(x0), int(x1)]


def main():
    generator = np.random.default_rng(20240611)
    cases = [
        ([0, 0], [0, 0]),
        ([0xFFFFFFFF, 0xFFFFFFFF], [0xFFFFFFFF, 0xFFFFFFFF]),
        ([0x13198A2E, 0x03707344], [0x243F6A88, 0x85A308D3]),
        ([0, 42], [0, 0]),
        ([0, 42], [0, 1]),
        ([0, 42], [1, 0]),
    ]
    for _ in range(58):
        words = generator.integers(0, 2**32, size=4, dtype=np.uint64)
        cases.append(([int(words[0]), int(words[1])], [int(words[2]), int(words[3])]))
    vectors = [
        {"key": key, "counter": counter, "output": threefry2x32_20(key, counter)}
        for key, counter in cases
    ]
    # One vector per line keeps the fixture readable and its diffs small.
    lines = ",\n".join("  " + json.dumps(vector) for vector in vectors)
    print('{"algorithm": "threefry2x32_20", "vectors": [\n' + lines + "\n]}")


if __name__ == "__main__":
    main()
