#!/usr/bin/env bash
# This package's tests (among them @gradkit/tensor's conformance suite) on gpu.js's headlessgl mode: headless-gl under Xvfb, rendered by
# Mesa's llvmpipe. Prerequisites (see the README; scripts/ci-device-modes.sh sets them up):
# apt packages and the `gl` addon compiled. Skips with the reason when they are missing, or
# fails under GRADKIT_REQUIRE_DEVICE_MODES=1.
set -euo pipefail
cd "$(dirname "$0")/.."
skip() {
  echo "skipped: $1"
  if [ "${GRADKIT_REQUIRE_DEVICE_MODES:-0}" = 1 ]; then exit 1; fi
  exit 0
}
if ! command -v xvfb-run > /dev/null; then
  skip 'xvfb-run is missing (apt-get install xvfb xauth libgl1-mesa-dri)'
fi
reason=$(node scripts/check-gl.cjs) || skip "${reason#skipped: }"
started=$(date +%s)
status=0
GRADKIT_GPUJS_MODE=headlessgl xvfb-run -a npx vitest run --reporter=default "$@" || status=$?
echo "headlessgl tests: $(($(date +%s) - started)) s"
exit "$status"
