#!/usr/bin/env bash
# Installs what the build, the demo and the tests need, and only what is missing:
# Debian packages with apt-get, npm packages with npm ci. A second run takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  cmake g++ make          # native build of the core and its tests
  emscripten binaryen     # the WebAssembly build
  libboost-test-dev       # Boost.Test
  nlohmann-json3-dev      # JSON in the core
  clang libclang-rt-14-dev  # libFuzzer and the sanitizer runtimes for the fuzz target
  chromium                # browser tests (Playwright drives Debian's Chromium)
  postgresql              # the service's PostgreSQL store; its tests start a throwaway cluster themselves
)

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# better-sqlite3 compiles against Node's headers; use the local copy rather than downloading them.
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$(dirname "$(dirname "$(command -v node)")")/include/node/node.h" ]; then
  export npm_config_nodedir
  npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
fi

# npm ci only when the lockfile changed since the last install.
stamp=node_modules/.authkit-lock-hash
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > "$stamp"
fi
