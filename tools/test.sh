#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test:
#   0. the layout check (.clang-format);
#   1. the release build (warnings are errors) and its unit tests;
#   2. the AddressSanitizer + UndefinedBehaviorSanitizer build: its unit
#      tests, then the conformance suite against the sanitized ddbemu; any
#      sanitizer report fails the run;
#   3. the conformance suite against the release ddbemu and against
#      DynamoDB Local;
#   4. a short seeded differential run, ddbemu beside DynamoDB Local
#      (tools/difftest.py): any difference not in tools/difftest_known.json
#      fails it.
# ThreadSanitizer runs separately (tools/tsan.sh, docs/building.md).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh --oracle
jobs=$(nproc)

echo "== layout (.clang-format)"
tools/format.sh --check

echo "== build"
DDBEMU_CMAKE_ARGS="-DDDBEMU_WERROR=ON" tools/build.sh checks
echo "== unit tests"
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== build with AddressSanitizer + UndefinedBehaviorSanitizer"
DDBEMU_BUILD_DIR=build-asan DDBEMU_CMAKE_ARGS="-DDDBEMU_WERROR=ON -DDDBEMU_SANITIZE=address" tools/build.sh checks
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
export ASAN_OPTIONS="log_path=$reports/asan"
export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1"
echo "== unit tests (sanitized)"
ctest --test-dir build-asan --output-on-failure -j "$jobs"
echo "== conformance: sanitized ddbemu"
DDBEMU_BIN=build-asan/ddbemu /usr/bin/python3 -m pytest conformance -q --target emulator -p no:cacheprovider
unset ASAN_OPTIONS UBSAN_OPTIONS
if compgen -G "$reports/*" >/dev/null; then
  cat "$reports"/*
  echo "FAILED: the sanitizers reported the errors above" >&2
  exit 1
fi

echo "== conformance: ddbemu"
/usr/bin/python3 -m pytest conformance -q --target emulator -p no:cacheprovider

echo "== conformance: DynamoDB Local (the oracle)"
/usr/bin/python3 -m pytest conformance -q --target local -p no:cacheprovider

echo "== differential run: ddbemu beside DynamoDB Local (seed 1, 5000 operations)"
/usr/bin/python3 tools/difftest.py --seed 1 --ops 5000
