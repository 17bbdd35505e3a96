#!/bin/sh
# The shipped learned layer (scenarios/rubrics/scorer.model) is exactly what `make train` builds
# from the corpus and the scenarios as they are: same bytes. A scenario or corpus change that
# alters the features needs `make train` and the new weights committed with it.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if [ "${O:-build}" = "build/san" ]; then
    echo "SKIP model_reproducible: training is checked in the plain pass (minutes under the sanitizers)"
    exit 0
fi
"$BIN" train --corpus tests/eval/corpus --also tests/eval/dev.jsonl --folds 5 --out "$T/m" > "$T/o" 2>&1
rc=$?
[ $rc -eq 0 ] && echo "PASS train exits 0" || { echo "FAIL train exits 0: rc=$rc $(tail -3 "$T/o")"; exit 1; }
if cmp -s "$T/m" scenarios/rubrics/scorer.model; then
    echo "PASS the shipped scorer.model is what make train builds from the corpus"
else
    echo "FAIL model reproducible: make train builds $(sed -n 's/.*version \([0-9a-f]*\).*/\1/p' "$T/o"), the shipped file differs (run make train and commit it)"
fi
