#!/usr/bin/env bash
# The smoke cases on gpu.js's webgpu mode in Node, where a Vulkan adapter exists. WebGPU
# reads back asynchronously only, so the parity suite (which uses dataSync) cannot run here.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! node -e "require.resolve('webgpu', { paths: [process.cwd()] })" 2> /dev/null; then
  echo "skipped: the 'webgpu' package (Dawn for Node) is not a dependency here"
  exit 0
fi
if [ -z "${VK_ICD_FILENAMES:-}" ] && ! ls /usr/share/vulkan/icd.d/*.json > /dev/null 2>&1; then
  echo 'skipped: no Vulkan driver (set VK_ICD_FILENAMES to a lavapipe ICD; see the README)'
  exit 0
fi
exec npx tsx --conditions=@gradkit/source scripts/smoke/run-node-smoke.ts webgpu
