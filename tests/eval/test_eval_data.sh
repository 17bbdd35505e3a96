#!/bin/sh
# The labelled evaluation set is well-formed: every row parses, every label is present, the
# one-time-notice label is null exactly off the notice nodes, ids are unique across both parts.
set -u
cd "$ROOT" || exit 1
if out=$(python3 tests/eval/validate.py tests/eval/dev.jsonl tests/eval/heldout.jsonl 2>&1); then
    echo "PASS the eval set validates"
else
    echo "FAIL the eval set: $out"
    exit 1
fi
# The validator itself must catch a broken row (else the check above proves nothing).
T=$(mktemp -d)
head -3 tests/eval/dev.jsonl > "$T/a.jsonl"
sed '1s/"lur.listen": [a-z]*, //' "$T/a.jsonl" > "$T/b.jsonl"
head -1 tests/eval/heldout.jsonl > "$T/c.jsonl"
if python3 tests/eval/validate.py "$T/b.jsonl" "$T/c.jsonl" > /dev/null 2>&1; then
    echo "FAIL the validator accepts a row with a missing label"; rm -rf "$T"; exit 1
fi
echo "PASS the validator refuses a row with a missing label"
rm -rf "$T"
