#!/usr/bin/env bash
# How samples/sample-shot.mp4 was made (kept for reproducibility; the product ships the file):
# the sample world's red star moving, turning and scaling over grey stripes (a slow pan), as the
# README and the demo describe it: the demo's shot and the sample project's (seed 7), rendered at
# 256x256 (so the Import Video wizard's preview shows it at a readable size), 16 frames at the
# world's 7.5 fps, H.264 (openh264), about 34 KB, by the headless product's "sample" job.
# Imported with the wizard's defaults (the sample model's own 64x64, frames 0-15, stride 1) it is the
# clip Help > Open the Sample Project makes; its truth (star tips per frame) is left out of samples/.
set -euo pipefail
cd "$(dirname "$0")"
P=${P:-../product/io.vswap.batch.product/target/products/io.vswap.batch.product/linux/gtk/x86_64/vswap-batch}
"$P/vswap" batch --job sample output=sample-shot.mp4 seed=7 size=256 frames=16 \
  shape=star color=red pattern=striped background=grey
rm -f sample-shot.truth.json
