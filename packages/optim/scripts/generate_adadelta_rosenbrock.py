"""Where PyTorch's Adadelta stands on Rosenbrock's function after many steps.

Adadelta does not reach Rosenbrock's optimum (its steps shrink with its own history), so the
convergence test compares our long-horizon trajectory with PyTorch's instead.
Run with Debian's python3-torch: /usr/bin/python3 packages/optim/scripts/generate_adadelta_rosenbrock.py
"""
import json
import pathlib

import torch

STEPS = [2000, 8000]
result = []
for steps in STEPS:
    w = torch.zeros(2, dtype=torch.float32, requires_grad=True)
    optimizer = torch.optim.Adadelta([w], lr=1.0)
    for _ in range(steps):
        optimizer.zero_grad()
        x, y = w[0], w[1]
        loss = (1 - x) ** 2 + 100 * (y - x * x) ** 2
        loss.backward()
        optimizer.step()
    result.append({"steps": steps, "learningRate": 1.0, "params": [float(v) for v in w.detach()]})

out = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "adadelta-rosenbrock.json"
out.write_text(json.dumps({"source": f"torch {torch.__version__}", "cases": result}, indent=1) + "\n")
print(f"wrote {out}")
