#!/usr/bin/env bash
# gpu.js's webgpu mode in Node, where a Vulkan adapter exists (scripts/ci-device-modes.sh
# sets one up: Mesa 25's lavapipe). WebGPU reads back asynchronously only, so the tests that
# read with dataSync cannot run there; this runs the smoke cases, then @gradkit/tensor's
# conformance suite (src/conformance.test.ts), whose reads (assertTensorClose) are awaited
# after each test (src/testing/deferred-reads.ts). Skips with
# the reason when prerequisites are missing, or fails under GRADKIT_REQUIRE_DEVICE_MODES=1.
set -euo pipefail
cd "$(dirname "$0")/.."
skip() {
  echo "skipped: $1"
  if [ "${GRADKIT_REQUIRE_DEVICE_MODES:-0}" = 1 ]; then exit 1; fi
  exit 0
}
if ! node -e "require.resolve('webgpu', { paths: [process.cwd()] })" 2> /dev/null; then
  skip "the 'webgpu' package (Dawn for Node) is not installed here"
fi
if [ -z "${VK_ICD_FILENAMES:-}" ] && ! ls /usr/share/vulkan/icd.d/*.json > /dev/null 2>&1; then
  skip 'no Vulkan driver (set VK_ICD_FILENAMES to a lavapipe ICD; see the README)'
fi
started=$(date +%s)
npx tsx --conditions=@gradkit/source scripts/smoke/run-node-smoke.ts webgpu
echo "webgpu smoke: $(($(date +%s) - started)) s"
started=$(date +%s)
status=0
GRADKIT_GPUJS_MODE=webgpu npx vitest run --reporter=default "$@" || status=$?
echo "webgpu conformance suite: $(($(date +%s) - started)) s"
exit "$status"
