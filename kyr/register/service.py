"""Printing and recording as one act: the PDF is handed out only once its entries are committed."""

from __future__ import annotations

import os
from pathlib import Path

from kyr import batch
from kyr.documents import Document, get_document
from kyr.files import write_output
from kyr.prepared import Prepared
from kyr.profile import Profile
from kyr.profile import load as load_profile
from kyr.register.entries import Entry, check_recordable, entry_for, recording
from kyr.render import render_parts


def _hand_out(entries: list[Entry], data: bytes, target: str | os.PathLike[str] | None,
              url: str | None) -> list[int]:
    """Record the entries and write the PDF in one transaction: both happen, or neither."""
    written = False
    try:
        with recording(entries, url) as ids:
            if target is not None and str(target) != "-":
                write_output(target, data)
                written = True
        return ids
    except BaseException:
        if written:  # the commit failed after the file was written: no PDF may pass as recorded
            Path(target).unlink(missing_ok=True)  # type: ignore[arg-type]
        raise


def render_recorded(document: str | Document, lang: str, *, values: dict[str, str], served_by: str,
                    paper: str = "letter", profile: Profile | str | os.PathLike[str] | None = None,
                    allow_draft: bool = False, bilingual: bool | None = None,
                    target: str | os.PathLike[str] | None = None, url: str | None = None) -> tuple[bytes, int]:
    """Render a staff document filled in for one person and record it; the PDF and the entry's id.

    With a target the PDF is written there before the entry is committed, and removed if the commit fails.
    """
    doc = document if isinstance(document, Document) else get_document(document)
    who = check_recordable(doc, served_by)
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    data, printed, prepared = render_parts(doc, lang, values=values, paper=paper, profile=prof,
                                           allow_draft=allow_draft, bilingual=bilingual)
    entry = entry_for(doc, prepared.language.code, paper, prepared.provenance.code, values, printed, who)
    return data, _hand_out([entry], data, target, url)[0]


def batch_recorded(document: str | Document, roster: batch.Roster, lang_column: str, *, served_by: str,
                   target: str | os.PathLike[str] | None = None, url: str | None = None,
                   **options: object) -> tuple[bytes, batch.Result, list[int]]:
    """A roster batch with one entry per printed row, recorded with the PDF (all or nothing)."""
    doc = document if isinstance(document, Document) else get_document(document)
    who = check_recordable(doc, served_by)
    entries: list[Entry] = []

    def keep(prepared: Prepared, given: dict[str, str], printed: dict[str, str]) -> None:
        entries.append(entry_for(doc, prepared.language.code, prepared.paper, prepared.provenance.code,
                                 given, printed, who))

    data, result = batch.run(doc, roster, lang_column, on_row=keep, **options)  # type: ignore[arg-type]
    assert data is not None
    return data, result, _hand_out(entries, data, target, url)
