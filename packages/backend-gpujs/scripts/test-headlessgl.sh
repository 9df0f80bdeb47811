#!/usr/bin/env bash
# The whole parity suite on gpu.js's headlessgl mode: headless-gl under Xvfb, rendered by
# Mesa's llvmpipe. Prerequisites (see the README): apt packages and a built `gl` module.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v xvfb-run > /dev/null; then
  echo 'skipped: xvfb-run is missing (apt-get install xvfb xauth libgl1-mesa-dri)'
  exit 0
fi
node scripts/check-gl.cjs || exit 0
GRADKIT_GPUJS_MODE=headlessgl exec xvfb-run -a npx vitest run --reporter=default "$@"
