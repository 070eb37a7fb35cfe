#!/usr/bin/env bash
# bench/mpi_sweep.sh — a replications × variants sweep on 1 MPI rank and on 2,
# alternately (this machine is noisy), one thread per rank; prints each round's
# wall time, the medians, their ratio, and checks the two summaries agree.
#
#   bench/mpi_sweep.sh [ROUNDS] [-- extra peaksim run options]
# Default sweep: the reference retailer, 5 variants × 10 replications (50 runs).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
shift || true
[ "${1:-}" = "--" ] && shift
extra=("$@")
peaksim=build/peaksim
[ -x "$peaksim" ] || peaksim=build/release/peaksim
mpirun=(mpirun --allow-run-as-root --oversubscribe)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A times
for round in $(seq 1 "$rounds"); do
  for ranks in 1 2; do
    start=$(date +%s.%N)
    "${mpirun[@]}" -np "$ranks" "$peaksim" run scenarios/omnichannel-180-stores.json --threads 1 --quiet \
      --out "$work/np$ranks" "${extra[@]}" > /dev/null
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    times[$ranks]+="$t "
    printf 'round %d  %d rank(s)  %.2f s\n' "$round" "$ranks" "$t"
  done
done
median() { tr ' ' '\n' <<< "$1" | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
m1=$(median "${times[1]}")
m2=$(median "${times[2]}")
printf 'median: 1 rank %.2f s, 2 ranks %.2f s, ratio %.2f\n' "$m1" "$m2" "$(awk -v a="$m1" -v b="$m2" 'BEGIN { print b / a }')"
for n in 1 2; do
  sed -n '/"invocation"/q;p' "$work/np$n/summary.json" > "$work/s$n"
done
cmp -s "$work/s1" "$work/s2" && echo "summaries agree" || { echo "summaries differ" >&2; exit 1; }
