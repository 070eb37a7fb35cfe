#!/usr/bin/env bash
# `peaksim diff` end to end, on two-channels-shared-stock (10 replications a run):
# a run against a repeat of itself moves nothing (exit 0); slowing the OMS's
# availability feed to the storefront (/links/2, every 15 minutes) to every 4
# hours makes the web oversell about 5 times as often (1.3 -> 6.9 lines a run,
# p < 0.0001), which the scenario's gate (web oversells mean <= 5) calls worse:
# exit 99 and "WORSE (gated)"; the other way round the same move is better
# (exit 0). Then what only one run has, a changed scenario file (a note, not an
# error), "not testable" with one replication, and bad inputs (exit 2).
# What this does not pin: the exact figures, the count of metrics, or which
# ungated metrics move besides the web's oversells and their rate.
#   diff_runs.sh PEAKSIM SCENARIOS WORK
set -uo pipefail
peaksim=$1 scenarios=$2 work=$3
two=$scenarios/two-channels-shared-stock.json
rm -rf "$work"
mkdir -p "$work/empty"
export PEAKSIM_MEMORY_AVAILABLE=1000000000000000
failures=0

fail() {
  printf 'FAIL: %s\n' "$*"
  failures=$((failures + 1))
}

run() {  # run OUT ARGS...: a quiet run of two-channels-shared-stock into OUT
  local out=$1
  shift
  "$peaksim" run "$two" --quiet --out "$work/$out" "$@" >/dev/null || fail "peaksim run $two --out $out $*: exit $?"
}

# expect STATUS 'ERE' ['ERE that must not match'] -- DIFF ARGS...
expect() {
  local want=$1 must=$2 must_not=
  shift 2
  if [[ $1 != -- ]]; then
    must_not=$1
    shift
  fi
  shift
  local output status
  output=$("$peaksim" diff "$@" 2>&1)
  status=$?
  if [[ $status != "$want" ]]; then
    fail "peaksim diff $*: exit $status, expected $want"
  elif ! grep -qE -- "$must" <<<"$output"; then
    fail "peaksim diff $*: no line matches /$must/"
  elif [[ -n $must_not ]] && grep -qE -- "$must_not" <<<"$output"; then
    fail "peaksim diff $*: a line matches /$must_not/"
  else
    printf 'ok: exit %s: peaksim diff %s\n' "$status" "$*"
    return
  fi
  printf '%s\n' "$output" | head -40
}

run shipped --replications 10
run again --replications 10
run slow-feed --replications 10 --set '/links/2/interval="4h"'
run one --replications 1
run only-hard --replications 10 --variant hard-reservation
sed 's/"description": "One store/"description": "Edited: one store/' "$two" >"$work/edited.json"
"$peaksim" run "$work/edited.json" --quiet --replications 10 --variant baseline --out "$work/edited" >/dev/null ||
  fail "peaksim run edited.json"
"$peaksim" run "$scenarios/one-sku-one-store.json" --quiet --replications 2 --out "$work/other" >/dev/null ||
  fail "peaksim run one-sku-one-store.json"

# The same inputs twice: identical figures, nothing moves.
expect 0 'no metric moved significantly' 'WORSE|moved$|note:' -- "$work/shipped" "$work/again"
expect 0 'compared [0-9]+ metrics: 0 moved significantly' -- "$work/shipped" "$work/again/summary.json"
expect 0 '^baseline +oversells\{channel=web\} mean +lines +1\.3 +1\.3 +\+0 ' 'moved$' -- --all "$work/shipped" "$work/again"
# A feed 16 times slower: the web's oversells rise, against its gate.
expect 99 '^baseline +oversells\{channel=web\} mean +lines .* <0\.0001 +WORSE \(gated\)$' -- "$work/shipped" "$work/slow-feed"
expect 99 '^baseline +oversell_rate\{channel=web\} mean +ratio .* moved$' -- "$work/shipped" "$work/slow-feed"
expect 99 'note: the runs were made with different --set overrides \(old: none; new: /links/2/interval="4h"\)' -- \
  "$work/shipped" "$work/slow-feed"
expect 99 '"worse_gated": 1,' -- --json "$work/shipped" "$work/slow-feed"
# The gated metric is listed first, above moves with a larger |t|.
first=$("$peaksim" diff "$work/shipped" "$work/slow-feed" 2>/dev/null | sed -n 3p)
[[ $first =~ ^baseline\ +oversells\{channel=web\}\ mean ]] || fail "the gated metric is not listed first: $first"
# The same move seen from the other side is an improvement.
expect 0 '^baseline +oversells\{channel=web\} mean .* better \(gated\)$' 'WORSE' -- "$work/slow-feed" "$work/shipped"
# One run only: variants, a changed file, one replication.
expect 0 'note: variants only in the old run, not compared: baseline' -- "$work/shipped" "$work/only-hard"
expect 0 'note: the scenario file changed between the runs' -- "$work/shipped" "$work/edited"
expect 0 '"variants_only_in_old": \[' -- --json "$work/shipped" "$work/edited"
expect 0 'compared ([0-9]+) metrics: 0 moved significantly.*; \1 not testable' -- "$work/shipped" "$work/one"
expect 0 'not testable \(n=10 vs 1\)' -- --all "$work/shipped" "$work/one"
# Bad inputs: exit 2, nothing compared.
expect 2 "error: $work/nowhere: no such file or folder" -- "$work/nowhere" "$work/shipped"
expect 2 "error: $work/empty: holds no summary.json" -- "$work/shipped" "$work/empty"
expect 2 "error: $two: not a peaksim summary.json" -- "$two" "$work/shipped"
expect 2 "error: $work/shipped/timeseries.csv: .*line 1, column 1" -- "$work/shipped/timeseries.csv" "$work/shipped"
expect 2 'error: cannot compare .*different scenarios: "two-channels-shared-stock" and "one-sku-one-store"' -- \
  "$work/shipped" "$work/other"
expect 2 'error: cannot compare .*no variant in common' -- "$work/edited" "$work/only-hard"
expect 2 'error: new is required' -- "$work/shipped"

if ((failures > 0)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "all diff cases pass"
