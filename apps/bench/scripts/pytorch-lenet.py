"""PyTorch's LeNet5 training step on this machine, for the W4 comparison in the README.

The same step as W4 (MindSpore's LeNet5 on 32×32 inputs, batch 64, softmax cross-entropy, Adam
lr 1e-3) on Debian's python3-torch with 2 threads. Prints the median of `--rounds` samples, each
the mean of the steps that fit in 200 ms, as apps/bench samples its systems.

    python3 apps/bench/scripts/pytorch-lenet.py [--threads 2] [--rounds 5]
"""

import argparse
import statistics
import time

import torch
from torch import nn


def lenet5() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 6, 5),
        nn.ReLU(),
        nn.MaxPool2d(2, 2),
        nn.Conv2d(6, 16, 5),
        nn.ReLU(),
        nn.MaxPool2d(2, 2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120),
        nn.ReLU(),
        nn.Linear(120, 84),
        nn.ReLU(),
        nn.Linear(84, 10),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = lenet5()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(args.batch, 1, 32, 32)
    y = torch.randint(0, 10, (args.batch,))

    def step() -> None:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(20):
        step()
    samples = []
    for _ in range(args.rounds):
        steps = 0
        start = time.perf_counter()
        while time.perf_counter() - start < 0.2:
            step()
            steps += 1
        samples.append((time.perf_counter() - start) / steps * 1e3)
    print(
        f"pytorch {torch.__version__} lenet5 b{args.batch}, {args.threads} threads: "
        f"median {statistics.median(samples):.2f} ms/step "
        f"(min {min(samples):.2f}, max {max(samples):.2f})"
    )


if __name__ == "__main__":
    main()
