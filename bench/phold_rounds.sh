#!/usr/bin/env bash
# bench/phold_rounds.sh — PHOLD figures measured the way this noisy 2-core machine needs:
# configurations run alternately, several rounds, medians quoted, ratios within one sitting.
#
#   bench/phold_rounds.sh [ROUNDS] [-- extra peaksim bench phold options]
# Prints one line per configuration: median events/s, min/max, and the ratio to the
# sequential engine's median; checks every configuration printed the same checksum.
# Set PHOLD_REFERENCE=1 to also time ../shared/reference/phold_heap.cpp (std::priority_queue).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
shift || true
[ "${1:-}" = "--" ] && shift
extra=("$@")
peaksim=build/peaksim
[ -x "$peaksim" ] || peaksim=build/release/peaksim
common=(--lps 1024 --events-per-lp 16 --remote 1.0 --mean 1s --lookahead 100ms --end "${PHOLD_END:-8000s}")
configs=(
  "sequential|--engine sequential"
  "parallel-2t|--engine parallel --threads 2"
  "parallel-2t-8p|--engine parallel --threads 2 --partitions 8"
)
ref=""
if [ "${PHOLD_REFERENCE:-0}" = 1 ]; then
  ref=$(mktemp -d)/phold_heap_fast
  g++ -O2 -std=c++17 -DFAST_RNG -o "$ref" ../shared/reference/phold_heap.cpp
fi
declare -A rates
checksums=""
for ((r = 1; r <= rounds; r++)); do
  for entry in "${configs[@]}"; do
    name=${entry%%|*}
    read -r -a args <<<"${entry#*|}"
    out=$("$peaksim" bench phold "${common[@]}" "${args[@]}" "${extra[@]}" --json)
    eps=$(sed -n 's/.*"events_per_second": \([0-9.e+]*\).*/\1/p' <<<"$out")
    sum=$(sed -n 's/.*"checksum": "\([0-9a-f]*\)".*/\1/p' <<<"$out")
    rates[$name]="${rates[$name]:-} $eps"
    checksums="$checksums $sum"
  done
  if [ -n "$ref" ]; then
    eps=$("$ref" 1024 16 1.0 0.1 "${PHOLD_END:-8000s}" | sed -n 's/.*events_per_s=\([0-9.]*\).*/\1/p')
    rates[reference]="${rates[reference]:-} $eps"
  fi
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.0f %.0f %.0f", m, a[1], a[NR]}'; }
read -r seq_median _ _ <<<"$(median <<<"${rates[sequential]}")"
printf '%-16s %14s %14s %14s %8s\n' config "median ev/s" min max "x seq"
for name in "${!rates[@]}"; do
  read -r med lo hi <<<"$(median <<<"${rates[$name]}")"
  printf '%-16s %14s %14s %14s %8.2f\n' "$name" "$med" "$lo" "$hi" "$(awk -v a="$med" -v b="$seq_median" 'BEGIN{print a/b}')"
done | sort
distinct=$(tr ' ' '\n' <<<"$checksums" | grep -v '^$' | sort -u | wc -l)
echo "rounds: $rounds; distinct checksums across all runs: $distinct (must be 1)"
[ "$distinct" = 1 ]
