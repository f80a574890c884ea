"""Stamped pages: the same text, in the same order, as the page laid out with the values."""

import pytest

from conftest import pdftotext
from kyr import fields, pdf, stamp
from kyr.documents import all_documents
from kyr.profile import load
from kyr.render import prepare

VALUES = {"name": "陳美麗 Nguyễn", "booking_number": "EX-1", "date": "2026-11-24", "officer": "Deputy 7",
          "request_type": "other", "request_other": "Записка", "date_received": "2026-11-20", "decision": "decline",
          "reason": "state-law", "time": "09:30", "release_date": "2026-12-01", "release_time": "18:00",
          "designee_name": "김민준", "designee_contact": "(555) 010-0199", "facility": "Annex B",
          "interpreter": "Line 7781"}
STAMPED = [d for d in all_documents().values() if d.layout == "page" and (d.max_pages == 1 or d.copies)]


def laid_out(prepared, values) -> bytes:
    with prepared.page.filled(values) as story:
        return pdf.write(prepared.head + story, prepared.paper, prepared.footer(), title="t", subject="s",
                         author="a", lang=prepared.language.code)


@pytest.mark.parametrize("lang", ["en", "zh_Hant", "vi", "ko"])
@pytest.mark.parametrize("doc", STAMPED, ids=lambda d: d.id)
def test_a_stamped_pdf_reads_like_the_laid_out_one(doc, lang, tmp_path):
    prepared = prepare(doc, lang, profile=load())
    given = {k: v for k, v in VALUES.items() if k in doc.fields}
    assert set(given) == set(doc.fields)
    values = fields.resolve(doc, given, prepared.language, load())
    a, b = tmp_path / "stamped.pdf", tmp_path / "laid-out.pdf"
    a.write_bytes(stamp.stamp(stamp.snapshot_for(prepared), prepared, values, title="t", subject="s", author="a"))
    b.write_bytes(laid_out(prepared, values))
    assert pdftotext(a) == pdftotext(b)


def test_the_snapshot_keeps_no_values(tmp_path):
    doc = all_documents()["ice-interview-consent"]
    prepared = prepare(doc, "es", profile=load())
    snap = stamp.snapshot_for(prepared)
    stamp.stamp(snap, prepared, {"name": "Zyxwvut Secret"}, title="t", subject="s", author="a")
    kept = "".join("".join(ops) for ops, _slots in snap.pages)
    assert "Zyxwvut" not in kept and all(not s.flowable.runs for _ops, slots in snap.pages for s in slots
                                         if hasattr(s.flowable, "runs"))
    assert stamp.snapshot_for(prepared) is snap  # taken once per laid-out page
