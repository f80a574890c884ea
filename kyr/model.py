"""The document model: messages, fields, rows, options, actions, blocks and documents, as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field

FIELD_TYPES = ("text", "date", "time", "choice")
BLOCK_KINDS = (
    "pagebreak", "text", "choices", "actions", "fieldset", "contact", "bullets", "qr", "provisions", "authorities",
)
LAYOUTS = ("page", "cards")
COMPUTED_VALUES = ("language",)
# A provision's status on the brief: state law requires it (or the locality goes further), or a local choice.
STATUSES = ("required", "further", "adopted", "not_adopted", "unknown")
# Where {placeholders} in messages come from, unless a document maps them itself.
DEFAULT_PLACEHOLDERS = {
    "agency": "agency.name",
    "address": "agency.address",
    "organization": "legal_help.organization",
    "phone": "legal_help.phone",
    "web": "legal_help.web",
    "jurisdiction": "jurisdiction.name",
}


@dataclass(frozen=True)
class Message:
    """One translatable string: its catalog context is '<document id>:<id>' (None in the web interface)."""

    context: str | None
    id: str
    msgid: str
    comment: str = ""


@dataclass(frozen=True)
class Field:
    key: str
    type: str
    label: Message
    max_length: int = 200
    default: str | None = None  # a literal, or "profile:<setting>" ({field} names another field)
    required: bool = False  # in a roster batch, every row must give it
    options: tuple[str, ...] = ()  # the values of a choice field
    labels: dict[str, Message] = field(default_factory=dict)  # a choice value's words, where no box prints it
    lines: int = 1  # lines a typed value may wrap to on the page (it never shrinks)


@dataclass(frozen=True)
class Row:
    """A line in a fieldset: a field's value, a computed value, a blank line, or a check box."""

    label: Message
    field: str | None = None
    value: str | None = None
    checkbox: bool = False


# When a check box is marked on a filled form: every (field, value) pair holds; value None: any value given.
Condition = tuple[tuple[str, str | None], ...]


def holds(condition: Condition, values: dict[str, str]) -> bool:
    """Whether a filled form's values mark the check box with this condition."""
    return bool(condition) and all(
        bool(values.get(key)) if value is None else values.get(key) == value for key, value in condition
    )


@dataclass(frozen=True)
class Option:
    """One check box of a choices or actions block, marked on a filled form when `when` holds."""

    message: Message
    value: str | None = None
    lines: tuple[Row, ...] = ()
    when: Condition = ()


@dataclass(frozen=True)
class Action:
    """One thing ICE may ask for: a check box marked when it asked, then each decision with its reason.

    `field` holds the decision (a choice field; left out when ICE did not ask), `reason_field` its reason;
    each option is one (decision, reason) pair that the law allows for this action.
    """

    field: str
    reason_field: str
    asked: Option
    options: tuple[Option, ...]

    def pairs(self) -> list[tuple[str, str]]:
        """The (decision, reason) pairs this action allows, in printed order."""
        return [(dict(o.when)[self.field], dict(o.when)[self.reason_field]) for o in self.options]  # type: ignore[misc]


@dataclass(frozen=True)
class Item:
    """A provision of a policy brief (its status comes from `setting`) or a bullet of a list."""

    message: Message
    setting: str | None = None
    law: str | None = None  # the state law that requires it (a citation, printed as written)
    who: Message | None = None  # who can adopt it


@dataclass(frozen=True)
class Copy:
    """One copy of a document printed for a particular reader (a page of its own, with a banner)."""

    key: str
    banner: Message
    title: Message | None = None  # this copy's own title, when the document's speaks to another reader


@dataclass(frozen=True)
class Authority:
    who: Message
    power: Message
    level: Message | None = None


@dataclass(frozen=True)
class Block:
    kind: str
    message: Message | None = None
    heading: Message | None = None
    style: str = "body"
    field: str | None = None
    setting: str | None = None
    options: tuple[Option, ...] = ()
    rows: tuple[Row, ...] = ()
    items: tuple[Item, ...] = ()
    authorities: tuple[Authority, ...] = ()
    actions: tuple[Action, ...] = ()
    copy: str | None = None  # printed only on this copy of the document
    keep: bool = False  # never split across pages (a signature or choices block)


@dataclass(frozen=True)
class Cards:
    """A wallet card: the holder's language on the front, fixed English for an officer on the back."""

    front: tuple[Message, ...]
    help: Message | None
    back_title: str
    back: tuple[str, ...]
    mark: Message | None = None  # "{language}, {date}" on every front, so a cut-out card says what it is
    draft: Message | None = None  # a short draft mark beside it while the catalog is a draft


@dataclass(frozen=True)
class Document:
    id: str
    audience: str
    statute: str
    title: Message
    summary: Message
    fields: dict[str, Field]
    blocks: tuple[Block, ...]
    date_field: str | None = None
    facility_field: str | None = None
    layout: str = "page"
    bilingual_default: bool = True
    max_pages: int = 1
    copies: tuple[Copy, ...] = ()
    placeholders: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PLACEHOLDERS))
    statuses: dict[str, Message] = field(default_factory=dict)
    cards: Cards | None = None
    retired: dict[str, str] = field(default_factory=dict)  # a field that went away -> what replaced it
    messages: tuple[Message, ...] = field(default=(), repr=False)

    @property
    def required_fields(self) -> list[str]:
        return [key for key, f in self.fields.items() if f.required]

    def pages_allowed(self, translated: bool, bilingual: bool) -> int:
        """Pages each copy may take: a document printed in one language by default takes twice its pages
        when printed with English beside a translation. Over one page, its text flows (laid out per PDF)."""
        return self.max_pages * (2 if bilingual and translated and not self.bilingual_default else 1)

    @property
    def fixed_pages(self) -> int:
        """Pages each copy takes when its page breaks are fixed by the definition (1 + its page breaks)."""
        return 1 + sum(b.kind == "pagebreak" for b in self.blocks)

    @property
    def actions(self) -> list[Action]:
        return [a for b in self.blocks for a in b.actions]

    def option_labels(self, key: str) -> dict[str, Message]:
        """The message of the check box each value of a choice field marks (a form's option labels)."""
        labels: dict[str, Message] = {}
        for block in self.blocks:
            for option in block.options:
                if block.field == key and option.value:
                    labels[option.value] = option.message
        labels.update(self.fields[key].labels)
        return labels
