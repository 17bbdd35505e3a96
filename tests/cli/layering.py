#!/usr/bin/env python3
"""layering.py - checks the rooms of engine/ (docs/architecture.md) from the code itself.

From the #include lines of engine/**/*.[ch] and include/*.h:
  rooms      every folder under engine/ is a room listed below, every public header has a room
  includes   a file includes public headers of its own room or of rooms it may use, and private
             headers (engine/<room>/*.h) of its own room only (the exceptions are listed below)
  libraries  SDL only in the window, Lua only in the Lua host, SQLite only in records/sqlite,
             libpq only in records/pg;
             no public header includes any of them
  cycles     no two files include each other's private headers, directly or round a cycle
             (a header foo.h stands for its file foo.c)
From the object files of a build (--objects DIR, e.g. build/obj), with nm:
  calls      a file calls (or takes the address of) functions only in rooms it may use
  call cycles no two files call each other, directly or round a cycle
Prints one PASS or FAIL line per check (FAIL lines name every offender); exits 1 on a FAIL.
"""
import argparse
import os
import re
import subprocess
import sys

# Each room and the rooms it may use, lowest floor first. A room may always use itself.
ROOMS = {
    "base": [],
    "scoring": ["base"],
    "scenario": ["base", "scoring"],
    "luahost": ["base", "scoring", "scenario"],
    # the drivers: each reads the statement layer's header (engine/records/db.h) and calls only
    # base; the backend-neutral records code calls a driver's open, then its table of functions
    "records/sqlite": ["base", "records"],
    "records/pg": ["base", "records"],
    "records": ["base", "scoring", "scenario", "records/sqlite", "records/pg"],
    "sheets": ["base", "scoring", "scenario", "luahost", "records"],
    "ui": ["base", "scoring", "scenario", "luahost", "records", "sheets"],
    "window": ["base", "scoring", "scenario", "luahost", "records", "sheets", "ui"],
    "cli": ["base", "scoring", "scenario", "luahost", "records", "sheets", "ui", "window"],
}

# The room of every public header in include/.
HEADERS = {
    "cp_common.h": "base", "cp_utf8.h": "base", "cp_bytes.h": "base",
    "cp_scorer.h": "scoring",
    "cp_scenario.h": "scenario", "cp_session.h": "scenario", "cp_exam.h": "scenario",
    "cp_sandbox.h": "luahost",
    "cp_records.h": "records", "cp_records_exam.h": "records", "cp_roster.h": "records",
    "cp_progress.h": "records", "cp_room.h": "records",
    "cp_export.h": "sheets", "cp_sign.h": "sheets",
    "cp_ui.h": "ui", "cp_ui_class.h": "ui",
    "cp_window.h": "window",
}

# A room may read private headers of these other rooms: a records backend, the records' own.
PRIVATE_ROOMS = {("records/sqlite", "records"), ("records/pg", "records")}
# Single files allowed another room's private header (still only in an allowed direction).
PRIVATE_EXCEPTIONS = {
    # the rubric loader fills the scorer's tables as it reads the Lua rubric files
    ("engine/luahost/rubric_load.c", "engine/scoring/scorer_int.h"),
}

# System headers that only some rooms may include.
LIBRARIES = [
    ("SDL", re.compile(r"^SDL"), {"window"}),
    ("Lua", re.compile(r"^(lua|lauxlib|lualib|luaconf)\.h$"), {"luahost"}),
    ("SQLite", re.compile(r"^sqlite3\.h$"), {"records/sqlite"}),
    ("libpq", re.compile(r"^(libpq-fe|libpq-events|pg_config)\.h$"), {"records/pg"}),
]

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)

fails = 0


def report(name, problems):
    global fails
    if problems:
        fails += 1
        print("FAIL %s: %s" % (name, "; ".join(sorted(set(problems)))))
    else:
        print("PASS " + name)


def room_of(path):
    """Room of engine/<room>/file or engine/records/sqlite/file; None when not under a room."""
    parts = path.split("/")
    if parts[0] != "engine" or len(parts) < 3:
        return None
    return "/".join(parts[1:-1])


def cycles(graph):
    """Strongly connected components with more than one member (Tarjan, iterative)."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph.get(w, ())))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def may_use(a, b):
    return a == b or b in ROOMS.get(a, [])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=".")
    ap.add_argument("--objects", help="object folder of a build (build/obj); calls are checked")
    args = ap.parse_args()
    os.chdir(args.root)

    sources = sorted(os.path.join(d, f) for d, _, fs in os.walk("engine") for f in fs
                     if f.endswith((".c", ".h")))
    public = sorted("include/" + f for f in os.listdir("include") if f.endswith(".h"))

    # ---- rooms ----
    problems = []
    for d, subdirs, fs in os.walk("engine"):
        if d != "engine" and any(f.endswith((".c", ".h")) for f in fs) and room_of(d + "/x") not in ROOMS:
            problems.append("%s is not a room (add it to ROOMS in %s)" % (d, sys.argv[0]))
    for f in sources:
        if room_of(f) not in ROOMS:
            problems.append("%s is outside every room" % f)
    for h in public:
        if os.path.basename(h) not in HEADERS:
            problems.append("%s has no room (add it to HEADERS in %s)" % (h, sys.argv[0]))
    report("rooms: every engine folder and public header belongs to a room", problems)

    def file_room(path):
        if path.startswith("include/"):
            return HEADERS.get(os.path.basename(path))
        return room_of(path)

    # ---- includes ----
    inc_problems, lib_problems, edges = [], [], {}
    for f in sources + public:
        text = open(f, encoding="utf-8", errors="replace").read()
        fr = file_room(f)
        for kind, name in INCLUDE.findall(text):
            if kind == "<":
                for lib, pat, rooms in LIBRARIES:
                    if pat.search(name) and (f.startswith("include/") or fr not in rooms):
                        lib_problems.append("%s includes <%s> (%s belongs in %s)" %
                                            (f, name, lib, " ".join(sorted(rooms))))
                continue
            here = os.path.join(os.path.dirname(f), name)
            if "/" in name and os.path.exists("engine/" + name):
                target = "engine/" + name
            elif os.path.exists(here) and not f.startswith("include/"):
                target = os.path.normpath(here)
            elif os.path.exists("include/" + name):
                target = "include/" + name
            else:
                inc_problems.append("%s includes \"%s\", which is nowhere in engine/ or include/"
                                    % (f, name))
                continue
            tr = file_room(target)
            if fr is None or tr is None:
                continue
            if not may_use(fr, tr):
                inc_problems.append("%s (%s) includes %s (%s)" % (f, fr, target, tr))
            private = target.startswith("engine/")
            if private and fr != tr and (fr, tr) not in PRIVATE_ROOMS and \
                    (f, target) not in PRIVATE_EXCEPTIONS:
                inc_problems.append("%s includes %s, a private header of %s" % (f, target, tr))
            if private:
                edges.setdefault(f, set()).add(target)
    report("includes: each file includes only its own room's private headers and the public "
           "headers of rooms it may use", inc_problems)
    report("libraries: SDL only in engine/window, Lua only in engine/luahost, SQLite only in "
           "engine/records/sqlite, libpq only in engine/records/pg, none in include/", lib_problems)

    # Private-include cycles: foo.h stands for foo.c beside it.
    def owner(path):
        c = path[:-2] + ".c"
        return c if path.endswith(".h") and os.path.exists(c) else path
    graph = {}
    for a, bs in edges.items():
        for b in bs:
            oa, ob = owner(a), owner(b)
            if oa != ob:
                graph.setdefault(oa, set()).add(ob)
    report("include cycles: no files include each other's private headers",
           [" <-> ".join(c) for c in cycles(graph)])

    if not args.objects:
        return
    # ---- calls (object files) ----
    cfiles = [f for f in sources if f.endswith(".c")]
    objs, missing = {}, []
    for f in cfiles:
        o = os.path.join(args.objects, f[:-2] + ".o")
        (objs.__setitem__(f, o) if os.path.exists(o) else missing.append(o))
    if missing:
        report("calls: every engine file has an object to read", ["%s not built" % m for m in missing])
        return

    # One nm per kind over every object (nm -A prefixes each line with its file): one process
    # per object cost ~0.1 s each, most of this check's time.
    def nm_all(*flags):
        out = subprocess.run(["nm", "-A", *flags, *objs.values()], capture_output=True, text=True,
                             check=True).stdout
        by_obj = {}
        for line in out.splitlines():
            if not line.strip():
                continue
            by_obj.setdefault(line.split(":", 1)[0], []).append(line.split()[-1])
        return by_obj
    file_of = {o: f for f, o in objs.items()}
    defined = {}
    for o, syms in nm_all("-g", "--defined-only").items():
        for sym in syms:
            defined[sym] = file_of[o]
    calls = {}
    for o, syms in nm_all("-u").items():
        f = file_of[o]
        for sym in syms:
            g = defined.get(sym)
            if g and g != f:
                calls.setdefault(f, set()).add(g)
    bad = []
    for f, gs in calls.items():
        for g in gs:
            if not may_use(room_of(f), room_of(g)):
                bad.append("%s (%s) calls %s (%s)" % (f, room_of(f), g, room_of(g)))
    report("calls: each file calls only its own room and rooms it may use", bad)
    report("call cycles: no files call each other (directly or round a cycle)",
           [" <-> ".join(c) for c in cycles(calls)])


main()
sys.exit(1 if fails else 0)
