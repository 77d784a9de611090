#!/usr/bin/python3
"""Checks of report outputs, for tests/report/*.sh.  Each command prints
what is wrong and exits 1, or exits 0 silently.

  check.py json REPORT.json SCHEMA.json   valid against the schema, and each
                                          row value of the column's type
  check.py csv REPORT.csv REPORT.json     RFC 4180 parse, same rows as JSON
  check.py md REPORT.md REPORT.json       one table line per row
  check.py html REPORT.html [MIN_SVG]     parses; self-contained; SVG charts
  check.py png SHOT.png                   a screenshot that is not blank
  check.py dom DOM.html MIN_SVG           the browser's DOM holds the charts
"""
import csv
import io
import json
import re
import sys
from html.parser import HTMLParser


def fail(msg):
    print("  " + msg)
    sys.exit(1)


TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def check_json(path, schema_path):
    import jsonschema
    doc = json.load(open(path, encoding="utf-8"))
    schema = json.load(open(schema_path, encoding="utf-8"))
    try:
        jsonschema.validate(doc, schema)
    except jsonschema.ValidationError as e:
        fail("%s: schema: %s at %s" % (path, e.message, list(e.absolute_path)))
    cols = doc["columns"]
    if doc["row_count"] != len(doc["rows"]):
        fail("%s: row_count %d but %d rows" % (path, doc["row_count"], len(doc["rows"])))
    names = [c["name"] for c in cols]
    for i, row in enumerate(doc["rows"]):
        if list(row.keys()) != names:
            fail("%s: row %d fields %s, columns %s" % (path, i, list(row), names))
        for c in cols:
            v = row[c["name"]]
            t = c["type"]
            ok = (t == "text" and isinstance(v, str)) or \
                 (t in ("number", "percent") and (v is None or isinstance(v, (int, float)))) or \
                 (t == "time" and (v is None or (isinstance(v, str) and TIME.match(v))))
            if not ok:
                fail("%s: row %d column %s (%s): bad value %r" % (path, i, c["name"], t, v))


def check_csv(path, json_path):
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")
    if text and not text.endswith("\r\n"):
        fail("%s: records must end with CRLF" % path)
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    if text.count("\r\n") < len(rows):
        fail("%s: %d records but %d CRLF line ends" % (path, len(rows), text.count("\r\n")))
    doc = json.load(open(json_path, encoding="utf-8"))
    names = [c["name"] for c in doc["columns"]]
    if not rows or rows[0] != names:
        fail("%s: header %s, expected %s" % (path, rows[:1], names))
    if len(rows) - 1 != len(doc["rows"]):
        fail("%s: %d records, JSON has %d rows" % (path, len(rows) - 1, len(doc["rows"])))
    for i, (rec, jrow) in enumerate(zip(rows[1:], doc["rows"])):
        for name, cell in zip(names, rec):
            v = jrow[name]
            if v is None:
                same = cell == ""
            elif isinstance(v, str):
                same = cell == v
            else:
                try:
                    same = float(cell) == float(v)
                except ValueError:
                    same = False
            if not same:
                fail("%s: record %d field %s: CSV %r, JSON %r" % (path, i + 1, name, cell, v))


def check_md(path, json_path):
    doc = json.load(open(json_path, encoding="utf-8"))
    lines = [l for l in open(path, encoding="utf-8").read().splitlines() if l.startswith("|")]
    if len(lines) != len(doc["rows"]) + 2:
        fail("%s: %d table lines for %d rows" % (path, len(lines), len(doc["rows"])))
    if not re.match(r"^\|(:---|---:)(\|(:---|---:))*\|$", lines[1]):
        fail("%s: bad delimiter row %r" % (path, lines[1]))
    ncols = len(doc["columns"])
    for l in lines:
        cells = re.split(r"(?<!\\)\|", l)[1:-1]
        if len(cells) != ncols:
            fail("%s: %d cells in %r, expected %d" % (path, len(cells), l, ncols))


class Html(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = {}
        self.stack = []
        self.external = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for k, v in attrs:
            if k in ("src", "href", "xlink:href") or (v and "url(" in v):
                self.external.append((tag, k, v))
        if tag in ("script", "link", "img", "iframe", "object", "embed"):
            self.external.append((tag, "", ""))


def check_html(path, min_svg):
    text = open(path, encoding="utf-8").read()
    p = Html()
    p.feed(text)
    p.close()
    if not text.startswith("<!DOCTYPE html>"):
        fail("%s: no doctype" % path)
    if p.external:
        fail("%s: not self-contained: %s" % (path, p.external[:3]))
    if "@import" in text or "url(" in text:
        fail("%s: CSS refers to other files" % path)
    if p.tags.get("table", 0) != 1:
        fail("%s: %d tables" % (path, p.tags.get("table", 0)))
    if p.tags.get("svg", 0) < min_svg:
        fail("%s: %d svg charts, expected at least %d" % (path, p.tags.get("svg", 0), min_svg))


def check_png(path):
    from PIL import Image
    im = Image.open(path).convert("RGB")
    w, h = im.size
    if w < 100 or h < 100:
        fail("%s: %dx%d is too small" % (path, w, h))
    colors = im.getcolors(maxcolors=1 << 20)
    if colors is None or len(colors) < 8:
        fail("%s: blank (%s colours)" % (path, "many" if colors is None else len(colors)))
    px = im.load()
    dark = sum(1 for y in range(0, h, 2) for x in range(0, w, 2) if sum(px[x, y]) < 384)
    if dark < 200:
        fail("%s: almost no ink (%d dark pixels sampled)" % (path, dark))
    # the charts' blue (#1f6feb) is on the page
    blue = sum(1 for y in range(0, h) for x in range(0, w, 2)
               if px[x, y][2] > 180 and px[x, y][0] < 90)
    if blue < 50:
        fail("%s: no chart colour on the screenshot (%d pixels)" % (path, blue))


def check_dom(path, min_svg):
    text = open(path, encoding="utf-8").read()
    n_svg = len(re.findall(r"<svg\b", text))
    n_line = len(re.findall(r"<polyline\b", text))
    n_rect = len(re.findall(r"<rect\b", text))
    if n_svg < min_svg:
        fail("%s: %d <svg> in the DOM, expected at least %d" % (path, n_svg, min_svg))
    if n_line + n_rect == 0:
        fail("%s: the charts hold no polyline or rect" % path)
    if "<tbody>" not in text:
        fail("%s: no table body in the DOM" % path)


def main():
    a = sys.argv[1:]
    if not a:
        fail(__doc__)
    cmd = a[0]
    if cmd == "json":
        check_json(a[1], a[2])
    elif cmd == "csv":
        check_csv(a[1], a[2])
    elif cmd == "md":
        check_md(a[1], a[2])
    elif cmd == "html":
        check_html(a[1], int(a[2]) if len(a) > 2 else 0)
    elif cmd == "png":
        check_png(a[1])
    elif cmd == "dom":
        check_dom(a[1], int(a[2]))
    else:
        fail("unknown check " + cmd)


if __name__ == "__main__":
    main()
