#!/usr/bin/env bash
# Every exit status README.md documents, per subcommand: 0 success, 1 a runtime
# error during a run, 2 invalid input or usage (nothing runs), 99 a gate of
# `peaksim check` failed (`peaksim diff`'s 99 is in diff_runs.sh), 130 and 143 interrupted. One row per case:
#   STATUS | COMMAND LINE (bash words) | TEXT stderr must hold (optional)
# A command line may start with @full (run on a full disk: no file may grow past
# 0 bytes) or @INT / @TERM (the signal is sent once the runs have started: a
# TBB worker thread runs beside the main one). Refusals that
# must come before any simulation ask for 100,000 replications, which would not
# finish within the time a row is given.
#   exit_statuses.sh PEAKSIM SCENARIOS WORK
set -uo pipefail
peaksim=$1 scenarios=$2 work=$3
rm -rf "$work"
mkdir -p "$work/holds-a-folder/sub"
touch "$work/a-file"
one=$scenarios/one-sku-one-store.json
two=$scenarios/two-channels-shared-stock.json
invalid=$scenarios/invalid/unknown-kind.json
many="--replications 100000"
# Long runs (100,000 replications) are interrupted or refused before simulating: the
# memory estimate, which would refuse them first on most machines, is not what this tests.
export PEAKSIM_MEMORY_AVAILABLE=1000000000000000

cases=$(cat <<ROWS
0   | --help
0   | --version
2   |                                                  | error: A subcommand is required
2   | frobnicate                                       | error: unknown command "frobnicate"
2   | run $one --no-such-option                        | error: The following argument was not expected
2   | run                                              | error: file is required
0   | run $one --replications 2 --out $work/run
0   | run $one --replications 2 --out $work/run --json
2   | run $work/missing.json                           | error: file: File does not exist
2   | run $invalid                                     | unknown node kind "ERP"
2   | run $one --variant nope                          | no variant "nope"
2   | run $one --replications 0                        | error: --replications: expected 1 to 100000, found 0
2   | run $one --replications 100001                   | error: --replications: expected 1 to 100000, found 100001
2   | run $one --replications abc                      | error: --replications: expected a whole number from 1 to 100000, found "abc"
2   | run $one --seed -1                               | error: --seed: expected a whole number
2   | run $one --seed 9223372036854775808              | error: --seed: expected 0 to 9223372036854775807
2   | run $one --threads 0                             | error: --threads: expected 1 to 1024, found 0
2   | run $one --max-replications 1                    | error: --max-replications: expected 2 to 100000, found 1
2   | run $one --engine warp                           | error: --engine
2   | run $one --until-precision 200%                  | error: --until-precision
2   | run $one --shard 2/2                             | error: --shard
2   | run $one --shard 0/2 --until-precision 5%        | cannot run in shards
2   | run $one $many --out /proc/peaksim               | error: /proc/peaksim: cannot write there
2   | run $one $many --out $work/a-file                | error: $work/a-file: exists and is not a folder
2   | run $one $many --out $work/a-file/sub            | error: $work/a-file/sub: cannot create the folder
2   | run $one $many --out $work/holds-a-folder        | error: $work/holds-a-folder holds the folder "sub"
2   | run $one $many --shard 0/2 --out /proc/peaksim   | error: /proc/peaksim/partial-0000-of-0002.json: cannot create the folder
1   | @full run $one --replications 2 --out $work/full | File too large; no output written
1   | @full run $one --replications 2 --out $work/run  | no output written; $work/run keeps its previous outputs
130 | @INT run $one $many --out $work/run              | peaksim: interrupted (SIGINT); no output written; $work/run keeps its previous outputs
143 | @TERM run $one $many --out $work/run             | peaksim: interrupted (SIGTERM); no output written
0   | run $one --replications 2 --shard 0/1 --out $work/shards
1   | @full run $one --replications 2 --shard 0/1 --out $work/full-shard | File too large
0   | merge $work/shards --out $work/merged
2   | merge $work/run                                  | holds no partial-*.json
2   | merge $work/nowhere                              | no such file or folder
2   | merge $work/shards --out /proc/peaksim           | error: /proc/peaksim: cannot write there
1   | @full merge $work/shards --out $work/full-merge  | File too large
0   | diff $work/run $work/merged
2   | diff $work/run $work/nowhere                     | error: $work/nowhere: no such file or folder
2   | diff $work/run $work/shards                      | error: $work/shards: holds no summary.json
2   | diff $work/run                                   | error: new is required
0   | check $two --junit $work/check.xml
99  | check $two --replications 1 --variant hard-reservation --set /assertions/0/inconclusive=pass
2   | check $two $invalid                              | nothing was run
2   | check $two --replications 0                      | error: --replications: expected 1 to 100000, found 0
2   | check $one $many --junit /proc/peaksim.xml       | error: /proc/peaksim.xml: cannot write there
2   | check $one $many --junit $work/run               | is a folder
1   | @full check $two --junit $work/full.xml          | File too large
130 | @INT check $one $many --junit $work/check.xml    | no output written; $work/check.xml keeps its previous contents
0   | validate $one $two
2   | validate $invalid                                | unknown node kind "ERP"
2   | validate $one --set links.0.mode=streem          | did you mean "stream"?
0   | graph $one
2   | graph $one --format png                          | error: --format
2   | graph $invalid                                   | unknown node kind "ERP"
0   | schema
0   | params
0   | generate --stores 2 --skus 10 --orders-per-day 100 -o $work/generated.json
2   | generate --stores 0                              | error: --stores
0   | bench phold --lps 16 --events-per-lp 2 --end 10s --quiet
2   | bench phold --mean 30                            | a number without a unit
2   | bench frobnicate                                 | error:
ROWS
)

# A read-only folder stops everyone but root, which writes there anyway.
if [ "$(id -u)" != 0 ]; then
  mkdir -p "$work/read-only" && chmod 555 "$work/read-only"
  cases+="
2   | run $one $many --out $work/read-only/out         | error: $work/read-only/out: cannot write there
2   | check $one $many --junit $work/read-only/j.xml   | error: $work/read-only/j.xml: cannot write there"
fi

failures=0
log=$work/log
while IFS='|' read -r want line text; do
  want=${want// /}
  line=$(echo "$line" | sed 's/^ *//; s/ *$//')
  text=$(echo "$text" | sed 's/^ *//; s/ *$//')
  eval "set -- $line"
  mode=plain
  case "${1:-}" in
    @full | @INT | @TERM) mode=$1 && shift ;;
  esac
  case $mode in
    plain)
      timeout 60 "$peaksim" "$@" >"$log" 2>&1
      got=$? ;;
    @full)
      # A pipe, not a file, takes the messages: the size limit would stop them too.
      (trap '' XFSZ && ulimit -f 0 && exec timeout 60 "$peaksim" "$@") 2>&1 | cat >"$log"
      got=${PIPESTATUS[0]} ;;
    @INT | @TERM)
      # A script's background job starts with SIGINT ignored, and peaksim keeps it so: reset it.
      env --default-signal=INT,TERM "$peaksim" "$@" >"$log" 2>&1 &
      for _ in $(seq 600); do
        [ "$(ls "/proc/$!/task" 2>/dev/null | wc -l)" -ge 2 ] && break
        sleep 0.1
      done
      kill "-${mode#@}" $!
      wait $!
      got=$? ;;
  esac
  if [ "$got" != "$want" ]; then
    echo "FAIL: peaksim $line: exit $got, expected $want"
    sed 's/^/    /' "$log" | head -5
    failures=$((failures + 1))
  elif [ -n "$text" ] && ! grep -qF -- "$text" "$log"; then
    echo "FAIL: peaksim $line: exit $got as expected, but stderr lacks: $text"
    sed 's/^/    /' "$log" | head -5
    failures=$((failures + 1))
  else
    echo "ok: $want  peaksim $line"
  fi
done <<<"$cases"

left=$(find "$work" \( -name '*.staging-*' -o -name '*.old-*' -o -name '*.partial-write*' \) -print)
if [ -n "$left" ]; then
  echo "FAIL: left behind: $left"
  failures=$((failures + 1))
fi
for absent in full full-merge full-shard/partial-0000-of-0001.json; do
  if [ -e "$work/$absent" ]; then
    echo "FAIL: a run on a full disk left $work/$absent"
    failures=$((failures + 1))
  fi
done
[ "$failures" = 0 ] || { echo "$failures case(s) failed"; exit 1; }
echo "every exit status as documented"
