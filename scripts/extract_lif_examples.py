#!/usr/bin/env python3
"""extract_lif_examples.py — regenerates tests/map/lif-examples/ from the LIF
1.0.0 text: every ```json block of LIF_EN_1.0.0.md, byte for byte (the text
between the opening fence line and the closing fence), one file per block,
named NN-slug.json after the heading above it (00 is section 8.4, the
"complete data structure" template; 01..19 are sections 10.1..10.19).

Usage: scripts/extract_lif_examples.py PATH/TO/LIF_EN_1.0.0.md [OUTDIR]
       (OUTDIR defaults to tests/map/lif-examples)
Compare with `git diff --stat tests/map/lif-examples` afterwards.  The unit
tests read the extracted files; they never run this script."""
import os
import re
import sys


def slug(title):
    title = re.sub(r"^[0-9.]+\s+", "", title).lower()
    return re.sub(r"[^a-z0-9]+", "-", title).strip("-")[:48].rstrip("-")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    md = open(sys.argv[1], encoding="utf-8").read()
    out = sys.argv[2] if len(sys.argv) > 2 else "tests/map/lif-examples"
    os.makedirs(out, exist_ok=True)
    heading = None
    blocks = []
    pos = 0
    # A block opens with a line "```json" (the text has one with a trailing
    # blank) and closes at the next ``` (the last one closes as "}```").
    fence = re.compile(r"^```json[ \t]*\n", re.M)
    heads = [(m.start(), m.group(1)) for m in re.finditer(r"^#+ (.*)$", md, re.M)]
    while True:
        m = fence.search(md, pos)
        if not m:
            break
        end = md.index("```", m.end())
        body = md[m.end():end]
        heading = [h for (p, h) in heads if p < m.start()][-1]
        blocks.append((heading, body))
        pos = end + 3
    for i, (heading, body) in enumerate(blocks):
        num = 0 if heading.startswith("8.4") else int(re.match(r"10\.(\d+)", heading).group(1))
        name = "%02d-%s.json" % (num, slug(heading))
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
            f.write(body)
        print(name)


if __name__ == "__main__":
    main()
