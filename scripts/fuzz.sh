#!/usr/bin/env bash
# Fuzzes the machine with libFuzzer under AddressSanitizer, LeakSanitizer and UBSan.
# Usage: npm run fuzz [-- SECONDS]   (default 60; AUTHKIT_FUZZ_SECONDS works too)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${AUTHKIT_FUZZ_SECONDS:-60}}
bash scripts/setup.sh

build=build/fuzz
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAUTHKIT_FUZZ=ON >/dev/null
fi
cmake --build "$build" --parallel "$(nproc)" --target machine_fuzzer >/dev/null

# The corpus grows across runs on this machine (kept under build/, never committed).
corpus="$build/corpus"
mkdir -p "$corpus"
echo "fuzzing the machine for ${seconds}s"
"$build/machine_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$build/" "$corpus" 2>"$build/fuzz.log" || {
  tail -n 60 "$build/fuzz.log"
  echo "FUZZ FAILED: the crashing input is in $build/ (crash-*, leak-* or timeout-*)"
  exit 1
}
grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/fuzz.log" | sed 's/^stat:://'
echo "fuzz: no crash, leak or undefined behaviour in ${seconds}s"
