"""Document definitions: read forms/*.toml into typed, validated objects."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from kyr.errors import KyrError

FIELD_TYPES = ("text", "date")
BLOCK_KINDS = ("text", "choices", "fieldset", "contact")
COMPUTED_VALUES = ("language",)


@dataclass(frozen=True)
class Message:
    """One translatable string: its catalog context is '<document id>:<id>'."""

    context: str
    id: str
    msgid: str
    comment: str = ""


@dataclass(frozen=True)
class Field:
    key: str
    type: str
    label: Message
    max_length: int = 200
    default: str | None = None


@dataclass(frozen=True)
class Row:
    """A line in a fieldset: a field's value, a computed value, a blank line, or a check box."""

    label: Message
    field: str | None = None
    value: str | None = None
    checkbox: bool = False


@dataclass(frozen=True)
class Option:
    message: Message
    lines: tuple[Message, ...] = ()


@dataclass(frozen=True)
class Block:
    kind: str
    message: Message | None = None
    heading: Message | None = None
    style: str = "body"
    options: tuple[Option, ...] = ()
    rows: tuple[Row, ...] = ()


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
    messages: tuple[Message, ...] = field(default=(), repr=False)


class _Reader:
    """Builds a Document from parsed TOML, naming the file and key of anything wrong."""

    def __init__(self, source: str, doc_id: str) -> None:
        self.source = source
        self.doc_id = doc_id
        self.messages: dict[str, Message] = {}

    def fail(self, where: str, problem: str) -> KyrError:
        return KyrError(f"{self.source}: {where}: {problem}")

    def message(self, raw: Any, where: str) -> Message:
        if not isinstance(raw, dict) or not isinstance(raw.get("msg"), str) or "id" not in raw:
            raise self.fail(where, "expected a table with 'id' and 'msg'")
        unknown = set(raw) - {"id", "msg", "comment"}
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(sorted(unknown))}")
        msg = Message(f"{self.doc_id}:{raw['id']}", str(raw["id"]), raw["msg"], raw.get("comment", ""))
        if msg.id in self.messages and self.messages[msg.id] != msg:
            raise self.fail(where, f"message id {msg.id!r} is used twice with different text")
        self.messages[msg.id] = msg
        return msg

    def field(self, raw: dict[str, Any], i: int) -> Field:
        where = f"fields[{i}]"
        if raw.get("type", "text") not in FIELD_TYPES:
            raise self.fail(where, f"type must be one of {', '.join(FIELD_TYPES)}")
        return Field(
            key=raw["key"],
            type=raw.get("type", "text"),
            label=self.message(raw.get("label"), f"{where}.label"),
            max_length=int(raw.get("max_length", 200)),
            default=raw.get("default"),
        )

    def row(self, raw: dict[str, Any], where: str, fields: dict[str, Field]) -> Row:
        if "checkbox" in raw:
            return Row(label=self.message(raw["checkbox"], f"{where}.checkbox"), checkbox=True)
        key = raw.get("field")
        if key is not None and key not in fields:
            raise self.fail(where, f"unknown field {key!r}")
        value = raw.get("value")
        if value is not None and value not in COMPUTED_VALUES:
            raise self.fail(where, f"value must be one of {', '.join(COMPUTED_VALUES)}")
        if "line" in raw:
            label = self.message(raw["line"], f"{where}.line")
        elif key is not None:
            label = fields[key].label
        else:
            raise self.fail(where, "a row needs 'field', 'line' or 'checkbox'")
        return Row(label=label, field=key, value=value)

    def block(self, raw: dict[str, Any], i: int, fields: dict[str, Field]) -> Block:
        where = f"blocks[{i}]"
        kind = raw.get("kind")
        if kind not in BLOCK_KINDS:
            raise self.fail(where, f"kind must be one of {', '.join(BLOCK_KINDS)}")
        heading = self.message(raw["heading"], f"{where}.heading") if "heading" in raw else None
        message = self.message(raw["message"], f"{where}.message") if "message" in raw else None
        options = tuple(
            Option(
                self.message(o.get("message"), f"{where}.options[{j}].message"),
                tuple(self.message(m, f"{where}.options[{j}].lines") for m in o.get("lines", ())),
            )
            for j, o in enumerate(raw.get("options", ()))
        )
        rows = tuple(self.row(r, f"{where}.rows[{j}]", fields) for j, r in enumerate(raw.get("rows", ())))
        if kind in ("text", "contact") and message is None:
            raise self.fail(where, f"a {kind} block needs 'message'")
        if kind == "choices" and not options:
            raise self.fail(where, "a choices block needs 'options'")
        if kind == "fieldset" and not rows:
            raise self.fail(where, "a fieldset block needs 'rows'")
        return Block(kind, message, heading, raw.get("style", "body"), options, rows)


def parse(text: str, source: str) -> Document:
    """Parse one document definition; `source` names it in error messages."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KyrError(f"{source}: {exc}") from None
    doc_id = raw.get("id")
    if not isinstance(doc_id, str):
        raise KyrError(f"{source}: missing 'id'")
    reader = _Reader(source, doc_id)
    fields = {}
    for i, f in enumerate(raw.get("fields", ())):
        parsed = reader.field(f, i)
        fields[parsed.key] = parsed
    title = reader.message(raw.get("title"), "title")
    summary = reader.message(raw.get("summary"), "summary")
    blocks = tuple(reader.block(b, i, fields) for i, b in enumerate(raw.get("blocks", ())))
    for key in ("date_field", "facility_field"):
        if raw.get(key) is not None and raw[key] not in fields:
            raise reader.fail(key, f"unknown field {raw[key]!r}")
    return Document(
        id=doc_id,
        audience=raw.get("audience", "public"),
        statute=raw.get("statute", ""),
        title=title,
        summary=summary,
        fields=fields,
        blocks=blocks,
        date_field=raw.get("date_field"),
        facility_field=raw.get("facility_field"),
        messages=tuple(reader.messages.values()),
    )


@cache
def all_documents() -> dict[str, Document]:
    """Every shipped document definition, by id."""
    docs = {}
    for entry in sorted(resources.files("kyr.forms").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            doc = parse(entry.read_text(encoding="utf-8"), f"forms/{entry.name}")
            docs[doc.id] = doc
    return docs


def get_document(doc_id: str) -> Document:
    """The document with this id, or a KyrError listing the known ones."""
    docs = all_documents()
    try:
        return docs[doc_id]
    except KeyError:
        raise KyrError(f"unknown document {doc_id!r}; known documents: {', '.join(sorted(docs))}") from None
