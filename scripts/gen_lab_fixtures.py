"""Runs the Kernel Lab's "Copy as PyTorch" code with real torch (see gen_lab_fixtures.mjs).

Reads {picture, cases: [{name, state, code}]} on stdin; each case's code opens an image file by
name, so PIL.Image.open is redirected to the synthetic picture. Writes the cases with torch's
output (`shape`, `values`, float32 rounded to 8 significant digits) on stdout.
"""
import contextlib
import json
import sys

import numpy as np
import torch
from PIL import Image

torch.set_num_threads(1)
data = json.load(sys.stdin)
picture = data["picture"]
rgba = np.array(picture["rgba"], dtype=np.uint8).reshape(picture["height"], picture["width"], 4)
Image.open = lambda *_args, **_kwargs: Image.fromarray(rgba, "RGBA")

results = []
for case in data["cases"]:
    scope = {}
    with contextlib.redirect_stdout(sys.stderr):  # the code ends with print(y.shape)
        exec(compile(case["code"], case["name"], "exec"), scope)
    y = scope["y"].detach()
    if "y_f" in scope:
        # The functional spelling must agree with the module one.
        assert torch.allclose(scope["y_f"], scope["conv"](scope["x"]), atol=1e-6), case["name"]
    results.append({
        "name": case["name"],
        "state": case["state"],
        "code": case["code"],
        "shape": list(y.shape),
        "values": [float(f"{v:.8g}") for v in y.flatten().tolist()],
    })

json.dump({"generator": "scripts/gen_lab_fixtures.mjs", "torch": torch.__version__, "cases": results}, sys.stdout, indent=1)
