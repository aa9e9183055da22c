#!/usr/bin/env bash
# Runs the README's test command several times in a row while other processes keep the cores busy,
# the way a loaded CI machine or a developer's laptop mid-build would. The suite must pass every
# time: a failure here is a test that waits for time instead of for what it could observe.
#
#   bash scripts/verify-under-load.sh [RUNS] [BUSY_PROCESSES]     (defaults: 5 runs, one per core)
#
# Every run's output goes to target/verify-under-load/run-N.log; the script stops at the first
# failure and always stops the busy processes (each is also bounded by a time limit of its own).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
busy=${2:-$(nproc)}
logs=target/verify-under-load
pids=()
stop_busy() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop_busy EXIT
for _ in $(seq "$busy"); do
  timeout 3h sh -c 'while :; do :; done' &
  pids+=($!)
done
echo "verify-under-load: $runs runs of ./mvnw -B verify, $busy busy processes on $(nproc) cores"
for n in $(seq "$runs"); do
  started=$(date +%s)
  mkdir -p "$logs"
  if ./mvnw -B verify > "$logs/run-$n.log" 2>&1; then
    result=passed
  else
    result=FAILED
  fi
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  # The two totals: surefire's unit and integration tests, then failsafe's end-to-end tests.
  tests=$(grep -E '^\[(INFO|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' \
    "$logs/run-$n.log" | sed 's/^\[[A-Z]*\] //' | tr '\n' ';')
  echo "run $n: $result in $(( $(date +%s) - started )) s, load average $load; $tests"
  if [ "$result" = FAILED ]; then
    grep -E 'FAIL|ERROR\]' "$logs/run-$n.log" | head -30
    exit 1
  fi
done
echo "verify-under-load: $runs of $runs runs passed"
