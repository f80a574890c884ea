"""Web forms generated from a document definition: fields, labels, hints, and translated validation."""

from __future__ import annotations

from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from kyr import fields
from kyr.documents import Document
from kyr.languages import CJK_SCRIPTS, LANGUAGES, get_language
from kyr.layout import PAPERS
from kyr.profile import Profile
from web.i18n import doc_text, ui_language
from web.i18n import gettext as _


@dataclass
class FormField:
    key: str
    type: str  # text, date, time, choice
    label: str
    hint: str
    max_length: int
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    value: str = ""
    error: str = ""
    empty_label: str = ""  # what the empty choice of a select means


def reason_text(reason: str, max_length: int = 0) -> str:
    """A FieldError's reason, said in the interface language."""
    texts = {
        "control": _("Remove the control or text-direction characters from this field."),
        "invalid": _("This field has characters that are not valid text. Type it again."),
        "too_long": _("Use at most %(n)d characters.", n=max_length) if max_length else _("This value is too long."),
        "date": _("Enter a date as year-month-day, for example 2026-11-24."),
        "time": _("Enter a time as hours and minutes, for example 14:30."),
        "choice": _("Choose one of the options."),
        "required": _("This field is required."),
        "does_not_fit": _("This value does not fit its line on the form. Shorten it."),
        "reason": _("This reason does not go with the decision chosen above. Choose another reason."),
        "not_asked": _("Choose this agency's decision first, or leave the reason empty."),
        "not_allowed": _("California law does not allow this decision for this request."),
        "glyph": _("This field has characters that no installed font can print."),
        "shaping": _("This script cannot be printed correctly yet. Write the name in Latin letters, or print a blank "
                     "form and write it by hand."),
        "language": _("This language is not one kyr prints."),
        "row": _("This row could not be read."),
        "csv": _("This row is not valid CSV (check the quotation marks)."),
        "encoding": _("This row is not valid UTF-8 text. Save the file as CSV UTF-8 and upload it again."),
        "columns": _("This row does not have one value for each column."),
    }
    return texts.get(reason, _("This value cannot be printed."))


def _join(sentences: list[str]) -> str:
    """Sentences in a row: Chinese and Japanese put no space between them."""
    return ("" if ui_language().script in CJK_SCRIPTS else " ").join(sentences)


def _options(doc: Document, key: str) -> list[tuple[str, str]]:
    """A choice field's values, labelled with the text of the check box each one marks."""
    labels = {value: doc_text(message) for value, message in doc.option_labels(key).items()}
    return [(value, labels.get(value, value)) for value in doc.fields[key].options]


def build_fields(doc: Document, profile: Profile, values: dict[str, str] | None = None,
                 errors: dict[str, str] | None = None) -> list[FormField]:
    """The form for a document: one entry per field, with what is printed when it is left empty."""
    values = values or {}
    errors = errors or {}
    defaults = fields.resolve(doc, {}, get_language("en"), profile, require=False)
    decisions = {a.field: profile.get(f"decisions.{a.field}") for a in doc.actions}
    reasons = {a.reason_field for a in doc.actions}
    out = []
    for key, spec in doc.fields.items():
        hints = []
        if spec.type == "choice":
            hints.append(_("Choose the one that applies."))
        elif spec.type == "date":
            hints.append(_("Choose the date in the calendar, or type it as the box shows."))
        elif spec.type == "time":
            hints.append(_("Choose the time, or type it as the box shows."))
        if spec.type == "text":
            hints.append(_("Up to %(n)d characters.", n=spec.max_length))
        options = _options(doc, key) if spec.type == "choice" else []
        usual = decisions.get(key)
        if usual:
            hints.append(_("Leave empty if ICE did not ask for this. This agency usually decides: %(value)s",
                           value=dict(options).get(usual, usual)))
        if spec.default == "today":
            hints.append(_("Leave empty for today's date."))
        elif key in defaults:
            shown = dict(options).get(defaults[key], defaults[key])
            hints.append(_("Leave empty to print: %(value)s", value=shown))
        empty = _("(not chosen)")
        if usual:
            empty = _("(ICE did not ask for this)")
        elif key in reasons:
            empty = _("(the usual reason for that decision, from this agency's settings)")
        elif spec.type == "choice" and key in defaults:
            empty = _("(not chosen: %(value)s is printed)", value=dict(options).get(defaults[key], defaults[key]))
        out.append(FormField(key, spec.type, doc_text(spec.label), _join(hints), spec.max_length, options,
                             values.get(key, ""), errors.get(key, ""), empty))
    return out


@dataclass
class Submission:
    """What a document form sent: the document's language and paper, and the typed values."""

    lang: str
    paper: str
    bilingual: bool
    values: dict[str, str]
    errors: dict[str, str]


class UnknownLanguage(LookupError):
    pass


def read(doc: Document, form: MultiDict[str, str]) -> Submission:
    """Read and check a document form; unknown languages raise, field problems are collected."""
    lang = form.get("lang", "")
    if lang not in LANGUAGES:
        raise UnknownLanguage(lang)
    paper = form.get("paper", "letter")
    errors: dict[str, str] = {}
    if paper not in PAPERS:
        errors["paper"] = _("Choose one of the options.")
        paper = "letter"
    given = {key: form.get(key, "") for key in doc.fields}
    for key, problem in fields.validate(doc, given).items():
        errors[key] = reason_text(problem.reason, doc.fields[key].max_length)
    values = {k: v.strip() for k, v in given.items() if v.strip()}
    if not errors:
        try:
            fields.check_printable(doc, values, LANGUAGES[lang])
        except fields.FieldError as exc:
            errors[exc.key] = reason_text(exc.reason)
    bilingual = form.get("bilingual") == "on" if "bilingual-shown" in form else doc.bilingual_default
    return Submission(lang, paper, bilingual, given, errors)
