#!/usr/bin/env bash
# An interrupted `peaksim run` (SIGINT: exit 130, SIGTERM: 143) leaves its output
# folder holding one complete set, the previous one or the new one, never a mix,
# and leaves no staging folder, old folder or temporary file behind: during the
# simulation, and at each step of the output swap (cli/output_set.h), reached
# with the PEAKSIM_TEST_PAUSE hook. Also a shard's partial file, and a folder
# that did not exist before. What it does not pin: a signal landing inside one
# rename (each rename is atomic, so there is nothing between to observe).
#   interrupt_keeps_a_complete_set.sh PEAKSIM SCENARIO WORK CMAKE
set -euo pipefail
# Long runs (100,000 replications) are interrupted or refused before simulating: the
# memory estimate, which would refuse them first on most machines, is not what this tests.
export PEAKSIM_MEMORY_AVAILABLE=1000000000000000
peaksim=$1 scenario=$2 work=$3 cmake=$4
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
out=$work/out

fail() {
  echo "FAIL: $*" >&2
  [ -f "$work/stderr" ] && sed 's/^/  stderr: /' "$work/stderr" >&2
  exit 1
}

# DIR holds exactly the three outputs of the run with SEED (and the files named after it).
expect_set() {
  local dir=$1 seed=$2
  shift 2
  local want got
  want=$(printf '%s\n' report.html summary.json timeseries.csv "$@" | sort | tr '\n' ' ')
  got=$(ls -A "$dir" | sort | tr '\n' ' ')
  [ "$got" = "$want" ] || fail "$dir holds '$got', expected '$want'"
  got=$("$cmake" -DFILE="$dir/summary.json" -P "$here/summary_seed.cmake") || fail "$dir/summary.json: $got"
  [ "$got" = "$seed" ] || fail "$dir/summary.json has seed $got, expected $seed (a mixed or stale set)"
  [ -s "$dir/timeseries.csv" ] || fail "$dir/timeseries.csv is empty"
  grep -q '</html>' "$dir/report.html" || fail "$dir/report.html is truncated"
}

expect_no_leftovers() {
  local left
  left=$(find "$work" \( -name '*.staging-*' -o -name '*.old-*' -o -name '*.partial-write*' \) -print)
  [ -z "$left" ] || fail "left behind: $left"
}

# Starts `peaksim run SCENARIO ARGS...` in the background. The signals are reset
# to their defaults first: a script's background job starts with SIGINT ignored,
# and peaksim keeps a signal ignored that it started with.
start() {
  env --default-signal=INT,TERM "$peaksim" run "$scenario" "$@" >"$work/stdout" 2>"$work/stderr" &
  pid=$!
}

# Waits until the run says TEXT on stderr.
wait_for() {
  for _ in $(seq 600); do
    grep -q "$1" "$work/stderr" && return 0
    kill -0 "$pid" 2>/dev/null || fail "the run ended before it said '$1'"
    sleep 0.1
  done
  fail "the run did not say '$1' within 60 s"
}

# Waits until the run pauses at the PEAKSIM_TEST_PAUSE step.
wait_for_pause() { wait_for "test hook: pausing"; }

# Waits until the runs have started: a TBB worker thread runs beside the main
# one, and the output folder was checked and armed before it was started.
wait_for_runs() {
  for _ in $(seq 600); do
    [ "$(ls "/proc/$pid/task" 2>/dev/null | wc -l)" -ge 2 ] && return 0
    kill -0 "$pid" 2>/dev/null || fail "the run ended before its runs started"
    sleep 0.1
  done
  fail "the runs did not start within 60 s"
}

# Sends SIGNAL, expects exit STATUS and MESSAGE on stderr.
interrupt() {
  local signal=$1 status=$2 message=$3 rc=0
  kill "-$signal" "$pid"
  wait "$pid" || rc=$?
  [ "$rc" = "$status" ] || fail "SIG$signal: exit $rc, expected $status"
  grep -qF "peaksim: interrupted (SIG$signal); $message" "$work/stderr" ||
    fail "SIG$signal: expected 'interrupted (SIG$signal); $message' on stderr"
  expect_no_leftovers
}

kept="no output written; $out keeps its previous outputs"

# The previous set, with a file of the user's that every new set must carry over.
"$peaksim" run "$scenario" --quiet --replications 2 --seed 11 --out "$out" >/dev/null
echo "mine" >"$out/notes.txt"
expect_set "$out" 11 notes.txt

# Written, not yet renamed: the previous set stays.
PEAKSIM_TEST_PAUSE=staged:60 start --replications 2 --seed 22 --out "$out"
wait_for_pause
interrupt INT 130 "$kept"
expect_set "$out" 11 notes.txt

# The previous set renamed aside, the new one not yet in place: the previous one comes back.
PEAKSIM_TEST_PAUSE=aside:60 start --replications 2 --seed 22 --out "$out"
wait_for_pause
[ ! -e "$out" ] || fail "$out still there while paused between the renames"
interrupt TERM 143 "$kept"
expect_set "$out" 11 notes.txt

# The new set in place, the old one not yet removed: the new one stays, the old one goes.
PEAKSIM_TEST_PAUSE=swapped:60 start --replications 2 --seed 22 --out "$out"
wait_for_pause
interrupt INT 130 "the outputs were already written to $out"
expect_set "$out" 22 notes.txt

# During the simulation (100,000 replications would take minutes).
start --replications 100000 --seed 33 --out "$out"
wait_for_runs
interrupt INT 130 "$kept"
expect_set "$out" 22 notes.txt
start --replications 100000 --seed 33 --out "$out"
wait_for_runs
interrupt TERM 143 "$kept"
expect_set "$out" 22 notes.txt

# A folder that did not exist stays absent.
PEAKSIM_TEST_PAUSE=staged:60 start --replications 2 --out "$work/new"
wait_for_pause
interrupt INT 130 "no output written"
[ ! -e "$work/new" ] || fail "an interrupted run created $work/new"

# A shard's partial file: not written, and no temporary left.
PEAKSIM_TEST_PAUSE=staged:60 start --replications 2 --shard 0/2 --out "$work/shards"
wait_for_pause
interrupt TERM 143 "no output written"
[ -z "$(ls -A "$work/shards")" ] || fail "an interrupted shard left $(ls -A "$work/shards")"

# Uninterrupted, the new set replaces the old one and carries the user's file.
"$peaksim" run "$scenario" --quiet --replications 2 --seed 44 --out "$out" >/dev/null
expect_set "$out" 44 notes.txt
expect_no_leftovers
echo "interrupted runs left complete sets and nothing else"
