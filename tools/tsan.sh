#!/usr/bin/env bash
# ThreadSanitizer over the code that runs threads: builds build-tsan/, runs
# the engine unit tests (transactions, index backfills and drops, capacity)
# and the server's, then the concurrency and transaction conformance tests
# against the instrumented ddbemu. Any report fails it (docs/building.md).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh --oracle
DDBEMU_BUILD_DIR=build-tsan DDBEMU_CMAKE_ARGS="-DDDBEMU_SANITIZE=thread" tools/build.sh ddbemu engine_tests emulator_tests
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
# RocksDB comes from Debian uninstrumented: its own synchronisation is
# invisible to TSan, so races reported inside it are suppressed. TSan's
# deadlock detector follows at most 64 held mutexes per thread, and a
# transaction holds up to 100 item stripes (in ascending order, which is
# what rules deadlock out), so it is off.
export TSAN_OPTIONS="log_path=$reports/tsan:suppressions=$PWD/tools/tsan.supp:detect_deadlocks=0"
echo "== unit tests (ThreadSanitizer)"
ctest --test-dir build-tsan --output-on-failure -R '^(engine|emulator)/'
echo "== conformance: concurrency and transactions (ThreadSanitizer)"
DDBEMU_BIN=build-tsan/ddbemu /usr/bin/python3 -m pytest -q -p no:cacheprovider --target emulator \
  conformance/test_concurrency.py conformance/test_transactions.py conformance/test_index_backfill.py
unset TSAN_OPTIONS
if compgen -G "$reports/*" >/dev/null; then
  cat "$reports"/*
  echo "FAILED: ThreadSanitizer reported the races above" >&2
  exit 1
fi
echo "ThreadSanitizer: no reports"
