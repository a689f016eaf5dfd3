#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build, test and run VideoSwap Studio.
# Idempotent: installs nothing when everything is there.
set -euo pipefail
need=()
command -v unzip >/dev/null || need+=(unzip)
command -v xvfb-run >/dev/null || need+=(xvfb xauth)
command -v ffmpeg >/dev/null || need+=(ffmpeg)          # the benchmark's reference; sample regeneration
dpkg -s libgtk-3-0 >/dev/null 2>&1 || dpkg -s libgtk-3-0t64 >/dev/null 2>&1 || need+=(libgtk-3-0)
command -v import >/dev/null && import -version 2>/dev/null | grep -q ImageMagick || need+=(imagemagick)  # screenshots
command -v chromium >/dev/null || need+=(chromium)    # the preference study's web page, tested in a headless browser
jdk=""
for j in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
  v=$("${j}bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  if [ -n "$v" ] && [ "$v" -ge 21 ] && [ -x "${j}bin/javac" ]; then jdk=$j; break; fi
done
[ -n "$jdk" ] || need+=(openjdk-21-jdk-headless)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=""; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
