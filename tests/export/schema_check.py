#!/usr/bin/env python3
"""schema_check.py - validates JSON documents against a JSON Schema (draft 2020-12) using the
subset of keywords docs/scoresheet.schema.json uses: type, properties, required,
additionalProperties (true/false), items, enum, const, minimum, maximum, maxItems, pattern, and
local $ref (#/$defs/NAME); $schema, $id, title and description are annotations. Any other keyword
in the schema is an error, so the schema cannot carry a constraint this checker silently skips.
(python3 here has no jsonschema package.)
usage: schema_check.py SCHEMA DOC.json... ; prints "ok FILE" or "FILE: PATH: problem", exit 1 on
any problem. A signed export's last member "signature" is part of the schema."""
import json
import re
import sys

KNOWN = {"type", "properties", "required", "additionalProperties", "items", "enum", "const",
         "minimum", "maximum", "maxItems", "pattern", "$ref"}
ANNOT = {"$schema", "$id", "title", "description", "$defs"}


def type_ok(v, t):
    if t == "null":
        return v is None
    if t == "boolean":
        return isinstance(v, bool)
    if t == "string":
        return isinstance(v, str)
    if t == "object":
        return isinstance(v, dict)
    if t == "array":
        return isinstance(v, list)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "integer":
        return (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    raise ValueError("unknown type " + t)


def check(root, s, v, path, errs):
    for k in s:
        if k not in KNOWN and k not in ANNOT:
            raise ValueError("schema keyword %r is not supported by this checker" % k)
    if "$ref" in s:
        ref = s["$ref"]
        if not ref.startswith("#/$defs/"):
            raise ValueError("only local $ref: " + ref)
        check(root, root["$defs"][ref[len("#/$defs/"):]], v, path, errs)
    if "type" in s:
        ts = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(type_ok(v, t) for t in ts):
            errs.append("%s: %r is not %s" % (path, v, " or ".join(ts)))
            return
    if "const" in s and (v != s["const"] or type(v) is bool != (type(s["const"]) is bool)):
        errs.append("%s: %r is not %r" % (path, v, s["const"]))
    if "enum" in s and v not in s["enum"]:
        errs.append("%s: %r is not one of %r" % (path, v, s["enum"]))
    num = isinstance(v, (int, float)) and not isinstance(v, bool)
    if "minimum" in s and num and v < s["minimum"]:
        errs.append("%s: %r < minimum %r" % (path, v, s["minimum"]))
    if "maximum" in s and num and v > s["maximum"]:
        errs.append("%s: %r > maximum %r" % (path, v, s["maximum"]))
    if "pattern" in s and isinstance(v, str) and not re.search(s["pattern"], v):
        errs.append("%s: %r does not match %s" % (path, v, s["pattern"]))
    if isinstance(v, dict):
        props = s.get("properties", {})
        for r in s.get("required", []):
            if r not in v:
                errs.append("%s: %s is missing" % (path, r))
        for k, x in v.items():
            if k in props:
                check(root, props[k], x, path + "." + k, errs)
            elif s.get("additionalProperties", True) is False:
                errs.append("%s: unexpected member %s" % (path, k))
    if isinstance(v, list):
        if "maxItems" in s and len(v) > s["maxItems"]:
            errs.append("%s: more than %d items" % (path, s["maxItems"]))
        if "items" in s:
            for i, x in enumerate(v):
                check(root, s["items"], x, "%s[%d]" % (path, i), errs)


def validate(schema, doc):
    errs = []
    check(schema, schema, doc, "$", errs)
    return errs


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    bad = 0
    for f in sys.argv[2:]:
        errs = validate(schema, json.load(open(f, encoding="utf-8")))
        for e in errs[:10]:
            print("%s: %s" % (f, e))
        if errs:
            bad += 1
        else:
            print("ok " + f)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
