#!/usr/bin/env bash
# Configures a build folder (once) and builds the given targets; with no
# target, the server alone.
#   tools/build.sh                  build/ddbemu (RelWithDebInfo)
#   tools/build.sh checks           the server, the unit tests and the bench tools
# DDBEMU_BUILD_DIR picks the folder (default build/); DDBEMU_CMAKE_ARGS adds
# CMake options, e.g. -DDDBEMU_SANITIZE=address (docs/building.md).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${DDBEMU_BUILD_DIR:-build}
if [ ! -f "$dir/build.ninja" ] || [ -n "${DDBEMU_CMAKE_ARGS:-}" ]; then
  # shellcheck disable=SC2086 # the arguments are words
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${DDBEMU_CMAKE_ARGS:-} >/dev/null
fi
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(ddbemu)
cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}"
