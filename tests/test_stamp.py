"""Stamped pages: the same text, in the same order, as the page laid out with the values."""

import io
import zlib

import pytest

from conftest import pdftotext
from kyr import fields, pdf, stamp, subsets
from kyr.documents import all_documents
from kyr.profile import load
from kyr.render import prepare

VALUES = {"name": "陳美麗 Nguyễn", "booking_number": "EX-1", "date": "2026-11-24", "officer": "Deputy 7",
          "detainer": "decline", "detainer_reason": "state-law", "notification": "comply",
          "notification_reason": "state-law-allows", "notification_basis": "PC 245", "transfer_basis": "PC 667.5(c)",
          "transfer": "decline",
          "transfer_reason": "local-policy", "other": "comply", "other_reason": "judicial-warrant",
          "other_request": "Записка", "person_to_notify": "Sam Counsel", "date_received": "2026-11-20",
          "time": "09:30", "release_date": "2026-12-01", "release_time": "18:00", "told_date": "2026-11-28",
          "told_time": "11:00", "recipient": "designee", "designee_name": "김민준",
          "designee_contact": "(555) 010-0199", "facility": "Annex B", "interpreter": "Line 7781"}
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
    assert "Zyxwvut" not in kept and "Zyxwvut" not in repr(snap)
    assert stamp.snapshot_for(prepared) is snap  # taken once per laid-out page


def test_kept_pieces_are_the_pages_own_operators():
    """The compressed pieces reused between PDFs hold runs of the fixed page, never a value drawn near them."""
    doc = all_documents()["ice-interview-consent"]
    prepared = prepare(doc, "zh_Hans", profile=load())
    snap = stamp.snapshot_for(prepared)
    for name in ("龘靐齉", "鱻麤爨"):
        stamp.stamp(snap, prepared, {**VALUES, "name": name}, title="t", subject="s", author="a")
    assert snap.pieces
    opening = stamp.new_canvas(io.BytesIO(), "letter", "zh_Hans")._preamble + "\nq"
    for (index, start, end, head, tail), made in snap.pieces.items():
        assert head in ("", opening) and tail in ("", "Q")
        own = "\n".join([*([head] if head else []), *snap.pages[index][0][start:end], *([tail] if tail else [])])
        data = made[made.index(b"stream\n") + 7: made.rindex(b"endstream")]
        assert zlib.decompress(data).decode() == own + "\n"


def test_the_fixed_texts_font_subsets_are_made_once_and_never_hold_a_typed_character():
    """Typed values' new characters go into subsets of their own; the page's own subsets are reused as made."""
    import io

    import pikepdf

    from kyr.render import render

    base = {"booking_number": "EX-1", "date": "2026-11-24"}

    def font_files(pdf: bytes) -> dict[str, bytes]:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            return {str(f.BaseFont): bytes(f.FontDescriptor.FontFile2.read_raw_bytes())
                    for f in doc.pages[0].Resources.Font.values()}

    first = font_files(render("ice-interview-consent", "zh_Hans", values={**base, "name": "龘靐齉"}))
    second = font_files(render("ice-interview-consent", "zh_Hans", values={**base, "name": "鱻麤爨"}))
    fixed = {k for k in first if k.startswith("/AAAAAA+")}
    assert fixed and all(first[k] == second[k] for k in fixed)  # the very same bytes, made once
    assert first["/AAAAAB+NotoSansSC-Regular"] != second["/AAAAAB+NotoSansSC-Regular"]  # each name's own
    assert any(made is not None for known in subsets.kept().values() for made in known.values())
    typed = {ord(ch) for ch in "龘靐齉鱻麤爨"}
    for known in subsets.kept().values():
        assert not any(typed & set(subset) for subset in known), "a typed character was kept"
