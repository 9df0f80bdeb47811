"""Writes fixtures/vision-transforms.json: the dataset vision transforms computed by PyTorch.

Resize is torch.nn.functional.interpolate(mode='bilinear', align_corners=False, no antialias),
the half-pixel-centre bilinear of OpenCV's INTER_LINEAR that MindSpore's vision.Resize uses;
Pad is torch.nn.functional.pad in constant mode; Normalize and Rescale are plain float32
arithmetic in torch. Run with Debian's python3-torch:

    /usr/bin/python3 packages/train/scripts/generate_vision_fixtures.py
"""

import json
import pathlib

import torch
import torch.nn.functional as F

torch.manual_seed(0)


def hwc_uint8(height, width, channels):
    return torch.randint(0, 256, (height, width, channels), dtype=torch.uint8)


def resize_case(height, width, channels, out_height, out_width):
    image = hwc_uint8(height, width, channels)
    nchw = image.permute(2, 0, 1).unsqueeze(0).to(torch.float64)
    out = F.interpolate(nchw, size=(out_height, out_width), mode="bilinear", align_corners=False)
    return {
        "shape": [height, width, channels],
        "input": image.flatten().tolist(),
        "size": [out_height, out_width],
        "expected": out[0].permute(1, 2, 0).flatten().tolist(),
    }


def pad_case(height, width, channels, padding, fill):
    image = hwc_uint8(height, width, channels)
    left, top, right, bottom = padding
    out = F.pad(image.permute(2, 0, 1).to(torch.int32), (left, right, top, bottom), value=fill)
    return {
        "shape": [height, width, channels],
        "input": image.flatten().tolist(),
        "padding": padding,
        "fill": fill,
        "expected": out.permute(1, 2, 0).flatten().tolist(),
        "expectedShape": list(out.permute(1, 2, 0).shape),
    }


def normalize_case(height, width, channels, mean, std):
    image = hwc_uint8(height, width, channels)
    x = image.to(torch.float32) * torch.tensor(1 / 255, dtype=torch.float32)
    out = (x - torch.tensor(mean, dtype=torch.float32)) / torch.tensor(std, dtype=torch.float32)
    return {
        "shape": [height, width, channels],
        "input": image.flatten().tolist(),
        "mean": mean,
        "std": std,
        "rescaled": x.flatten().tolist(),
        "expected": out.flatten().tolist(),
    }


fixtures = {
    "resize": [
        resize_case(28, 28, 1, 32, 32),
        resize_case(7, 5, 3, 4, 9),
        resize_case(6, 6, 2, 3, 3),
    ],
    "pad": [pad_case(28, 28, 1, [2, 2, 2, 2], 0), pad_case(3, 4, 3, [1, 0, 2, 3], 7)],
    "normalize": [
        normalize_case(28, 28, 1, [0.1307], [0.3081]),
        normalize_case(4, 3, 3, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ],
}

out = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "vision-transforms.json"
out.write_text(json.dumps(fixtures) + "\n")
print(f"wrote {out}")
