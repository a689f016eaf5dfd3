#!/usr/bin/env bash
# How samples/sample-shot.mp4 was made (kept for reproducibility; the product ships the file):
# 4 s, 24 fps, 640x360 H.264 — a red disc moving along a curve over a moving grey texture.
set -euo pipefail
cd "$(dirname "$0")"
ffmpeg -v error -y \
  -f lavfi -i "nullsrc=s=640x360:r=24,format=gray,geq=lum='128+60*sin(X/23+T)*cos(Y/17)',format=yuv420p" \
  -f lavfi -i "color=c=0xd04020:s=640x360:r=24" \
  -filter_complex "[1:v]format=yuva420p,geq=lum='lum(X,Y)':cb='cb(X,Y)':cr='cr(X,Y)':a='if(lt(hypot(X-(120+100*T),Y-(180+60*sin(2*T))),56),255,0)'[disc];[0:v][disc]overlay=format=auto,format=yuv420p" \
  -t 4 -c:v libx264 -preset slow -crf 26 -movflags +faststart sample-shot.mp4
