"""Plain ReportLab drawing the same page as kyr's benchmark form: the baseline `make bench` divides by.

Reads the page's texts and the font files from a JSON file (written by scripts/benchmark.py), so this
script imports nothing of kyr: `python scripts/baseline.py TEXTS.json OUT.pdf [N]` builds the page
once (a cold process) or N times and prints the median milliseconds (warm).
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def page(texts: dict) -> bytes:
    """The bilingual page: the title pair, then each message beside its English, with plain ReportLab."""
    own = ParagraphStyle("own", fontName="Own", fontSize=8.6, leading=11.5, wordWrap="CJK")
    en = ParagraphStyle("en", fontName="Latin", fontSize=7.8, leading=10)
    title = ParagraphStyle("title", parent=own, fontName="Own-Bold", fontSize=12, leading=15)
    story = [Paragraph(texts["title"][0], title), Paragraph(texts["title"][1], en), Spacer(1, 4 * mm)]
    rows = [[Paragraph(a, own), Paragraph(b, en)] for a, b in texts["pairs"]]
    story.append(Table(rows, colWidths=[96 * mm, 96 * mm], style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), "Latin"),
        ("LINEBEFORE", (1, 0), (1, -1), 0.4, "#7a7a7a")])))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=LETTER, leftMargin=10 * mm, rightMargin=10 * mm, topMargin=10 * mm,
                      bottomMargin=30 * mm, initialFontName="Latin").build(story)
    return buf.getvalue()


def main() -> None:
    texts = json.loads(open(sys.argv[1], encoding="utf-8").read())
    for name, path in texts["fonts"].items():
        pdfmetrics.registerFont(TTFont(name, path))
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        data = page(texts)
        times.append(time.perf_counter() - t0)
    with open(sys.argv[2], "wb") as fh:
        fh.write(data)
    print(f"{statistics.median(times[1:] or times) * 1000:.2f}")


if __name__ == "__main__":
    main()
