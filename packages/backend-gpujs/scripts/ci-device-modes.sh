#!/usr/bin/env bash
# gpu.js's device modes in Node, as CI runs them (.ci/run) on a fresh Debian 12 machine:
#   1. apt packages (one `apt-get update`, only when something is missing): a C++ toolchain
#      and Xvfb + Mesa for headlessgl; the Vulkan loader and Mesa 25 lavapipe's libraries for
#      webgpu.
#   2. headlessgl: compiles the `gl` addon (gl 9 ships ANGLE prebuilt in its npm package, so
#      only the small addon compiles, offline; pnpm does not run gl's install script, which
#      would try prebuild-install, a download from GitHub).
#   3. webgpu: Mesa 25's lavapipe (Debian 12's Mesa 22 is too old for Dawn) from
#      bookworm-backports, downloaded with a private apt configuration (the machine's apt
#      sources are not touched) and unpacked under $GRADKIT_LAVAPIPE_DIR, not installed.
#   4. `test:headlessgl` (this package's tests) and `test:webgpu` (smoke cases and the
#      conformance suite), each with its wall time.
# With GRADKIT_REQUIRE_DEVICE_MODES=1 (set by CI) a missing prerequisite fails; without it,
# the mode is skipped with the reason. Run as root (apt), or with everything already there.
set -euo pipefail
cd "$(dirname "$0")/.."
REQUIRED=${GRADKIT_REQUIRE_DEVICE_MODES:-0}
# Which modes' tests run (both by default); the setup steps run regardless.
MODES=${GRADKIT_DEVICE_MODES:-headlessgl,webgpu}
LAVAPIPE_DIR=${GRADKIT_LAVAPIPE_DIR:-${TMPDIR:-/tmp}/gradkit-lavapipe}
# Mesa 25 lavapipe and the libdrm it needs, from bookworm-backports (measured versions).
LAVAPIPE_DEBS=(mesa-vulkan-drivers=25.0.7-2~bpo12+1 libdrm2=2.4.123-1~bpo12+1
  libdrm-amdgpu1=2.4.123-1~bpo12+1)
HEADLESSGL_APT=(g++ make python3 xvfb xauth libgl1-mesa-dri libglx-mesa0 libx11-6 libxext6)
WEBGPU_APT=(libvulkan1)

started_all=$(date +%s)
headlessgl_missing=''
webgpu_missing=''
failures=0

# Seconds since $1, for the timing lines.
since() { echo $(($(date +%s) - $1)); }

# A prerequisite is missing: under GRADKIT_REQUIRE_DEVICE_MODES=1 that fails the run.
missing() {
  echo "device modes: $1"
  if [ "$REQUIRED" = 1 ]; then failures=$((failures + 1)); fi
}

is_bookworm() { grep -qs '^VERSION_CODENAME=bookworm$' /etc/os-release; }

# --- 1. apt packages -----------------------------------------------------------------------
absent_packages() {
  for p in "$@"; do
    [ "$(dpkg-query -W -f='${Status}' "${p%%=*}" 2> /dev/null)" = 'install ok installed' ] ||
      echo "${p%%=*}"
  done
}

# lavapipe's run-time libraries: the Depends of the backports deb, installed from Debian 12's
# own archive (only libdrm must be newer, and that is unpacked with lavapipe).
lavapipe_depends() {
  local deb
  deb=$(ls "$LAVAPIPE_DIR"/debs/mesa-vulkan-drivers_*.deb 2> /dev/null | head -n 1)
  [ -n "$deb" ] || return 0
  dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -e 's/|.*//' -e 's/(.*)//' -e 's/ //g' |
    grep -v -e '^$' -e '^libdrm'
}

# Private apt state for bookworm-backports: `apt-get download` only, nothing installed.
APT_BPO=(-o "Dir::Etc::SourceList=$LAVAPIPE_DIR/apt/sources.list"
  -o "Dir::Etc::SourceParts=$LAVAPIPE_DIR/apt/sources.list.d"
  -o "Dir::State::Lists=$LAVAPIPE_DIR/apt/lists" -o "Dir::Cache=$LAVAPIPE_DIR/apt/cache"
  -o 'Debug::NoLocking=1' -o 'APT::Sandbox::User=root')

# The Debian archive this machine's apt already uses, so the project names no host of its own.
debian_archive() {
  local uri
  uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' \
    /etc/apt/sources.list.d/*.sources 2> /dev/null | head -n 1)
  if [ -z "$uri" ]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' \
      /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2> /dev/null | head -n 1)
  fi
  echo "$uri"
}

download_lavapipe() {
  if ls "$LAVAPIPE_DIR"/debs/mesa-vulkan-drivers_*.deb > /dev/null 2>&1; then return 0; fi
  mkdir -p "$LAVAPIPE_DIR"/apt/lists/partial "$LAVAPIPE_DIR"/apt/cache/archives/partial \
    "$LAVAPIPE_DIR"/apt/sources.list.d "$LAVAPIPE_DIR"/debs
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg signed=''
  if [ -f "$keyring" ]; then signed="[signed-by=$keyring] "; fi
  local archive
  archive=$(debian_archive)
  if [ -z "$archive" ]; then
    echo "device modes: no Debian archive found in this machine's apt sources"
    return 1
  fi
  echo "deb ${signed}${archive} bookworm-backports main" > "$LAVAPIPE_DIR/apt/sources.list"
  apt-get "${APT_BPO[@]}" update -qq || return 1
  (
    cd "$LAVAPIPE_DIR/debs"
    if ! apt-get "${APT_BPO[@]}" download -qq "${LAVAPIPE_DEBS[@]}" 2> /dev/null; then
      # Backports keeps only its newest build: take that, and say which it is.
      echo "device modes: pinned lavapipe debs are gone from bookworm-backports; taking the newest"
      local newest=()
      for d in "${LAVAPIPE_DEBS[@]}"; do newest+=("${d%%=*}/bookworm-backports"); done
      apt-get "${APT_BPO[@]}" download -qq "${newest[@]}"
    fi
  )
}

step=$(date +%s)
webgpu_debs_ok=1
if is_bookworm && command -v apt-get > /dev/null; then
  download_lavapipe || webgpu_debs_ok=0
else
  webgpu_debs_ok=0
fi
mapfile -t wanted < <(
  {
    absent_packages "${HEADLESSGL_APT[@]}" "${WEBGPU_APT[@]}"
    # shellcheck disable=SC2046
    absent_packages $(lavapipe_depends)
  } | sort -u
)
if [ ${#wanted[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "device modes: apt-get install ${wanted[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" \
      > /dev/null
  else
    echo "device modes: cannot install ${wanted[*]} (needs root and apt-get)"
  fi
fi
echo "device modes: apt packages ready in $(since "$step") s"

# --- 2. headlessgl: the gl addon --------------------------------------------------------------
step=$(date +%s)
if ! command -v xvfb-run > /dev/null; then
  headlessgl_missing='xvfb-run is missing (apt-get install xvfb xauth libgl1-mesa-dri)'
elif ! node scripts/check-gl.cjs > /dev/null; then
  # gpu.js's `gl` and the node-gyp that gl itself depends on (no npx download).
  mapfile -t gl_paths < <(node -e "
    const path = require('node:path');
    const gpujs = path.dirname(require.resolve('gpu.js/package.json'));
    const gl = path.dirname(require.resolve('gl/package.json', { paths: [gpujs] }));
    const gyp = path.dirname(require.resolve('node-gyp/package.json', { paths: [gl] }));
    console.log(gl + '\n' + path.join(gyp, 'bin', 'node-gyp.js'));
  " 2> /dev/null || true)
  if [ ${#gl_paths[@]} -lt 2 ]; then
    headlessgl_missing="gpu.js's 'gl' dependency (or its node-gyp) is not installed"
  else
    # Node's headers from the Node installation itself (nodesource and Debian ship them), so
    # node-gyp downloads nothing; without them it fetches the header tarball from nodejs.org.
    node_prefix=$(dirname "$(dirname "$(command -v node)")")
    nodedir=()
    if [ -f "$node_prefix/include/node/node.h" ]; then nodedir=(--nodedir="$node_prefix"); fi
    gl_log="${TMPDIR:-/tmp}/gradkit-gl-build.log"
    echo "device modes: compiling the gl addon in ${gl_paths[0]}"
    if ! (cd "${gl_paths[0]}" && node "${gl_paths[1]}" rebuild "${nodedir[@]}" --jobs=2 \
      > "$gl_log" 2>&1); then
      tail -n 30 "$gl_log"
      headlessgl_missing="the gl addon did not compile (log: $gl_log)"
    elif ! node scripts/check-gl.cjs; then
      headlessgl_missing='the gl addon compiled but does not load'
    fi
  fi
fi
echo "device modes: gl addon ready in $(since "$step") s"

# --- 3. webgpu: unpack lavapipe ---------------------------------------------------------------
step=$(date +%s)
lvp_root="$LAVAPIPE_DIR/root"
lvp_icd="$lvp_root/usr/share/vulkan/icd.d/lvp_icd.json"
webgpu_env=()
if [ "$webgpu_debs_ok" = 0 ]; then
  webgpu_missing='Mesa 25 lavapipe is not available (needs Debian 12, apt and the bookworm-backports suite of its archive)'
else
  if [ ! -f "$lvp_icd" ]; then
    for deb in "$LAVAPIPE_DIR"/debs/*.deb; do dpkg-deb -x "$deb" "$lvp_root"; done
  fi
  lvp_lib="$lvp_root/usr/lib/$(uname -m)-linux-gnu"
  if unresolved=$(LD_LIBRARY_PATH="$lvp_lib" ldd "$lvp_lib/libvulkan_lvp.so" | grep 'not found'); then
    webgpu_missing="lavapipe's libraries do not resolve:$(echo "$unresolved" | tr -s ' \t\n' ' ')"
  elif ! [[ "$({ ldconfig -p || /sbin/ldconfig -p; } 2> /dev/null)" == *'libvulkan.so.1 '* ]]; then
    webgpu_missing='the Vulkan loader is missing (apt-get install libvulkan1)'
  else
    # Only the webgpu run sees lavapipe: headlessgl renders through Mesa's GL under Xvfb.
    webgpu_env=(VK_ICD_FILENAMES="$lvp_icd" LD_LIBRARY_PATH="$lvp_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
    echo "device modes: lavapipe $(basename "$(ls "$LAVAPIPE_DIR"/debs/mesa-vulkan-drivers_*.deb)") unpacked in $lvp_root"
  fi
fi
echo "device modes: lavapipe ready in $(since "$step") s"

# --- 4. the tests ------------------------------------------------------------------------------
run_mode() {
  local mode=$1 reason=$2 script=$3 step
  shift 3
  case ",$MODES," in *",$mode,"*) ;; *) return 0 ;; esac
  step=$(date +%s)
  if [ -n "$reason" ]; then
    missing "$mode skipped: $reason"
    return 0
  fi
  if ! env "$@" GRADKIT_REQUIRE_DEVICE_MODES=1 bash "scripts/$script"; then
    echo "device modes: $mode FAILED"
    failures=$((failures + 1))
  fi
  echo "device modes: $mode tests took $(since "$step") s"
}
run_mode headlessgl "$headlessgl_missing" test-headlessgl.sh
run_mode webgpu "$webgpu_missing" test-webgpu.sh "${webgpu_env[@]}"

echo "device modes: done in $(since "$started_all") s, $failures failed"
exit $((failures > 0))
