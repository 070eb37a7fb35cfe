#!/usr/bin/env bash
# bench/auto_shipped.sh — `--engine auto` against `--engine sequential` on every shipped
# scenario (scenarios/*.json) as a user runs it: the file's replications, all variants,
# THREADS threads (default 2). Alternates the two, ROUNDS times (default 3), and prints
# one JSON object per scenario: median command wall seconds of each and auto/sequential.
# Given FILEs, only those; RUN_ARGS (e.g. "--replications 1 --variant baseline", where
# auto tries the parallel engine) is added to every run.
#
#   [RUN_ARGS="..."] bench/auto_shipped.sh [ROUNDS] [THREADS] [FILE...]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
threads=${2:-2}
shift 2 || shift $#
files=("$@")
((${#files[@]} > 0)) || files=(scenarios/*.json)
read -r -a run_args <<<"${RUN_ARGS:-}"
peaksim=${PEAKSIM:-build/peaksim}
[ -x "$peaksim" ] || peaksim=build/release/peaksim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for file in "${files[@]}"; do
  [ "$(basename "$file")" = schema.json ] && continue
  : >"$work/times"
  for ((r = 1; r <= rounds; r++)); do
    for engine in sequential auto; do
      /usr/bin/time -f "$engine %e" -a -o "$work/times" "$peaksim" run "$file" --threads "$threads" \
        --engine "$engine" ${run_args[@]+"${run_args[@]}"} --quiet --out "$work/out" >/dev/null
    done
  done
  python3 - "$file" "$work/times" "$(cut -d' ' -f1 /proc/loadavg)" "${RUN_ARGS:-}" <<'PY'
import json, statistics, sys
file, times, load, _ = sys.argv[1:]
rows = [l.split() for l in open(times) if l.strip()]
med = {e: statistics.median(float(t) for n, t in rows if n == e) for e in ("sequential", "auto")}
print(json.dumps({"scenario": file, "run_args": sys.argv[4], "median_wall_s": med, "auto_over_sequential": round(med["auto"] / med["sequential"], 3),
                  "load_1m_after": float(load)}))
PY
done
