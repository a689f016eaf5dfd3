#!/usr/bin/python3
"""Reference numbers for io.vswap.eval's background SSIM, from scikit-image itself.

Rerun (in this folder): /usr/bin/python3 make_ssim_fixture.py  (Debian: python3-skimage 0.19, python3-numpy)
Writes ssim-fixture.json: two small RGB images (a textured one and a noisy, shifted, brightened
copy), a subject mask, and scikit-image's SSIM map mean over the background inside the border that
skimage's own mean crops ((win_size - 1) // 2) and beyond the window's reach of the subject (the
mask grown by that half width, a square), with the settings the Java side uses.
"""
import json
import numpy as np
from skimage.metrics import structural_similarity

rng = np.random.default_rng(31)
h, w = 36, 44
yy, xx = np.mgrid[0:h, 0:w]
base = np.stack([128 + 60 * np.sin(xx / 3.0 + c) * np.cos(yy / 4.0) for c in range(3)], axis=2)
a = np.clip(base + rng.normal(0, 6, base.shape), 0, 255).round().astype(np.uint8)
b = np.clip(np.roll(base, 1, axis=1) * 0.9 + 20 + rng.normal(0, 10, base.shape), 0, 255).round().astype(np.uint8)
mask = np.zeros((h, w), bool)
mask[14:23, 17:29] = True  # the subject: left out of the mean

_, full = structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                                data_range=255, channel_axis=2, full=True)
smap = full.mean(axis=2)
pad = (11 - 1) // 2
grown = np.zeros_like(mask)
for y, x in zip(*np.nonzero(mask)):
    grown[max(0, y - pad):y + pad + 1, max(0, x - pad):x + pad + 1] = True
keep = ~grown
keep[:pad, :] = False
keep[-pad:, :] = False
keep[:, :pad] = False
keep[:, -pad:] = False
mssim_all = structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                                  data_range=255, channel_axis=2)
out = {
    "source": "scikit-image %s structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False, "
              "data_range=255, channel_axis=2, full=True)" % __import__("skimage").__version__,
    "width": w, "height": h,
    "a": a.reshape(-1).tolist(), "b": b.reshape(-1).tolist(),
    "mask": mask.reshape(-1).astype(int).tolist(),
    "backgroundSsim": float(smap[keep].mean()),
    "wholeFrameSsim": float(mssim_all),
    "mapAt": {"x": 7, "y": 9, "value": float(smap[9, 7])},
}
with open("ssim-fixture.json", "w") as f:
    json.dump(out, f)
print(out["backgroundSsim"], out["wholeFrameSsim"])
