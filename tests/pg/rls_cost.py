#!/usr/bin/env python3
"""Rows a seat's statements touch under row-level security (tests/pg/test_pg_rls.sh).

usage: rls_cost.py URI ROLE FILE
FILE holds one SQL statement per line ("name<TAB>statement"). Each runs as ROLE (SET LOCAL ROLE,
inside a transaction that is rolled back) under EXPLAIN (ANALYZE, FORMAT JSON); prints
"name<TAB>rows" where rows is every row each plan node produced or threw away (filters, join
filters, index rechecks), times its loops: the work the statement did, policies included.
"""
import json
import subprocess
import sys


def touched(node):
    loops = node.get("Actual Loops", 1) or 1
    n = node.get("Actual Rows", 0)
    for k in ("Rows Removed by Filter", "Rows Removed by Join Filter",
              "Rows Removed by Index Recheck"):
        n += node.get(k, 0)
    total = n * loops
    for child in node.get("Plans", []):
        total += touched(child)
    return total


def main():
    uri, role, path = sys.argv[1:4]
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        name, stmt = line.split("\t", 1)
        sql = ("BEGIN;\nSET LOCAL ROLE %s;\nEXPLAIN (ANALYZE, FORMAT JSON) %s;\nROLLBACK;\n"
               % (role, stmt))
        r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", uri],
                           input=sql, capture_output=True, text=True)
        if r.returncode != 0:
            print("%s\tERROR %s" % (name, r.stderr.strip().replace("\n", " ")))
            continue
        plan = json.loads(r.stdout)[0]["Plan"]
        print("%s\t%d" % (name, touched(plan)))


main()
