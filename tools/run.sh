#!/usr/bin/env bash
# Installs what is missing, builds, and runs ddbemu on 127.0.0.1:8000 with the
# in-memory store. Extra arguments go to ddbemu (e.g. --db-path DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
exec build/ddbemu --host 127.0.0.1 --port 8000 --in-memory "$@"
