#!/usr/bin/env bash
# bench/retail_scale.sh — the retail model at a retailer's size: generates each size with
# `peaksim generate`, runs one replication of its baseline on one thread, and prints one
# JSON object per run (events, wall seconds, events/s, peak resident memory). Sizes run
# alternately, ROUNDS times, so that this noisy machine's drift falls on all of them;
# quote the medians.
#
#   bench/retail_scale.sh [ROUNDS] [STORES:SKUS:ORDERS_PER_DAY[:DAYS] ...]
#   (ORDERS_PER_DAY 0: the reference's rate per store; DAYS, default 1: the horizon, the
#   reference's day repeated, as `peaksim generate --days`)
# Default sizes: the reference (180 x 5,000), 1,000 stores x 5,000 SKUs, and the target
# of issue 15, 1,000 stores x 50,000 SKUs with 2 million customers a day.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-1}
shift || true
sizes=("$@")
if ((${#sizes[@]} == 0)); then
  sizes=(180:5000:0 1000:5000:0 1000:50000:2000000)
fi
peaksim=${PEAKSIM:-build/peaksim}
[ -x "$peaksim" ] || peaksim=build/release/peaksim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for size in "${sizes[@]}"; do
  IFS=: read -r stores skus orders days <<<"$size"
  "$peaksim" generate --stores "$stores" --skus "$skus" --orders-per-day "$orders" --days "${days:-1}" --replications 1 \
    -o "$work/$size.json" 2>/dev/null
done
for ((r = 1; r <= rounds; r++)); do
  for size in "${sizes[@]}"; do
    IFS=: read -r stores skus orders days <<<"$size"
    set +e
    /usr/bin/time -f '%e %M' -o "$work/time" "$peaksim" run "$work/$size.json" --variant baseline --replications 1 \
      --threads 1 --quiet --out "$work/out" >"$work/stdout" 2>"$work/stderr"
    status=$?
    set -e
    read -r wall rss_kb < <(tail -n 1 "$work/time") || true
    events=$(sed -n 's/^\([0-9]*\) events.*/\1/p' "$work/stdout" | tail -n 1)
    suffix=""
    if [ "$status" != 0 ]; then
      message=$(grep -m1 'error' "$work/stderr" | tr -d '"\\' || true)
      suffix=", \"error\": \"$message\""
    fi
    eps=$(awk -v e="${events:-0}" -v w="$wall" 'BEGIN { printf "%.0f", (w > 0 ? e / w : 0) }')
    printf '{"round": %d, "stores": %d, "skus": %d, "orders_per_day": %s, "days": %d, "status": %d, "events": %s, "wall_s": %s, "events_per_s": %s, "peak_rss_mb": %d%s}\n' \
      "$r" "$stores" "$skus" "$orders" "${days:-1}" "$status" "${events:-0}" "$wall" "$eps" "$((rss_kb / 1024))" "$suffix"
  done
done
