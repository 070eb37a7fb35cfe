#!/usr/bin/env bash
# tests/golden/update.sh — regenerate every golden summary from build/peaksim
# (release). Only for a change that alters results on purpose: say why in the
# commit that carries the new files. The list of goldens is tests/golden/goldens.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
peaksim=${PEAKSIM:-$PWD/build/peaksim}
while read -r name file args; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  cmake -DPEAKSIM="$peaksim" -DSOURCE="$PWD" -DNAME="$name" -DFILE="$file" \
        -DWORK="/tmp/peaksim-golden-$name" "-DARGS=${args// /;}" -DUPDATE=ON -P tests/golden/golden.cmake
done < tests/golden/goldens.txt
