#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the doctest unit
# tests, then the conformance suite against ddbemu and against DynamoDB Local.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh --oracle
tools/build.sh

echo "== unit tests"
ctest --test-dir build --output-on-failure

echo "== conformance: ddbemu"
/usr/bin/python3 -m pytest conformance -q --target emulator

echo "== conformance: DynamoDB Local (the oracle)"
/usr/bin/python3 -m pytest conformance -q --target local
