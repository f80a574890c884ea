"""The TRUTH Act forum report as a PDF, in any kyr language: totals, then a labelled bar chart per table."""

from __future__ import annotations

import datetime as dt
import os

from babel.dates import format_skeleton
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from kyr import common, fonts, grammar, layout, textline
from kyr.catalogs import IncompleteTranslation, Translator, load_catalog, pgettext, untranslated
from kyr.documents import Message, all_documents
from kyr.languages import LANGUAGES, Language, get_language
from kyr.pdf import write
from kyr.prepared import page_footer
from kyr.profile import Profile
from kyr.profile import load as load_profile
from kyr.provenance import Provenance
from kyr.register.entries import ACTIONS, CHOICES
from kyr.register.report import MIN_CELL, Figures, hidden
from kyr.textruns import chain_for

# TRANSLATORS: title of the report for the TRUTH Act community forum (Gov. Code 7283.1(d)).
TITLE = pgettext("forum:title", "ICE access: figures for the TRUTH Act community forum")
# TRANSLATORS: under the title. Keep {from} and {to} (dates).
PERIOD = pgettext("forum:period", "From {from} to {to}")
# TRANSLATORS: what the figures count. Keep {min}.
INTRO = pgettext("forum:intro", "Each figure counts documents this agency served and recorded: ICE interview consent "
                 "forms, notices of ICE requests and notices that ICE was told a release date. No names are kept. "
                 "A count above zero but smaller than {min} is shown as \"fewer than {min}\", so that nobody can "
                 "be identified.")
# TRANSLATORS: label of a total: documents served in the period.
FORMS = pgettext("forum:forms", "Documents served")
# TRANSLATORS: label of a total: different people who were served a document (counted by booking number).
PEOPLE = pgettext("forum:people", "People served (different booking numbers)")
# TRANSLATORS: a count too small to show. Keep {min}.
FEWER = pgettext("forum:fewer", "fewer than {min}")
# TRANSLATORS: chart headings.
BY_MONTH = pgettext("forum:by_month", "Documents served, by month")
BY_DOCUMENT = pgettext("forum:by_document", "Documents served, by document")
BY_LANGUAGE = pgettext("forum:by_language", "Documents served, by language")
BY_CHOICE = pgettext("forum:by_choice", "Consent forms: the person's choice")
BY_ACTION = pgettext("forum:by_action", "ICE requests: what this agency decided")
# TRANSLATORS: the person's choice on the consent form, as recorded by staff.
CHOICE_LABELS = {
    "agree": pgettext("forum:choice.agree", "Agreed to the interview"),
    "decline": pgettext("forum:choice.decline", "Declined the interview"),
    "attorney": pgettext("forum:choice.attorney", "Only with their attorney"),
    "refused": pgettext("forum:choice.refused", "Refused to sign"),
    "none": pgettext("forum:choice.none", "Made no choice"),
}
# TRANSLATORS: a request from ICE and this agency's decision. Keep {request}.
ACTION_LABELS = {
    "detainer": pgettext("forum:action.detainer", "Hold (detainer)"),
    "notification": pgettext("forum:action.notification", "Release date"),
    "transfer": pgettext("forum:action.transfer", "Transfer to ICE"),
    "other": pgettext("forum:action.other", "Other request"),
}
DECISION_LABELS = {
    "comply": pgettext("forum:decision.comply", "{request}: complied"),
    "decline": pgettext("forum:decision.decline", "{request}: declined"),
}
MESSAGES: tuple[Message, ...] = (TITLE, PERIOD, INTRO, FORMS, PEOPLE, FEWER, BY_MONTH, BY_DOCUMENT, BY_LANGUAGE,
                                 BY_CHOICE, BY_ACTION, *CHOICE_LABELS.values(), *ACTION_LABELS.values(),
                                 *DECISION_LABELS.values())
BAR = colors.HexColor("#333333")  # dark enough to read on any printer, in black and white


class Bars(Flowable):
    """A horizontal bar chart: per row its label, a bar (ReportLab graphics) and its count written out.

    Labels and counts are kyr text (shaped, right to left where the language is), so every bar is
    read without colour or a legend. A suppressed count has no bar, only its words.
    """

    def __init__(self, rows: list[tuple[str, int]], chain: tuple[str, ...], size: float, rtl: bool,
                 fewer: str, min_cell: int) -> None:
        super().__init__()
        self.rows, self.chain, self.size, self.rtl = rows, chain, size, rtl
        self.fewer, self.min_cell = fewer, min_cell
        self.leading = size * 1.3

    def _count(self, n: int) -> str:
        return self.fewer if hidden(n, self.min_cell) else f"{n:,}"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.label_w = avail_width * 0.42
        measure = lambda s: textline.measure(s, self.chain, self.size)  # noqa: E731
        self.lines = [textline.wrap(label, self.label_w - self.size, measure) for label, _ in self.rows]
        self.value_w = max(measure(self._count(n)) for _, n in self.rows) + self.size if self.rows else 0
        self.heights = [max(len(lines), 1) * self.leading + self.size * 0.6 for lines in self.lines]
        self.height = sum(self.heights)
        return self.width, self.height

    def draw(self) -> None:
        room = self.width - self.label_w - self.value_w
        shown = [n for _, n in self.rows if not hidden(n, self.min_cell)]
        top = max(shown, default=0) or 1
        y = self.height
        bars = Drawing(self.width, self.height)
        axis_x = self.width - self.label_w if self.rtl else self.label_w
        for (_label, n), lines, h in zip(self.rows, self.lines, self.heights, strict=True):
            y -= h
            bar_h = self.size * 1.1
            bar_y = y + (h - bar_h) / 2
            length = 0.0 if hidden(n, self.min_cell) else room * n / top
            if length:
                bars.add(Rect(axis_x - length if self.rtl else axis_x, bar_y, length, bar_h,
                              fillColor=BAR, strokeColor=None))
            text_y = y + h - self.size * 0.3 - self.size
            for line in lines:  # the label, beside the axis
                used = textline.measure(line, self.chain, self.size)
                x = self.width - used if self.rtl else 0.0
                textline.draw(self.canv, x, text_y, line, self.chain, self.size, rtl=self.rtl, color=layout.INK)
                text_y -= self.leading
            count = self._count(n)
            used = textline.measure(count, self.chain, self.size)
            gap = self.size * 0.4
            x = axis_x - length - gap - used if self.rtl else axis_x + length + gap
            textline.draw(self.canv, x, bar_y + (bar_h - self.size) / 2 + self.size * 0.15, count, self.chain,
                          self.size, rtl=self.rtl, color=layout.INK)
        bars.add(Line(axis_x, 0, axis_x, self.height, strokeColor=layout.INK, strokeWidth=0.6))
        renderPDF.draw(bars, self.canv, 0, 0)


def month_name(month: str, language: Language) -> str:
    """"2026-11" as the language writes a month and year."""
    year, number = (int(p) for p in month.split("-"))
    if language.months:
        return f"{language.months[number - 1]} {year}"
    return format_skeleton("yMMMM", dt.date(year, number, 1), locale=language.locale())


def render_report(fig: Figures, lang: str, *, min_cell: int = MIN_CELL, paper: str = "letter",
                  profile: Profile | str | os.PathLike[str] | None = None, allow_draft: bool = False) -> bytes:
    """The forum report for the figures, in `lang`: totals, then one chart per table, with the footer."""
    from kyr.fields import display_date

    language = get_language(lang)
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    catalog = load_catalog(language.code)
    docs = [all_documents()[d] for d in fig.by_document]
    status = common.STATUS_MESSAGES.get(catalog.review.status)
    problems = untranslated([*MESSAGES, *(d.title for d in docs), *([status] if status else [])], catalog)
    if problems and not allow_draft:
        raise IncompleteTranslation(language.code, "forum report", problems)
    t = Translator(catalog)
    for m in MESSAGES:
        t(m)
    styles = layout.Styles(language, 1.0, bilingual=False)
    chain, rtl = chain_for(language.fonts), language.is_rtl
    fewer = grammar.fill(t(FEWER), {"min": str(min_cell)})
    size = styles.size("body")

    def para(text: str, role: str, bold: bool = False) -> Flowable:
        return styles.para(text, role, bold=bold)

    def chart(heading: Message, rows: list[tuple[str, int]]) -> Flowable:
        return KeepTogether([Spacer(1, 8), para(t(heading), "heading", bold=True), Spacer(1, 4),
                             Bars(rows, chain, size, rtl, fewer, min_cell)])

    count = lambda n: fewer if hidden(n, min_cell) else f"{n:,}"  # noqa: E731

    def totals(rows: list[tuple[str, str]]) -> Flowable:
        """Label and number side by side (no colon to translate), mirrored right to left."""
        width = layout.Frame.for_paper(paper).width
        cells = [[para(label, "body", bold=True), para(value, "body", bold=True)] for label, value in rows]
        widths = [width * 0.6, width * 0.4]
        if rtl:
            cells, widths = [row[::-1] for row in cells], widths[::-1]
        return Table(cells, colWidths=widths, hAlign="LEFT", style=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), fonts.font_name("NotoSans")),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("LEFTPADDING", (1 if not rtl else 0, 0), (1 if not rtl else 0, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    period = grammar.fill(t(PERIOD), {"from": display_date(fig.date_from, language),
                                      "to": display_date(fig.date_to, language)})
    story: list[Flowable] = [
        para(prof.get("agency.name"), "heading", bold=True),
        Spacer(1, 4),
        para(t(TITLE), "title", bold=True),
        para(period, "lead"),
        Spacer(1, 6),
        para(grammar.fill(t(INTRO), {"min": str(min_cell)}), "body"),
        Spacer(1, 6),
        totals([(t(FORMS), count(fig.forms)), (t(PEOPLE), count(fig.people))]),
        chart(BY_MONTH, [(month_name(m, language), n) for m, n in fig.by_month.items()]),
        chart(BY_DOCUMENT, [(t(d.title), fig.by_document[d.id]) for d in docs]),
        chart(BY_LANGUAGE, [(LANGUAGES[c].label if c in LANGUAGES else c, n) for c, n in fig.by_language.items()]),
        chart(BY_CHOICE, [(t(CHOICE_LABELS[c]), fig.by_choice.get(c, 0)) for c in CHOICES]),
        chart(BY_ACTION, [(grammar.fill(t(DECISION_LABELS[d]), {"request": t(ACTION_LABELS[a])}), n)
                          for a in ACTIONS for d, n in fig.by_action.get(a, {}).items()]),
    ]
    prov = Provenance("forum-report", language.code, t.revision(), "incomplete" if problems else catalog.review.status)
    status_text = tuple([t(status)] if status else [])
    title = f"{t(TITLE)} ({fig.date_from} – {fig.date_to})"
    return write(story, paper, page_footer(language, prov, status_text), title=title, subject=prov.code,
                 author=prof.get("agency.name"), lang=language.code)
