#!/usr/bin/env python3
"""xlsx_check.py - reads an XLSX score sheet back (zipfile + xml.etree, standard library only)
and checks it against the score-sheet document (JSON, docs/export-schema.md) it was rendered
from: sheet names, Chinese headers, every number and pass/fail on 汇总, the cohort sheet's
statistics and weakest criteria, one row per recorded reply on each trainee sheet with the
criterion results (overrides marked, the automatic result kept in a comment), frozen panes,
column widths, number formats, autofilter and document properties.

usage: xlsx_check.py [--prefix NAME] BOOK.xlsx DOC.json
Prints "PASS NAME.check" / "FAIL NAME.check: why" per check; exit 1 when any failed."""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"

SUMMARY_HEAD = ["姓名", "工号", "班组", "会话数", "得分", "满分", "得分率", "是否通过", "改判次数"]
COHORT_HEAD = ["评分项", "人数", "平均达标率", "标准差", "最低", "最高", "薄弱项"]
TURN_HEAD = ["会话", "情景", "轮次", "尝试", "市民原话", "学员回复", "得分", "满分", "计入得分", "提示"]

results = []
prefix = "xlsx"


def check(name, ok, why=""):
    results.append((name, bool(ok), why))
    return ok


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def disp_width(s):
    """Display width as the renderer counts it: CJK/full-width 2, others 1 (widest line)."""
    best = 0
    for line in s.split("\n"):
        w = 0
        for ch in line:
            c = ord(ch)
            wide = (0x1100 <= c <= 0x115F or 0x2E80 <= c <= 0xA4CF or 0xAC00 <= c <= 0xD7A3 or
                    0xF900 <= c <= 0xFAFF or 0xFE30 <= c <= 0xFE4F or 0xFF00 <= c <= 0xFF60 or
                    0xFFE0 <= c <= 0xFFE6 or 0x20000 <= c <= 0x3FFFD)
            w += 2 if wide else 1
        best = max(best, w)
    return best


def cut_units(s, n):
    """Longest prefix of s within n UTF-16 code units (how Excel measures sheet names)."""
    out, units = "", 0
    for ch in s:
        units += 2 if ord(ch) >= 0x10000 else 1
        if units > n:
            break
        out += ch
    return out


def practised(t):
    """Some session or classroom turn in the selection; a member without is 未练习 (no sheet)."""
    return t["summary"]["turns"] > 0 or t["sessions"] or t.get("answered_elsewhere")


def has_runs_sheet(doc):
    """考试记录 lists the exam runs of a selection that is not an exam."""
    return doc["selection"]["kind"] not in ("exam", "run") and any(t["exam_runs"] for t in doc["trainees"])


def expected_sheet_names(doc):
    """The renderer's rule: 姓名-工号, []:*?/\\ -> _, no edge apostrophes, <= 31 characters,
    unique case-insensitively (suffix (2), (3)...); 31 counted in UTF-16 units. Members who did
    not practise (未练习) have no sheet of their own."""
    used = ["汇总", "班组汇总"] + (["考试记录"] if has_runs_sheet(doc) else [])
    names = []
    for t in doc["trainees"]:
        if not practised(t) or len(doc["trainees"]) > 60:   # a centre: 汇总 only
            names.append(None)
            continue
        s = "%s-%s" % (t["name"], t["staff_no"])
        s = "".join("_" if ch in "[]:*?/\\\t\n" else ch for ch in s)
        s = cut_units(s.strip("'"), 31).rstrip("'") or "学员"
        if s.lower() == "history":
            s = "学员"
        n, cand = 1, s
        while cand.lower() in [u.lower() for u in used]:
            n += 1
            suf = "(%d)" % n
            cand = cut_units(s, 31 - len(suf)) + suf
        used.append(cand)
        names.append(cand)
    return names


class Book:
    def __init__(self, path):
        self.z = zipfile.ZipFile(path)
        self.sst = []
        if "xl/sharedStrings.xml" in self.z.namelist():
            root = ET.fromstring(self.z.read("xl/sharedStrings.xml"))
            for si in root.findall(M + "si"):
                self.sst.append("".join(t.text or "" for t in si.iter(M + "t")))
        wb = ET.fromstring(self.z.read("xl/workbook.xml"))
        rels = ET.fromstring(self.z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels.findall(PR + "Relationship")}
        self.sheets = []  # (name, path)
        for s in wb.find(M + "sheets"):
            self.sheets.append((s.get("name"), "xl/" + target[s.get(R + "id")]))
        self.defined = [(d.get("name"), d.text) for d in wb.iter(M + "definedName")]
        styles = ET.fromstring(self.z.read("xl/styles.xml"))
        fmts = {14: "m/d/yyyy", 0: "General", 1: "0", 2: "0.00", 9: "0%", 10: "0.00%"}
        nf = styles.find(M + "numFmts")
        if nf is not None:
            for f in nf:
                fmts[int(f.get("numFmtId"))] = f.get("formatCode")
        self.xf_fmt = [fmts.get(int(x.get("numFmtId", "0")), "?")
                       for x in styles.find(M + "cellXfs").findall(M + "xf")]

    def sheet(self, name):
        for n, p in self.sheets:
            if n == name:
                return Sheet(self, p)
        return None


class Sheet:
    def __init__(self, book, path):
        self.book = book
        self.path = path
        self.root = ET.fromstring(book.z.read(path))
        self.cells = {}  # (row, col) -> (value, numfmt)
        for row in self.root.find(M + "sheetData"):
            r = int(row.get("r")) - 1
            for c in row:
                v = c.find(M + "v")
                t = c.get("t")
                if v is None:
                    val = None
                elif t == "s":
                    val = book.sst[int(v.text)]
                elif t in ("str", "inlineStr"):
                    val = v.text
                else:
                    val = float(v.text)
                self.cells[(r, col_index(c.get("r")))] = (val, book.xf_fmt[int(c.get("s", "0"))])
        self.row_ht = {int(r.get("r")) - 1: r.get("ht") for r in self.root.find(M + "sheetData")}
        self.widths = {}
        cols = self.root.find(M + "cols")
        if cols is not None:
            for c in cols:
                for i in range(int(c.get("min")) - 1, int(c.get("max"))):
                    self.widths[i] = float(c.get("width"))
        self.pane = self.root.find(".//" + M + "pane")
        self.comments = {}
        rel = re.sub(r"worksheets/(sheet\d+\.xml)$", r"worksheets/_rels/\1.rels", path)
        if rel in book.z.namelist():
            for r in ET.fromstring(book.z.read(rel)).findall(PR + "Relationship"):
                if r.get("Type").endswith("/comments"):
                    cpath = "xl/" + r.get("Target").replace("../", "")
                    for cm in ET.fromstring(book.z.read(cpath)).iter(M + "comment"):
                        ref = cm.get("ref")
                        m = re.match(r"([A-Z]+)(\d+)", ref)
                        key = (int(m.group(2)) - 1, col_index(ref))
                        self.comments[key] = "".join(t.text or "" for t in cm.iter(M + "t"))

    def val(self, r, c):
        return self.cells.get((r, c), (None, None))[0]

    def fmt(self, r, c):
        return self.cells.get((r, c), (None, None))[1]

    def find_row(self, col, text, start=0):
        for (r, c), (v, _) in sorted(self.cells.items()):
            if c == col and v == text and r >= start:
                return r
        return -1


def close(a, b):
    """a is b as the cell shows it: exact, or rounded to the format's places (0.0% -> 3 places
    of the fraction, 0.0 -> 1 place)."""
    return isinstance(a, float) and any(abs(a - round(b, k)) < 1e-9 for k in (9, 3, 1, 0))


def pane_ok(sheet, header_row):
    p = sheet.pane
    return (p is not None and p.get("state") == "frozen" and
            float(p.get("ySplit", "0")) == header_row + 1)


def excel_text(s):
    """What the renderer may store for s: unchanged when it is clean text."""
    return s if not re.search(r"[\x00-\x08\x0b-\x1f\ufffd]", s) else None


def check_summary(book, doc):
    sh = book.sheet("汇总")
    if not check("summary.sheet", sh is not None, "no sheet 汇总"):
        return
    crit = doc["criteria"]
    hr = sh.find_row(0, "姓名")
    heads = [sh.val(hr, c) for c in range(len(SUMMARY_HEAD) + len(crit))]
    want = SUMMARY_HEAD + ["%s 达标率" % c["name"] for c in crit]
    check("summary.headers", heads == want, "header row %r, want %r" % (heads, want))
    check("summary.title", doc["selection"]["label"] in (sh.val(0, 0) or "") and
          doc["assessor"] in (sh.val(1, 0) or ""), "title rows lack label/assessor")
    bad = []
    for i, t in enumerate(doc["trainees"]):
        r, s = hr + 1 + i, t["summary"]
        if s["turns"] > 0:
            exp = [t["name"], t["staff_no"], t["group"], float(s["sessions"]), float(s["score"]),
                   float(s["max"]), s["percent"] / 100.0, "通过" if s["passed"] else "未通过",
                   float(s["overrides"])]
        else:   # not taking part: no score, neither pass nor fail
            exp = [t["name"], t["staff_no"], t["group"], float(s["sessions"]), None, None, None,
                   "无作答记录" if practised(t) else "未练习", float(s["overrides"])]
        rates = {c["id"]: c["rate"] for c in s["criteria"]}
        exp += [rates.get(c["id"]) for c in crit]
        for c, e in enumerate(exp):
            v = sh.val(r, c)
            if e is None:
                ok = v is None  # no data: blank, not 0%
            elif isinstance(e, (float, int)):
                ok = close(v, float(e))
            else:
                ok = (v or "") == e  # an empty string is written as a blank cell
            if not ok:
                bad.append("row %d col %d: %r != %r" % (r + 1, c + 1, v, e))
    check("summary.values", not bad, "; ".join(bad[:5]))
    if doc["trainees"]:
        r = hr + 1
        fm = [sh.fmt(r, 4), sh.fmt(r, 5), sh.fmt(r, 6)]
        check("summary.number_formats", fm == ["0.0", "0.0", "0.0%"], "score/max/rate formats %r" % fm)
        rate_cols = [sh.fmt(r, len(SUMMARY_HEAD) + k) for k in range(len(crit))
                     if sh.val(r, len(SUMMARY_HEAD) + k) is not None]
        check("summary.rate_formats", rate_cols and all(f == "0.0%" for f in rate_cols),
              "criterion rate formats %r" % rate_cols)
    papers = {n: Sheet(book, path).root.find(M + "pageSetup") for n, path in book.sheets}
    check("sheets.a4_paper", all(ps is not None and ps.get("paperSize") == "9" for ps in papers.values()),
          "pageSetup paperSize %r" % {n: (ps.get("paperSize") if ps is not None else None)
                                      for n, ps in papers.items()})
    check("summary.frozen", pane_ok(sh, hr) and float(sh.pane.get("xSplit", "0")) == 1,
          "pane %r" % (sh.pane.attrib if sh.pane is not None else None))
    af = sh.root.find(M + "autoFilter")
    last = hr + len(doc["trainees"]) + (0 if doc["trainees"] else 0)
    check("summary.autofilter", af is not None and af.get("ref", "").startswith("A%d:" % (hr + 1))
          and af.get("ref").endswith(str(max(last, hr) + 1)), "autoFilter %r" %
          (af.attrib if af is not None else None))
    check("summary.conditional", sh.root.find(M + "conditionalFormatting") is not None,
          "no conditional formatting on 是否通过")
    # widths: every column set; names (CJK count 2) fit; capped
    ncols = len(SUMMARY_HEAD) + len(crit)
    missing = [c for c in range(ncols) if c not in sh.widths]
    check("summary.widths_set", not missing, "columns without width %r" % missing)
    names = [t["name"] for t in doc["trainees"]] + ["姓名"]
    need = min(max(disp_width(n) for n in names), 50)
    check("summary.width_fits_names", sh.widths.get(0, 0) >= need and
          all(w <= 51 for w in sh.widths.values()),
          "column A width %.1f, names need %d" % (sh.widths.get(0, 0), need))


def check_cohort(book, doc):
    sh = book.sheet("班组汇总")
    if not check("cohort.sheet", sh is not None, "no sheet 班组汇总"):
        return
    co = doc["cohort"]
    hr = sh.find_row(0, "评分项")
    heads = [sh.val(hr, c) for c in range(len(COHORT_HEAD))]
    check("cohort.headers", heads == COHORT_HEAD, "header row %r" % heads)
    bad = []
    for i, c in enumerate(co["criteria"]):
        r = hr + 1 + i
        got = [sh.val(r, k) for k in range(6)]
        exp = [c["name"], c["n"], c["mean"], c["sd"], c["min"], c["max"]]
        for k, (g, e) in enumerate(zip(got, exp)):
            if not (g == e if k == 0 else close(g, float(e))):
                bad.append("row %d col %d: %r != %r" % (r + 1, k + 1, g, e))
        marked = (sh.val(r, 6) or "").startswith("薄弱项")
        if marked != (c["id"] in co["weakest"]):
            bad.append("%s weakest mark %r" % (c["id"], sh.val(r, 6)))
        if sh.fmt(r, 2) != "0.0%":
            bad.append("mean format %r" % sh.fmt(r, 2))
    check("cohort.values", not bad, "; ".join(bad[:5]))
    br = sh.find_row(0, "姓名", hr)
    listed = []
    r = br + 1
    while sh.val(r, 0) not in (None, "（无）"):
        listed.append((sh.val(r, 0), sh.val(r, 1), sh.val(r, 2)))
        r += 1
    exp = [(b["name"], b["staff_no"], b["percent"] / 100.0) for b in co["below_pass"]]
    check("cohort.below_pass", len(listed) == len(exp) and
          all(a[0] == b[0] and a[1] == b[1] and close(a[2], b[2]) for a, b in zip(listed, exp)),
          "listed %r, want %r" % (listed, exp))
    check("cohort.frozen", pane_ok(sh, hr), "no frozen header")
    if co["criteria"]:
        charts = [n for n in book.z.namelist() if n.startswith("xl/charts/chart")]
        text = book.z.read(charts[0]).decode() if charts else ""
        check("cohort.chart", "班组汇总" in text and "<c:barChart>" in text,
              "no bar chart over 班组汇总")


def check_trainees(book, doc):
    names = expected_sheet_names(doc)
    crit = doc["criteria"]
    for t, name in zip(doc["trainees"], names):
        if name is None:
            continue
        tag = "trainee[%s]" % t["staff_no"]
        sh = book.sheet(name)
        if not check(tag + ".sheet", sh is not None, "no sheet %r" % name):
            continue
        hr = sh.find_row(0, "会话")
        heads = [sh.val(hr, c) for c in range(len(TURN_HEAD) + len(crit))]
        want = TURN_HEAD + [c["name"] for c in crit]
        check(tag + ".headers", heads == want, "header %r" % heads)
        s = t["summary"]
        lab = sh.find_row(0, "会话数")
        got = [sh.val(lab + 1, c) for c in range(8)]
        exp = [s["sessions"], s["turns"], s["score"], s["max"], s["percent"] / 100.0,
               "通过" if s["passed"] else "未通过", s["hints"], s["overrides"]]
        check(tag + ".summary", all(g == e if isinstance(e, str) else close(g, float(e))
                                    for g, e in zip(got, exp)), "%r != %r" % (got, exp))
        sr = sh.find_row(0, "会话编号")
        got, exp = [], []
        for k, se in enumerate(t["sessions"]):
            r = sr + 1 + k
            got.append([sh.val(r, c) for c in (0, 4, 6, 7, 8, 10)])
            exp.append([float(se["id"]), se["outcome_name"] or "进行中", float(se["score"]),
                        float(se["max"]), se["percent"] / 100.0, float(se["overrides"])])
        check(tag + ".sessions", sr >= 0 and sr < hr and all(
            g == e if isinstance(e, str) else close(g, e)
            for gr, er in zip(got, exp) for g, e in zip(gr, er)) and sh.val(sr + 1 + len(exp), 0) is None,
            "session rows %r, want %r" % (got, exp))
        for run in t["exam_runs"]:
            txt = "\n".join(str(v) for (r, c), (v, _) in sh.cells.items() if c == 0 and r < hr)
            check(tag + ".exam_run", ("%.1f%%" % run["auto_percent"]) in txt and
                  ("%.1f%%" % run["percent"]) in txt, "run %d not shown" % run["id"])
        bad, overrides, r = [], 0, hr + 1
        for se in t["sessions"]:
            for tu in se["turns"]:
                later = any(o["seq"] == tu["seq"] and o["attempt"] > tu["attempt"]
                            for o in se["turns"])
                if not (sh.val(r, 0) or "").startswith("#%d " % se["id"]):
                    bad.append("row %d session %r" % (r + 1, sh.val(r, 0)))
                nums = [(2, tu["seq"]), (3, tu["attempt"]), (6, tu["score"]), (7, tu["max"]),
                        (9, tu["hints"])]
                if not later:
                    nums.append((8, tu["final"]))
                elif sh.val(r, 8) != "已重答":
                    bad.append("row %d superseded attempt shown as %r" % (r + 1, sh.val(r, 8)))
                for c, e in nums:
                    if not close(sh.val(r, c), float(e)):
                        bad.append("row %d col %d: %r != %r" % (r + 1, c + 1, sh.val(r, c), e))
                for c, key in ((4, "citizen"), (5, "reply")):
                    e = excel_text(tu[key])
                    if e is not None and sh.val(r, c) != e:
                        bad.append("row %d %s %r" % (r + 1, key, sh.val(r, c)))
                graded = {g["id"]: g for g in tu["criteria"]}
                for k, c in enumerate(crit):
                    v, g = sh.val(r, len(TURN_HEAD) + k), graded.get(c["id"])
                    if g is None or (not g["focus"] and not g["override"]):
                        # not graded, or not examined at this point: blank, never 未达标
                        if v is not None:
                            bad.append("row %d %s should be blank: %r" % (r + 1, c["id"], v))
                        continue
                    e = ("达标" if g["met"] else "未达标") + ("（改判）" if g["override"] else "")
                    if v != e:
                        bad.append("row %d %s: %r != %r" % (r + 1, c["id"], v, e))
                    com = sh.comments.get((r, len(TURN_HEAD) + k))
                    if g["override"]:
                        overrides += 1
                        auto = "原判：" + ("达标" if g["met_auto"] else "未达标")
                        if not com or auto not in com or g["override"]["by"] not in com or \
                                g["override"]["why"] not in com:
                            bad.append("row %d %s override comment %r" % (r + 1, c["id"], com))
                    elif com:
                        bad.append("row %d %s unexpected comment" % (r + 1, c["id"]))
                r += 1
        check(tag + ".turn_rows", not bad, "; ".join(bad[:5]))
        check(tag + ".row_count", sh.val(r, 2) is None,
              "a row after the last turn: %r" % sh.val(r, 2))
        check(tag + ".frozen", pane_ok(sh, hr), "no frozen header")
        wrapped = [sh.widths.get(4), sh.widths.get(5)]
        check(tag + ".widths", all(w and 30 <= w <= 51 for w in wrapped) and
              all(c in sh.widths for c in range(len(TURN_HEAD) + len(crit))),
              "citizen/reply widths %r" % wrapped)
        tall = [int(float(h)) for rr, h in sh.row_ht.items() if rr > hr and h]
        has_text = any(len(tu["reply"]) > 20 for se in t["sessions"] for tu in se["turns"])
        check(tag + ".row_heights", (any(h > 15 for h in tall) or not has_text) and
              all(h <= 409 for h in tall),
              "row heights %r" % tall)
        if any(g["override"] for se in t["sessions"] for tu in se["turns"] for g in tu["criteria"]):
            check(tag + ".override_seen", overrides > 0, "override not found")


def check_print(book, doc):
    """Legible on A4: no sheet is fitted to a page by shrinking; each prints at a fixed scale
    >= 82% (11 pt text stays >= 9 pt), rows flowing onto further pages."""
    bad = []
    for n, path in book.sheets:
        xml = book.z.read(path).decode()
        ps = re.search(r"<pageSetup[^>]*>", xml)
        scale = int(re.search(r'scale="(\d+)"', ps.group(0)).group(1)) if ps and "scale=" in ps.group(0) else 100
        if 'fitToPage="1"' in xml or scale < 82:
            bad.append("%s: scale %d%s" % (n, scale, ", fitToPage" if 'fitToPage="1"' in xml else ""))
    check("print.legible", not bad, "; ".join(bad[:5]))
    # the fonts cells use (cellXfs -> fonts): none smaller than 11 pt
    st = ET.fromstring(book.z.read("xl/styles.xml"))
    fonts = st.find(M + "fonts").findall(M + "font")
    used = {int(xf.get("fontId", "0")) for xf in st.find(M + "cellXfs").findall(M + "xf")}
    sizes = sorted({float(fonts[i].find(M + "sz").get("val")) for i in used
                    if i < len(fonts) and fonts[i].find(M + "sz") is not None})
    check("print.font_sizes", sizes and sizes[0] >= 11, "cell font sizes %r" % sizes)


def check_rounding(book, doc):
    """Numbers are stored as shown (0.689, never 0.6890000000000001)."""
    bad = []
    for n, path in book.sheets:
        xml = book.z.read(path).decode()
        for v in re.findall(r'<c [^>]*?(?<!t="s")>\s*<v>([-0-9.eE+]+)</v>', xml):
            frac = v.split(".")[1] if "." in v and "e" not in v.lower() else ""
            if len(frac) > 4:
                bad.append("%s: %s" % (n, v))
    check("values.rounded", not bad, "; ".join(bad[:5]))


def main(argv):
    global prefix
    if len(argv) >= 3 and argv[1] == "--prefix":
        prefix = argv[2]
        argv = argv[:1] + argv[3:]
    if len(argv) != 3:
        print(__doc__)
        return 2
    doc = json.load(open(argv[2], encoding="utf-8"))
    try:
        book = Book(argv[1])
    except Exception as e:  # not a zip, missing parts: one failure, not a traceback
        print("FAIL %s.open: %s" % (prefix, e))
        return 1
    sheet_names = [n for n, _ in book.sheets]
    want = ["汇总", "班组汇总"] + (["考试记录"] if has_runs_sheet(doc) else []) + \
        [n for n in expected_sheet_names(doc) if n is not None]
    check("sheet_names", sheet_names == want, "sheets %r, want %r" % (sheet_names, want))
    check("shared_strings", all(h in book.sst for h in SUMMARY_HEAD + COHORT_HEAD + TURN_HEAD),
          "Chinese headers missing from sharedStrings.xml")
    core = book.z.read("docProps/core.xml").decode()
    check("properties", "<dc:creator>Counterpart</dc:creator>" in core and
          doc["selection"]["label"] in core and "<dc:subject>" in core, "core.xml: " + core[:200])
    for part in (check_summary, check_cohort, check_trainees, check_print, check_rounding):
        try:
            part(book, doc)
        except Exception as e:
            check(part.__name__, False, "%s: %s" % (type(e).__name__, e))
    failed = 0
    for name, ok, why in results:
        if ok:
            print("PASS %s.%s" % (prefix, name))
        else:
            failed += 1
            print("FAIL %s.%s: %s" % (prefix, name, why))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
