"""Roster batches: one PDF with a filled document per CSV row, each in its row's language.

Rows are read twice, one at a time: first to check every row (a bad row is reported by line number,
never with its values), then to draw. Each language's fixed text is drawn once into a PDF Form
XObject; every row's page reuses it and adds only that row's values at the positions the layout
recorded, so an extra page costs a few hundred bytes and no row is kept after its page is drawn.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.pdfgen.canvas import Canvas

from kyr import fields, fonts, layout, pdfstream, stamp
from kyr.catalogs import IncompleteTranslation
from kyr.documents import Document, all_documents, get_document
from kyr.errors import KyrError
from kyr.files import produce_output
from kyr.languages import find_language
from kyr.prepared import Prepared
from kyr.profile import Profile
from kyr.profile import load as load_profile
from kyr.render import prepare

Roster = str | os.PathLike[str] | bytes  # a CSV file, or an upload's bytes kept in memory


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str
    code: str = ""  # a FieldError reason, or quote, encoding, columns, row: for a front end to translate
    column: str = ""

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class Result:
    pages: int = 0
    rows: int = 0  # records printed
    read: int = 0  # records in the file (non-blank lines after the header): rows + len(skipped)
    skipped: list[BadRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


class BadRoster(KyrError):
    """Rows that cannot be printed; nothing was written."""

    def __init__(self, bad: list[BadRow]) -> None:
        self.bad = bad
        shown = "; ".join(str(b) for b in bad[:10])
        more = f"; and {len(bad) - 10} more" if len(bad) > 10 else ""
        super().__init__(f"{len(bad)} bad row(s), nothing written: {shown}{more}. "
                         "Fix them, or use --skip-bad-rows to print the others")


def _name(roster: Roster) -> str:
    """What messages call the roster: its path, or "roster" for an upload."""
    return "roster" if isinstance(roster, bytes) else str(roster)


def _open(roster: Roster) -> BinaryIO:
    """The roster as a binary stream (an upload stays in memory, never written out)."""
    if isinstance(roster, bytes):
        return io.BytesIO(roster)
    try:
        return Path(roster).open("rb")
    except OSError as exc:
        raise KyrError(f"{roster}: cannot read roster: {exc.strerror or exc}") from None


class RosterError(KyrError):
    """A problem with the whole roster: it names the line or column, never a value from the file.

    `code` lets a front end say it in the interface language: empty, header, no_language_column,
    duplicate_column, too_many_rows, retired_column, no_rows.
    """

    def __init__(self, path: str, code: str, message: str, column: str = "") -> None:
        self.code = code
        self.column = column
        super().__init__(f"{path}: {message}")


def _split(text: str) -> list[str]:
    """One CSV record from one line; a roster row never spans lines (names hold no line breaks)."""
    return next(csv.reader([text], strict=True))


def _header(text: str, path: str, lang_column: str, doc: Document) -> list[str]:
    """The column names of line 1, lower case; whole-file problems name columns, never the line's values."""
    try:
        header = [h.strip().casefold() for h in _split(text)]
    except (csv.Error, StopIteration):
        raise RosterError(path, "header", "line 1 is not a row of column names (check its quotation marks)") from None
    known = set(doc.fields) | {lang_column.casefold()}
    seen: set[str] = set()
    for name in header:
        if name in seen and name in known:
            raise RosterError(path, "duplicate_column", f"the column {name!r} appears twice on line 1", name)
        seen.add(name)
        if name in doc.retired:
            raise RosterError(path, "retired_column", f"column {name!r} was replaced by {doc.retired[name]}", name)
    if lang_column.casefold() not in header:
        example = ",".join([*doc.required_fields, lang_column])
        raise RosterError(path, "no_language_column",
                          f"line 1 has no column {lang_column!r}; the first line names the columns, "
                          f"for example: {example}", lang_column)
    return header


def _rows(roster: Roster, lang_column: str, doc: Document,
          max_rows: int | None = None) -> Iterator[tuple[int, dict[str, str] | None, BadRow | None]]:
    """(line number, row, None) or (line number, None, what is wrong) for every record, one at a time.

    Every non-blank line after the header is one record, read on its own: a quotation mark left open
    spoils only its own line, never the people on the lines after it.
    """
    path = _name(roster)
    header: list[str] | None = None
    count = 0
    with _open(roster) as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                if number == 1:
                    raise RosterError(path, "header", "line 1 is not valid UTF-8 (save the roster as CSV UTF-8)") \
                        from None
                yield number, None, BadRow(number, "not valid UTF-8 (save the roster as UTF-8)", "encoding")
                continue
            if header is None:
                header = _header(text, path, lang_column, doc)
                continue
            if not text.strip():
                continue
            count += 1
            if max_rows is not None and count > max_rows:
                raise RosterError(path, "too_many_rows", f"more than {max_rows} rows; split the roster")
            try:
                values = _split(text)
            except csv.Error:
                yield number, None, BadRow(number, "a quotation mark opens a value that is not closed on this "
                                                   "line (each row must be on one line)", "quote")
                continue
            if not any(v.strip() for v in values):
                count -= 1
                continue
            if len(values) != len(header):
                yield number, None, BadRow(number, f"{len(values)} values for {len(header)} columns", "columns")
                continue
            yield number, dict(zip(header, values, strict=True)), None
    if header is None:
        raise RosterError(path, "empty", "the roster is empty")


def _check(doc: Document, row: dict[str, str], lang_column: str, profile: Profile,
           fit: Callable[[str], Prepared] | None = None) -> tuple[str, dict[str, str]]:
    """The row's language and printable values, or a KyrError saying what is wrong.

    `fit` gives the prepared page of a language, to check that every value fits its line there.
    """
    try:
        language = find_language(row.get(lang_column.casefold(), ""))
    except KyrError as exc:
        raise fields.FieldError(lang_column, "language", str(exc)) from None
    code = language.code
    given = {k: v for k, v in row.items() if k in doc.fields}
    values = fields.resolve(doc, given, language, profile, require=True)
    fields.check_printable(doc, values, language)
    if fit is not None:
        fit(code).check_fit(values)
    return code, values


class _Templates:
    """Per language: the document's pages drawn once as Form XObjects, and where the values go."""

    def __init__(self, canvas: Canvas, doc: Document, paper: str, profile: Profile, locales_dir: Path | None,
                 allow_draft: bool) -> None:
        self.canvas = canvas
        self.doc = doc
        self.paper = paper
        self.profile = profile
        self.locales_dir = locales_dir
        self.allow_draft = allow_draft
        self.by_lang: dict[str, tuple[Prepared, list[Template]]] = {}

    def get(self, lang: str) -> tuple[Prepared, list[Template]]:
        if lang not in self.by_lang:
            prepared = prepare(self.doc, lang, paper=self.paper, profile=self.profile,
                               locales_dir=self.locales_dir, allow_draft=self.allow_draft)
            self.by_lang[lang] = (prepared, self._draw_forms(prepared, lang))
        return self.by_lang[lang]

    def _draw_forms(self, prepared: Prepared, lang: str) -> list[Template]:
        """One XObject per page of the document (a page per copy), drawn with empty values."""
        slots = stamp.draw_pages(self.canvas, prepared, lambda i: self.canvas.beginForm(f"kyr-{lang}-{i}"),
                                 lambda i: self.canvas.endForm())
        return [Template(f"kyr-{lang}-{i}", page) for i, page in enumerate(slots)]


@dataclass(frozen=True)
class Template:
    """A page drawn once as a Form XObject, and the slots on it that take a row's values."""

    name: str
    slots: stamp.Slots


def per_person(doc: Document) -> bool:
    """Whether a document is a form filled in per person, so a roster can print it."""
    return doc.layout == "page" and doc.audience == "staff"


def run(
    document: str | Document,
    roster: Roster,
    lang_column: str,
    *,
    paper: str = "letter",
    profile: Profile | str | Path | None = None,
    locales_dir: Path | None = None,
    allow_draft: bool = False,
    skip_bad_rows: bool = False,
    target: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_rows: int | None = None,
    on_row: Callable[[Prepared, dict[str, str], dict[str, str]], None] | None = None,
) -> tuple[bytes | None, Result]:
    """Render every good row of the roster into one PDF; the bytes, or None when written to `target`.

    Every record of the file is either printed or listed in `Result.skipped`: rows + skipped == read.
    `max_rows` (the web's limit) refuses a longer roster before any work is done on it. `on_row` is
    called with each printed row's prepared document, values as given and as printed (the register
    keeps what it needs of them, never the row).
    """
    doc = document if isinstance(document, Document) else get_document(document)
    if not per_person(doc):
        forms = ", ".join(d.id for d in all_documents().values() if per_person(d))
        raise KyrError(f"{doc.id} is not a form filled in per person; batches take: {forms}")
    layout.page_size(paper)
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    result = Result()

    by_lang: dict[str, Prepared] = {}

    def prepared(lang: str) -> Prepared:  # once per language, not per row
        if lang not in by_lang:
            by_lang[lang] = prepare(doc, lang, paper=paper, profile=prof, locales_dir=locales_dir,
                                    allow_draft=allow_draft)
        return by_lang[lang]

    # Pass 1: check every row; keep only line numbers and reasons, never values.
    bad: list[BadRow] = []
    good = 0
    for line, row, problem in _rows(roster, lang_column, doc, max_rows):
        result.read += 1
        if row is None:
            assert problem is not None
            bad.append(problem)
            continue
        try:
            _check(doc, row, lang_column, prof, prepared)
        except fields.FieldError as exc:
            bad.append(BadRow(line, str(exc), exc.reason, exc.key))
        except IncompleteTranslation:
            raise  # the language, not the row: the whole batch is refused, as for a single form
        except KyrError as exc:
            bad.append(BadRow(line, str(exc), "row"))
        else:
            good += 1
    if bad and not skip_bad_rows:
        raise BadRoster(bad)
    if not good:
        raise RosterError(_name(roster), "no_rows", "no row to print")
    result.skipped = bad
    with _open(roster) as fh:  # the header line only (checked in pass 1): a later line may not decode
        header = _header(fh.readline().decode("utf-8-sig").rstrip("\r\n"), _name(roster), lang_column, doc)
    result.ignored_columns = [h for h in header if h and h not in doc.fields and h != lang_column.casefold()]

    # Pass 2: draw the good rows, one page template per language; each page is written out once drawn.
    def draw(fh: BinaryIO) -> None:
        canvas = stamp.new_canvas(io.BytesIO(), paper, None, title=f"{doc.id}: roster batch",
                                  author=prof.get("agency.name"))
        templates = _Templates(canvas, doc, paper, prof, locales_dir, allow_draft)
        writer = pdfstream.PageWriter(canvas, fh)
        for _line, row, _problem in _rows(roster, lang_column, doc):
            if row is None:
                continue
            try:
                lang, values = _check(doc, row, lang_column, prof)
            except KyrError:
                continue  # reported in pass 1
            prepared, pages = templates.get(lang)
            for page in pages:
                canvas.doForm(page.name)
                stamp.draw_values(canvas, page.slots, values)
                writer.end_page()
                result.pages += 1
            result.rows += 1
            if on_row:
                on_row(prepared, row, values)
            del row, values
            if progress:
                progress(result.rows, good)
        writer.finish()

    with fonts.pdf_lock:
        data = produce_output(target, draw)
    return data, result
