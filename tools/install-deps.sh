#!/usr/bin/env bash
# Installs what ddbemu needs and is missing: Debian packages for the build and
# the conformance suite, (with --oracle) DynamoDB Local from npm into .deps/,
# and (with --bench) nginx, the HTTP floor bench/run.py measures against.
# Safe to run again: it only installs what is not there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake ninja-build g++ libboost1.81-dev rapidjson-dev librocksdb-dev zlib1g-dev doctest-dev)
with_oracle=0
for arg in "$@"; do
  case "$arg" in
    # The tests: pytest and boto3, Java for DynamoDB Local, clang-format for
    # the layout check (tools/format.sh --check), Chromium for the dynamodb-admin
    # GUI test (conformance/test_dropin_dynamodb_admin.py).
    --oracle) with_oracle=1; packages+=(python3-pytest python3-boto3 default-jre-headless clang-format chromium) ;;
    --bench) packages+=(nginx-light) ;;
    *) echo "install-deps: unknown option $arg" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Java may come from outside Debian's packages (it does on this image).
if [ "$with_oracle" = 1 ] && command -v java >/dev/null; then
  missing=("${missing[@]/default-jre-headless}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep . || true))
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "$with_oracle" = 1 ]; then
  jar=.deps/dynamodb-local/node_modules/amplify-dynamodb-simulator/emulator/DynamoDBLocal.jar
  if [ ! -f "$jar" ]; then
    echo "install-deps: installing DynamoDB Local (npm amplify-dynamodb-simulator)"
    mkdir -p .deps/dynamodb-local
    npm install --silent --no-audit --no-fund --prefix .deps/dynamodb-local amplify-dynamodb-simulator >/dev/null
  fi
  # The JavaScript SDK v2 runs the workshop's many_to_many.js (conformance/test_workshop.py).
  if [ ! -d .deps/aws-sdk-v2/node_modules/aws-sdk ]; then
    echo "install-deps: installing the JavaScript SDK v2 (npm aws-sdk@2)"
    mkdir -p .deps/aws-sdk-v2
    npm install --silent --no-audit --no-fund --prefix .deps/aws-sdk-v2 aws-sdk@2 >/dev/null
  fi
  # The JavaScript SDK v3 reads DynamoDB Streams (conformance/test_js_sdk_v3.py) and drives the
  # DocumentClient with its paginators (conformance/test_js_document_client.py). The packages
  # are installed together so that lib-dynamodb's peer client-dynamodb resolves to one version.
  sdk_v3=(@aws-sdk/client-dynamodb @aws-sdk/client-dynamodb-streams @aws-sdk/lib-dynamodb)
  for p in "${sdk_v3[@]}"; do
    if [ ! -d ".deps/aws-sdk-v3/node_modules/$p" ]; then
      echo "install-deps: installing the JavaScript SDK v3 (npm ${sdk_v3[*]/%/@3})"
      mkdir -p .deps/aws-sdk-v3
      npm install --silent --no-audit --no-fund --prefix .deps/aws-sdk-v3 "${sdk_v3[@]/%/@3}" >/dev/null
      break
    fi
  done
  # dynamodb-admin, the local web GUI, driven in Debian's chromium by playwright-core
  # (conformance/test_dropin_dynamodb_admin.py); playwright downloads no browser of its own.
  if [ ! -d .deps/dynamodb-admin/node_modules/dynamodb-admin ] ||
     [ ! -d .deps/dynamodb-admin/node_modules/playwright-core ]; then
    echo "install-deps: installing dynamodb-admin and playwright-core (npm)"
    mkdir -p .deps/dynamodb-admin
    npm install --silent --no-audit --no-fund --prefix .deps/dynamodb-admin dynamodb-admin playwright-core >/dev/null
  fi
fi
