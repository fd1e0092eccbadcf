#!/usr/bin/env bash
# Installs the system tools the test suite uses (ffmpeg for the system-ffmpeg video backend and
# for making test media; chromium for the WebCodecs browser test) from Debian's packages when they
# are missing. Needs root or sudo;
# without either it says what is missing and the suite uses the WASM backends.
set -u
missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
  echo "[mediadna] missing system tools: ${missing[*]} (no root; install them with apt-get)" >&2; exit 0; fi
echo "[mediadna] installing ${missing[*]} with apt-get" >&2
$SUDO apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
  || echo "[mediadna] could not install ${missing[*]}" >&2
exit 0
