#!/usr/bin/env python3
"""Validate the labelled evaluation set (tests/eval/dev.jsonl, tests/eval/heldout.jsonl).

Usage:
    python3 tests/eval/validate.py            # validate the two files next to this script
    python3 tests/eval/validate.py --table    # also print the class-count table (Markdown)
    python3 tests/eval/validate.py A.jsonl B.jsonl   # validate other files (ids unique across all)

Exit status 0 when every file is well formed, 1 otherwise (each problem is printed on stderr).
Python 3 standard library only.
"""
import json
import os
import sys

SCENARIOS = ("missing_materials", "contribution_base", "firm_arrears")
NODES = ("opening", "notice")
ID_PREFIX = {"missing_materials": "mm-", "contribution_base": "cb-", "firm_arrears": "fa-"}
KEYS = (
    "lur.listen",
    "lur.understand",
    "lur.respond",
    "lur.order",
    "empathy.acknowledge",
    "empathy.no_blame",
    "empathy.courtesy",
    "compliance.no_promise",
    "compliance.basis",
    "compliance.channel",
    "compliance.privacy",
    "clarity.plain_language",
    "clarity.one_time_notice",
)
FIELDS = ("id", "scenario", "node", "text", "labels", "why")
MIN_HELDOUT = 52


def check_file(path, seen_ids, errors):
    """Parse and check one JSONL file; return the list of valid rows."""
    rows = []
    try:
        fh = open(path, "rb")
    except OSError as exc:
        errors.append(f"{path}: cannot open: {exc}")
        return rows
    with fh:
        for lineno, raw in enumerate(fh, 1):
            where = f"{path}:{lineno}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                errors.append(f"{where}: not UTF-8: {exc}")
                continue
            if not line.strip():
                errors.append(f"{where}: blank line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: invalid JSON: {exc}")
                continue
            if not isinstance(obj, dict):
                errors.append(f"{where}: not a JSON object")
                continue
            bad = False
            for field in FIELDS:
                if field not in obj:
                    errors.append(f"{where}: missing field {field!r}")
                    bad = True
            extra = sorted(set(obj) - set(FIELDS))
            if extra:
                errors.append(f"{where}: unknown field(s) {extra}")
                bad = True
            if bad:
                continue
            rid, scen, node, text, labels, why = (obj[f] for f in FIELDS)
            if not isinstance(rid, str) or not rid:
                errors.append(f"{where}: id must be a non-empty string")
                continue
            where = f"{where} ({rid})"
            if rid in seen_ids:
                errors.append(f"{where}: duplicate id (first seen at {seen_ids[rid]})")
            else:
                seen_ids[rid] = f"{path}:{lineno}"
            if scen not in SCENARIOS:
                errors.append(f"{where}: unknown scenario {scen!r}")
                bad = True
            elif not rid.startswith(ID_PREFIX[scen]):
                errors.append(f"{where}: id should start with {ID_PREFIX[scen]!r}")
            if node not in NODES:
                errors.append(f"{where}: unknown node {node!r}")
                bad = True
            if not isinstance(text, str) or not text.strip():
                errors.append(f"{where}: text must be a non-empty string")
                bad = True
            if not isinstance(why, str):
                errors.append(f"{where}: why must be a string")
                bad = True
            if not isinstance(labels, dict):
                errors.append(f"{where}: labels must be an object")
                continue
            for key in KEYS:
                if key not in labels:
                    errors.append(f"{where}: missing label {key!r}")
                    bad = True
            extra = sorted(set(labels) - set(KEYS))
            if extra:
                errors.append(f"{where}: unknown label(s) {extra}")
                bad = True
            for key in KEYS:
                if key not in labels:
                    continue
                val = labels[key]
                if key == "clarity.one_time_notice":
                    if node == "notice" and not isinstance(val, bool):
                        errors.append(f"{where}: {key} must be true/false at a notice node")
                        bad = True
                    elif node != "notice" and val is not None:
                        errors.append(f"{where}: {key} must be null at a non-notice node")
                        bad = True
                elif not isinstance(val, bool):
                    errors.append(f"{where}: {key} must be true or false, got {val!r}")
                    bad = True
            if bad:
                continue
            # Definitional consequence: lur.order is met only when the reply opens with a
            # listening, understanding or acknowledgement move, so one of those must be met.
            if labels["lur.order"] and not (
                labels["lur.listen"] or labels["lur.understand"] or labels["empathy.acknowledge"]
            ):
                errors.append(f"{where}: lur.order is true but listen/understand/acknowledge are all false")
                continue
            rows.append(obj)
    if not rows and not any(e.startswith(path) for e in errors):
        errors.append(f"{path}: no rows")
    return rows


def table(named_rows):
    """Markdown table: true/false counts per criterion per file (n/a = null)."""
    names = list(named_rows)
    head = "| criterion | " + " | ".join(
        f"{n} ({len(named_rows[n])} rows) true | {n} false" for n in names) + " |"
    sep = "|---|" + "---:|---:|" * len(names)
    out = [head, sep]
    for key in KEYS:
        cells = []
        for n in names:
            vals = [r["labels"][key] for r in named_rows[n] if r["labels"][key] is not None]
            t = sum(1 for v in vals if v)
            f = len(vals) - t
            pct = f" ({100 * t / len(vals):.0f}%)" if vals else ""
            cells.append(f"{t}{pct} | {f}")
        out.append(f"| `{key}` | " + " | ".join(cells) + " |")
    out.append("")
    out.append("Percentages are the share of `true` among rows where the criterion applies;")
    out.append("`clarity.one_time_notice` applies only at `notice` nodes (null elsewhere).")
    return "\n".join(out)


def mix(named_rows):
    lines = []
    for n, rows in named_rows.items():
        cells = {}
        for r in rows:
            cells[(r["scenario"], r["node"])] = cells.get((r["scenario"], r["node"]), 0) + 1
        notice = sum(v for (s, nd), v in cells.items() if nd == "notice")
        parts = ", ".join(f"{s}/{nd} {cells.get((s, nd), 0)}" for s in SCENARIOS for nd in NODES)
        pct = 100 * notice / len(rows) if rows else 0
        lines.append(f"{n}: {len(rows)} rows ({parts}; notice {pct:.0f}%)")
    return "\n".join(lines)


def main(argv):
    want_table = "--table" in argv
    paths = [a for a in argv if a != "--table"]
    default = not paths
    if default:
        here = os.path.dirname(os.path.abspath(__file__))
        paths = [os.path.join(here, "dev.jsonl"), os.path.join(here, "heldout.jsonl")]
    errors = []
    seen = {}
    named = {}
    for p in paths:
        named[os.path.basename(p)] = check_file(p, seen, errors)
    if default and not errors:
        held = named.get("heldout.jsonl", [])
        if len(held) < MIN_HELDOUT:
            errors.append(f"heldout.jsonl: {len(held)} rows, need at least {MIN_HELDOUT}")
    if errors:
        for e in errors:
            print(e, file=sys.stderr)
        print(f"FAILED: {len(errors)} problem(s)", file=sys.stderr)
        return 1
    print(mix(named))
    if want_table:
        print()
        print(table(named))
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
