#!/usr/bin/env bash
# Starts Chromium for the browser tests and benchmarks (test/support/bench.ts) with every
# --disable-features value merged into one switch. Chromium keeps only the LAST occurrence of a
# switch, and Playwright passes its own --disable-features list before ours: without this, ours
# would silently switch Playwright's back on (and Playwright's would drop ours if it came last).
# The real browser is $INBOX_CHROMIUM; every other argument is passed through unchanged.
set -euo pipefail
features=()
args=()
for arg in "$@"; do
  case "$arg" in
    --disable-features=*) features+=("${arg#--disable-features=}") ;;
    *) args+=("$arg") ;;
  esac
done
if ((${#features[@]} > 0)); then
  merged=$(IFS=,; echo "${features[*]}")
  args+=("--disable-features=$merged")
fi
exec "${INBOX_CHROMIUM:?INBOX_CHROMIUM names the Chromium to start}" "${args[@]}"
