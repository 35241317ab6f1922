#!/usr/bin/env bash
# Builds the WebAssembly core and bundles the browser package into web/dist.
set -euo pipefail
cd "$(dirname "$0")/.."

# Emscripten's JavaScript optimizer needs acorn, which Debian ships outside Node's default path.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

if [ ! -f build/wasm/CMakeCache.txt ]; then
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release -DAUTHKIT_WASM_OUTPUT_DIR="$PWD/web/build" >/dev/null
fi
cmake --build build/wasm --parallel "$(nproc)"
node web/build.mjs
node demo/build.mjs
