#!/usr/bin/env bash
# npm run test:busy — the whole suite three times in a row, in a shuffled order, on a machine that
# stress-ng holds at a load average of 8 or more (issue 15: "green on a busy machine").
#
# Builds once, starts stress-ng, waits until the load has climbed, then runs `vitest run
# --sequence.shuffle` three times with a printed seed (rerun one order with
# `npx vitest run --sequence.shuffle --sequence.seed=SEED`). Arguments go to vitest (e.g. a few
# files: `npm run test:busy -- test/core/search.test.ts`). Prints each run's closing lines and the
# load average seen during it; the logs go to test-results/busy/. stress-ng stops on any exit.
#
# Settings (environment): BUSY_LOAD (target load, default 8), BUSY_WORKERS (stress-ng CPU workers,
# default 4 per core, at least BUSY_LOAD), BUSY_RUNS (default 3).
# Not for CI: it deliberately slows the machine down for everyone on it.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v stress-ng >/dev/null 2>&1; then
  echo "test:busy needs stress-ng to keep the machine loaded, and it is not installed." >&2
  echo "Install it (Debian/Ubuntu: sudo apt-get install stress-ng), then run npm run test:busy again." >&2
  exit 2
fi

target_load=${BUSY_LOAD:-8}
cores=$(nproc)
workers=${BUSY_WORKERS:-$((cores * 4 > target_load ? cores * 4 : target_load))}
runs=${BUSY_RUNS:-3}
log_dir=test-results/busy
mkdir -p "$log_dir"

load1() { cut -d' ' -f1 /proc/loadavg; }
# Whether load $1 is at least $2 (decimals; bash compares integers only).
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

stress_pid=''
sampler_pid=''
stop() {
  [[ -n $sampler_pid ]] && kill "$sampler_pid" 2>/dev/null || true
  if [[ -n $stress_pid ]]; then
    kill "$stress_pid" 2>/dev/null || true # stress-ng stops its workers on SIGTERM
    wait "$stress_pid" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 130' INT TERM

echo "test:busy: building once (type-check + electron-vite build)"
npm run build

echo "test:busy: starting stress-ng with $workers CPU workers on $cores cores (target load >= $target_load)"
stress-ng --cpu "$workers" --quiet &
stress_pid=$!

# The 1-minute load average climbs slowly; start once it has reached the target (at most 3 minutes).
for _ in $(seq 1 36); do
  at_least "$(load1)" "$target_load" && break
  sleep 5
done
echo "test:busy: load average now $(load1)"

# One sample of the 1-minute load every 5 s, so each run can say what it ran under.
samples="$log_dir/load-samples"
: >"$samples"
(while :; do echo "$(date +%s) $(load1)" >>"$samples"; sleep 5; done) &
sampler_pid=$!

failed=0
summary=()
for run in $(seq 1 "$runs"); do
  seed=$(( (RANDOM << 15) | RANDOM ))
  log="$log_dir/run-$run.log"
  started=$(date +%s)
  echo "test:busy: run $run of $runs (seed $seed), log in $log"
  status=0
  vitest run --sequence.shuffle --sequence.seed="$seed" "$@" >"$log" 2>&1 || status=$?
  ended=$(date +%s)
  loads=$(awk -v s="$started" -v e="$ended" '$1 >= s && $1 <= e { print $2 }' "$samples")
  range=$(printf '%s\n' "$loads" | awk 'NF { n++; sum += $1; if (min == "" || $1 < min) min = $1; if ($1 > max) max = $1 }
    END { if (n) printf "load min %.1f, mean %.1f, max %.1f", min, sum / n, max; else print "load not sampled" }')
  closing=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ *(Test Files|Tests|Duration) ' | sed 's/^ *//' | paste -sd '|' - | sed 's/|/; /g')
  [[ $status -eq 0 ]] && verdict=passed || { verdict="FAILED (exit $status)"; failed=1; }
  line="run $run: $verdict — ${closing:-no summary line, see $log} — $range — seed $seed"
  echo "test:busy: $line"
  summary+=("$line")
done

echo
echo "test:busy summary ($workers stress-ng CPU workers on $cores cores):"
printf '  %s\n' "${summary[@]}"
exit "$failed"
