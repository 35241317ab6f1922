#!/usr/bin/env bash
# Runs the demo: installs what is missing, builds, then serves on 127.0.0.1:${AUTHKIT_DEMO_PORT:-4100}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node demo/src/main.js
