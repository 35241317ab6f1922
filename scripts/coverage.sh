#!/usr/bin/env bash
# Line coverage of the C++ core (its sources, not the bindings or the tests), from the Boost.Test suites.
# Prints one line per source file and a total: "core line coverage: NN.N%".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

build=build/coverage
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="--coverage -O0" >/dev/null
cmake --build "$build" --parallel "$(nproc)" >/dev/null
find "$build" -name '*.gcda' -delete
ctest --test-dir "$build" --output-on-failure >/dev/null

objects="$build/CMakeFiles/authkit_core.dir/wasm/src"
report=$(mktemp -d)
trap 'rm -rf "$report"' EXIT
# gcov prints, per source file, "File '…'" then "Lines executed:P% of N".
(cd "$report" && find "$OLDPWD/$objects" -name '*.gcda' -print0 | xargs -0 gcov -n 2>/dev/null) >"$report/summary.txt"
awk -v root="$PWD/" '
  /^File / { file = $2; gsub(/\047/, "", file); next }
  /^Lines executed:/ && file ~ /\/wasm\/src\// {
    split($2, parts, ":"); percent = parts[2]; sub(/%/, "", percent); lines = $4
    covered = percent * lines / 100; total_lines += lines; total_covered += covered
    name = file; sub(root, "", name)
    printf "%-32s %6.1f%% of %d lines\n", name, percent, lines
    file = ""
  }
  END {
    if (total_lines == 0) { print "core line coverage: no data"; exit 1 }
    printf "core line coverage: %.1f%%\n", 100 * total_covered / total_lines
  }' "$report/summary.txt"
