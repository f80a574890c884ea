"""Pages written out as they are drawn: a valid PDF, every page in order, nothing kept per page."""

import io

import pikepdf

from conftest import pdftotext, qpdf_check
from kyr import pdfstream, stamp


def spooled(pages: int, tmp_path) -> tuple[bytes, list[int]]:
    canvas = stamp.new_canvas(io.BytesIO(), "letter", None, title="t")
    canvas.beginForm("frame")
    canvas.rect(10, 10, 100, 100)
    canvas.endForm()
    objects = []
    out = tmp_path / "spooled.pdf"
    with out.open("wb") as fh:
        writer = pdfstream.PageWriter(canvas, fh)
        for i in range(pages):
            canvas.doForm("frame")
            canvas.setFont("NotoSans", 12)
            canvas.drawString(72, 700, f"Row {i + 1} of {pages}")
            writer.end_page()
            objects.append(len(canvas._doc.idToObject))
        writer.finish()
    return out.read_bytes(), objects


def test_a_spooled_pdf_is_valid_and_has_every_page_in_order(tmp_path):
    data, _objects = spooled(40, tmp_path)
    path = tmp_path / "spooled.pdf"
    check = qpdf_check(path)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout, check.stdout
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 40
        assert all("/Fm" in str(list(p.Resources.XObject.keys())) or p.Resources.XObject for p in pdf.pages)
    text = pdftotext(path)
    assert [line for line in text.splitlines() if line.startswith("Row")] == [f"Row {i} of 40" for i in range(1, 41)]


def test_no_object_is_kept_per_page(tmp_path):
    _data, objects = spooled(30, tmp_path)
    assert len(set(objects)) == 1  # ReportLab's document does not grow with the pages


def test_each_extra_page_costs_only_its_content(tmp_path):
    small, _ = spooled(10, tmp_path)
    large, _ = spooled(110, tmp_path)
    assert (len(large) - len(small)) / 100 < 400  # a short content stream, a page dictionary, two xref lines
