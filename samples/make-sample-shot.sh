#!/usr/bin/env bash
# How samples/sample-shot.mp4 was made (kept for reproducibility; the product ships the file):
# 4 s, 24 fps, 640x360 H.264 — a textured red disc moving along a gentle curve over a static
# grey texture (a locked-off camera), centre (200 + 60 t, 180 + 30 sin 1.5t), radius 56 px.
set -euo pipefail
cd "$(dirname "$0")"
cx='(200+60*T)'
cy='(180+30*sin(1.5*T))'
ffmpeg -v error -y \
  -f lavfi -i "nullsrc=s=640x360:r=24,format=gray,geq=lum='128+60*sin(X/23)*cos(Y/17)+20*sin(X/5+Y/9)',format=yuv420p" \
  -f lavfi -i "nullsrc=s=640x360:r=24" \
  -filter_complex "[1:v]format=rgba,geq=r='190+55*sin((X-$cx)/6)':g='50+40*sin((Y-$cy)/5)':b='40+30*sin((X-$cx+Y-$cy)/4)':a='if(lt(hypot(X-$cx,Y-$cy),56),255,0)'[disc];[0:v][disc]overlay=format=auto,format=yuv420p" \
  -t 4 -c:v libx264 -preset slow -crf 24 -movflags +faststart sample-shot.mp4
