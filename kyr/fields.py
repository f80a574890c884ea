"""Field values typed by a person: clean them, check them against the document, format them for a locale."""

from __future__ import annotations

import datetime
import unicodedata

from babel.dates import format_date, format_time

from kyr.documents import Document, Field
from kyr.errors import KyrError
from kyr.languages import Language
from kyr.profile import SETTINGS_BY_NAME, Profile
from kyr.textruns import chain_for, is_control, needs_shaping, uncovered


class FieldError(KyrError):
    """A typed value that cannot be printed; `reason` is a code a front end can translate."""

    def __init__(self, key: str, reason: str, message: str) -> None:
        self.key = key
        # control, invalid, too_long, date, time, choice, required, glyph, shaping (a script kyr cannot shape),
        # does_not_fit (its line on the page),
        # reason (not one for the decision), not_asked (a reason without a decision), not_allowed (by law)
        self.reason = reason
        super().__init__(message)


# Zero-width spaces carry nothing to print and hide in pasted text; ZWNJ and ZWJ stay: Farsi and Indic
# names need them to be written correctly.
_DROPPED = str.maketrans("", "", "\u200b\ufeff")


def clean(key: str, value: str, max_length: int) -> str:
    """NFC-normalise a value and refuse control, bidi-override and unassigned characters."""
    value = unicodedata.normalize("NFC", value.translate(_DROPPED)).strip()
    for ch in value:
        cp = ord(ch)
        cat = unicodedata.category(ch)
        if is_control(ch):
            raise FieldError(key, "control", f"field {key!r} contains a control character (U+{cp:04X})")
        if cat in ("Cs", "Cn", "Co") or cp == 0xFFFD:  # U+FFFD: bytes that were not valid text
            raise FieldError(key, "invalid", f"field {key!r} contains an invalid character (U+{cp:04X})")
    if len(value) > max_length:
        raise FieldError(key, "too_long", f"field {key!r} is longer than {max_length} characters")
    return value


def parse_date(key: str, value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        message = f"field {key!r} must be a date like 2026-11-24 (YYYY-MM-DD), got {value!r}"
        raise FieldError(key, "date", message) from None


def parse_time(key: str, value: str) -> datetime.time:
    try:
        return datetime.time.fromisoformat(value)
    except ValueError:
        message = f"field {key!r} must be a time like 14:30 (HH:MM, 24-hour), got {value!r}"
        raise FieldError(key, "time", message) from None


def _default(spec: Field, values: dict[str, str], profile: Profile) -> str | None:
    """A field's default: a literal, or a profile setting whose name may use other fields' values."""
    if not spec.default:
        return None
    if spec.default == "today":
        return datetime.date.today().isoformat()
    if not spec.default.startswith("profile:"):
        return spec.default
    name = spec.default.removeprefix("profile:")
    for key, value in values.items():
        name = name.replace("{" + key + "}", value)
    if "{" in name or name not in SETTINGS_BY_NAME:
        return None  # it depends on a field nobody filled in
    return profile.get(name) or None


def _checked(spec: Field, value: str) -> str:
    """A typed value cleaned and checked against its field's type; a FieldError says what is wrong."""
    text = clean(spec.key, value, spec.max_length)
    if not text:
        return text
    if spec.type == "date":
        parse_date(spec.key, text)
    elif spec.type == "time":
        parse_time(spec.key, text)
    elif spec.type == "choice" and text not in spec.options:
        message = f"field {spec.key!r} must be one of {', '.join(spec.options)}, got {text!r}"
        raise FieldError(spec.key, "choice", message)
    return text


def validate(doc: Document, given: dict[str, str]) -> dict[str, FieldError]:
    """Every typed value's problem at once, by field (a form shows each next to its field)."""
    problems: dict[str, FieldError] = {}
    for key, value in given.items():
        try:
            _checked(doc.fields[key], value)
        except FieldError as exc:
            problems[key] = exc
    return problems


def resolve(
    doc: Document,
    given: dict[str, str],
    language: Language,
    profile: Profile,
    blank: bool = False,
    require: bool | None = None,
) -> dict[str, str]:
    """The printable value of every field: typed values, else defaults; none but profile ones when blank.

    Choice fields keep their option value (it marks a box). A filled form (not blank, unless `require`
    says otherwise) must give every required field: a consent form without a name is worse than none.
    """
    if require is None:
        require = not blank
    unknown = sorted(set(given) - set(doc.fields))
    for key in unknown:
        if key in doc.retired:
            raise KyrError(f"field {key!r} of {doc.id} was replaced by {doc.retired[key]}")
    if unknown:
        raise KyrError(f"unknown field {unknown[0]!r} for {doc.id}; its fields are: {', '.join(doc.fields)}")
    if blank and given:
        raise KyrError("a blank form takes no field values; leave out --blank or the --field options")
    values: dict[str, str] = {}
    for key, spec in doc.fields.items():
        text = _checked(spec, given.get(key, ""))
        if not text:
            if require and spec.required:
                raise FieldError(key, "required",
                                 f"required field {key!r} is empty (give it, or print a blank form for pre-printing)")
            continue
        values[key] = text
    # Defaults, once the typed values they may depend on are known. A blank form keeps only the
    # defaults that come straight from the profile (the facility), not the per-case ones.
    for key, spec in doc.fields.items():
        if key in values or (blank and spec.type == "choice"):
            continue
        default = _default(spec, values, profile)
        if default is None:
            continue
        if spec.type == "choice" and default not in spec.options:
            raise KyrError(
                f"{profile.source}: {spec.default.removeprefix('profile:')} must be one of {', '.join(spec.options)}"
            )
        values[key] = default
    if not blank:
        _check_actions(doc, values, given)
    return {key: _display(doc.fields[key], value, language) for key, value in values.items()}


def _check_actions(doc: Document, values: dict[str, str], given: dict[str, str]) -> None:
    """Each requested action's decision with a reason the law allows for it; nothing for actions not asked.

    A reason that came from the profile but does not belong to the decision is replaced by the one
    reason that does, when there is only one; otherwise the staff member must give it.
    """
    for action in doc.actions:
        decision, reason = values.get(action.field), values.get(action.reason_field)
        allowed = [r for d, r in action.pairs() if d == decision]
        if decision is None:
            if given.get(action.reason_field, "").strip():
                raise FieldError(action.reason_field, "not_asked",
                                 f"field {action.reason_field!r} is given, but {action.field!r} is not "
                                 "(give the decision, comply or decline, of every action ICE asked for)")
            values.pop(action.reason_field, None)
            continue
        if not allowed:
            raise FieldError(action.field, "not_allowed",
                             f"field {action.field!r}: {decision} is not possible here: California law does not "
                             f"allow it (one of: {', '.join(dict.fromkeys(d for d, _r in action.pairs()))})")
        if reason in allowed:
            continue
        if not given.get(action.reason_field, "").strip() and len(allowed) == 1:
            values[action.reason_field] = allowed[0]
            continue
        from_profile = not given.get(action.reason_field, "").strip()
        message = (f"field {action.reason_field!r}: with {action.field}={decision} the reason must be one of "
                   f"{', '.join(allowed)}" + (f", not {reason!r}" if reason else "")
                   + (" (the profile's usual reason does not go with this decision: give the reason)"
                      if from_profile and reason else ""))
        raise FieldError(action.reason_field, "reason", message)


def check_printable(doc: Document, values: dict[str, str], language: Language) -> None:
    """Refuse a value with a character that no installed font draws (it would not print)."""
    chain = chain_for(language.fonts)
    for key, value in values.items():
        if doc.fields[key].type == "choice":
            continue
        missing = sorted(uncovered(value, chain))
        unshaped = [ch for ch in missing if needs_shaping(ch)]
        if unshaped:
            ch = unshaped[0]
            raise FieldError(key, "shaping",
                             f"field {key!r} is written in {needs_shaping(ch)} (U+{ord(ch):04X}), which kyr cannot "
                             "yet print correctly; it refuses rather than print it wrong (write the name in Latin "
                             "letters, or print a blank form and write it by hand)")
        if missing:
            shown = ", ".join(f"U+{ord(ch):04X}" for ch in missing[:5])
            raise FieldError(key, "glyph", f"field {key!r} has characters no installed font draws: {shown}")


def widest_date(language: Language) -> str:
    """The longest date this language prints (its longest month name, a two-digit day): for fit checks."""
    return max((display_date(datetime.date(2026, month, 28), language) for month in range(1, 13)), key=len)


def display_date(day: datetime.date, language: Language) -> str:
    """A date as the language writes it."""
    if language.months:  # no CLDR data (Hmong): the registry's month names, day first
        return f"{day.day} {language.months[day.month - 1]} {day.year}"
    return format_date(day, "long", locale=language.locale())


def _display(spec: Field, value: str, language: Language) -> str:
    if spec.type == "date":
        return display_date(parse_date(spec.key, value), language)
    if spec.type == "time":
        moment = parse_time(spec.key, value)
        if language.months:  # and the 24-hour clock
            return moment.strftime("%H:%M")
        return format_time(moment, "short", locale=language.locale())
    return value
