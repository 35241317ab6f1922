#!/usr/bin/env bash
# Runs every test: the C++ core natively (Boost.Test via CTest, under AddressSanitizer and UBSan),
# a short libFuzzer pass over the machine, the service (node:test, against oauth2-mock-server, SQLite
# and PostgreSQL) and the demo in Chromium (Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
status=0

echo "== C++ core (Boost.Test)"
if [ ! -f build/native/CMakeCache.txt ]; then
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Debug -DAUTHKIT_SANITIZE=ON >/dev/null
fi
cmake --build build/native --parallel "$(nproc)" >/dev/null
# test_suite log level names each case as it runs, so the attack cases can be counted below.
BOOST_TEST_LOG_LEVEL=test_suite ctest --test-dir build/native --output-on-failure -V >"$logs/cpp.log" 2>&1 || status=1
grep -E 'Test module|test cases out of|tests passed|tests failed|error:' "$logs/cpp.log" | sed 's/^[0-9]*: //' | grep -v 'Entering\|Leaving' || true

echo "== C++ core (libFuzzer, ${AUTHKIT_TEST_FUZZ_SECONDS:-20} s)"
bash scripts/fuzz.sh "${AUTHKIT_TEST_FUZZ_SECONDS:-20}" | tee "$logs/fuzz.log" || status=1

echo "== Service (node:test)"
# The PostgreSQL tests start their own cluster (initdb + pg_ctl in a temp dir, as the postgres user
# when run as root); see tests/server/postgres.js.
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$logs/server.tap" tests/server/ || status=1

echo "== Browser (Playwright, Chromium)"
npx playwright test --config tests/e2e/playwright.config.js --reporter=list | tee "$logs/e2e.log" || status=1

# Counts come from each runner's own report; awk (unlike grep) does not fail when a line is absent.
# CTest's verbose log prefixes each line with "N: ".
sed 's/^[0-9]*: *//' "$logs/cpp.log" >"$logs/cpp.txt"
cpp_passed=$(awk '/test cases? out of [0-9]+ passed/ {s += $1} END {print s + 0}' "$logs/cpp.txt")
cpp_total=$(awk '/test cases? out of [0-9]+ passed/ {s += $6} END {print s + 0}' "$logs/cpp.txt")
server_passed=$(awk '/^# pass/ {print $3}' "$logs/server.tap" 2>/dev/null)
server_failed=$(awk '/^# fail/ {print $3}' "$logs/server.tap" 2>/dev/null)
e2e_passed=$(awk '/^ *[0-9]+ passed/ {n = $1} END {print n + 0}' "$logs/e2e.log")
e2e_failed=$(awk '/^ *[0-9]+ failed/ {n = $1} END {print n + 0}' "$logs/e2e.log")
fuzz_runs=$(awk '/^number_of_executed_units/ {print $2}' "$logs/fuzz.log")

# The security group: every test named "attack: …" (attack_… in C++) plays one attack scenario; it
# passes when the attack is defeated.
count() { awk "$1 {n++} END {print n + 0}" "$2" 2>/dev/null || echo 0; }
cpp_attacks=$(count '/Entering test case "attack_/' "$logs/cpp.txt")
cpp_attacks_failed=$(grep -oE 'error: in "attack_[a-z0-9_]+' "$logs/cpp.txt" | sort -u | wc -l || true)
server_attacks=$(count '/^ *(not )?ok [0-9]+ - attack: /' "$logs/server.tap")
server_attacks_failed=$(count '/^ *not ok [0-9]+ - attack: /' "$logs/server.tap")
e2e_attacks=$(count '/› attack: / && /^ *(✓|✘|ok|x) /' "$logs/e2e.log")
e2e_attacks_failed=$(count '/› attack: / && /^ *(✘|x) /' "$logs/e2e.log")
attacks=$((cpp_attacks + server_attacks + e2e_attacks))
# Provider quirk families the integration engine is proven against (tests named "quirk: …").
quirks=$(count '/^ *ok [0-9]+ - quirk: /' "$logs/server.tap")
quirks_total=$(count '/^ *(not )?ok [0-9]+ - quirk: /' "$logs/server.tap")
attacks_defeated=$((attacks - cpp_attacks_failed - server_attacks_failed - e2e_attacks_failed))

echo
echo "== Summary"
echo "C++ core (Boost.Test): ${cpp_passed} of ${cpp_total} test cases passed"
echo "C++ core (libFuzzer):  ${fuzz_runs:-0} event sequences, $(grep -q '^fuzz: no crash' "$logs/fuzz.log" && echo 'no crash, leak or UB' || echo 'FAILED')"
echo "Service (node:test):   ${server_passed:-0} passed, ${server_failed:-?} failed"
echo "Browser (Playwright):  ${e2e_passed} passed, ${e2e_failed} failed"
echo "Security (attacks):    ${attacks} attack scenarios tried, ${attacks_defeated} defeated (core ${cpp_attacks}, service ${server_attacks}, browser ${e2e_attacks})"
echo "Integrations (quirks): ${quirks} of ${quirks_total} provider quirk families pass end to end"
if [ "$status" -ne 0 ]; then echo "FAILED"; else echo "ALL PASSED"; fi
exit "$status"
