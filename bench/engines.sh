#!/usr/bin/env bash
# bench/engines.sh — the engines on one retail run: sequential, parallel and auto, each
# on THREADS threads (default 2), alternately, ROUNDS times (default 3), on a generated
# day (default 1,000 stores x 400 SKUs x 500,000 orders: issue 15's "1,000-store day"),
# its OMS in SHARDS shards by region (default 1: `peaksim generate --oms-shards`).
# Prints one JSON object per run (engine time from summary.json's invocation, whole
# command wall time, the 1-minute load average before the run, auto's note), then one
# with the medians and the speed-ups over the sequential engine's engine time; exits 1
# if any run's summary.json (but "invocation") or timeseries.csv differs from the
# sequential one's. The machine's load makes the figures noisy: read the load column.
#
#   bench/engines.sh [ROUNDS] [STORES:SKUS:ORDERS_PER_DAY[:SHARDS]] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
size=${2:-1000:400:500000}
threads=${3:-2}
peaksim=${PEAKSIM:-build/peaksim}
[ -x "$peaksim" ] || peaksim=build/release/peaksim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
IFS=: read -r stores skus orders shards <<<"$size"
"$peaksim" generate --stores "$stores" --skus "$skus" --orders-per-day "$orders" --oms-shards "${shards:-1}" --replications 1 \
  -o "$work/day.json" >/dev/null 2>&1
engines=(sequential parallel auto)
for ((r = 1; r <= rounds; r++)); do
  for engine in "${engines[@]}"; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f '%e' -o "$work/time" "$peaksim" run "$work/day.json" --variant baseline --replications 1 \
      --threads "$threads" --engine "$engine" --out "$work/$engine" >"$work/stdout" 2>"$work/stderr"
    python3 - "$work" "$engine" "$r" "$load" "$(tail -n 1 "$work/time")" <<'PY'
import json, sys, hashlib, pathlib
work, engine, rnd, load, wall = sys.argv[1:]
out = pathlib.Path(work) / engine
summary = json.loads((out / "summary.json").read_text())
variant = summary["invocation"]["variants"]["baseline"]
del summary["invocation"]
digest = hashlib.sha256(json.dumps(summary, sort_keys=True).encode() + (out / "timeseries.csv").read_bytes()).hexdigest()
note = next((l[len("note: "):] for l in (pathlib.Path(work) / "stderr").read_text().splitlines() if "engine auto" in l), "")
row = {"round": int(rnd), "engine": engine, "events": variant["events"], "engine_s": round(variant["engine_seconds"], 3),
       "command_wall_s": float(wall), "load_1m": float(load), "outputs_sha256": digest[:16], "note": note}
print(json.dumps(row))
with open(pathlib.Path(work) / "rows.jsonl", "a") as f:
    f.write(json.dumps(row) + "\n")
PY
  done
done
python3 - "$work" "$size" "$threads" <<'PY'
import json, statistics, sys
work, size, threads = sys.argv[1:]
rows = [json.loads(l) for l in open(work + "/rows.jsonl")]
median = {e: statistics.median(r["engine_s"] for r in rows if r["engine"] == e) for e in ("sequential", "parallel", "auto")}
same = len({r["outputs_sha256"] for r in rows}) == 1
print(json.dumps({"size": size, "threads": int(threads), "rounds": len(rows) // 3,
                  "median_engine_s": median,
                  "speedup_vs_sequential": {e: round(median["sequential"] / median[e], 3) for e in median},
                  "median_load_1m": statistics.median(r["load_1m"] for r in rows),
                  "outputs_identical": same}))
sys.exit(0 if same else 1)
PY
