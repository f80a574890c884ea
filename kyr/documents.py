"""Document definitions: read forms/*.toml into the typed, validated objects of kyr.model."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from kyr.errors import KyrError
from kyr.model import (  # the model, re-exported: kyr.documents is where the rest of kyr reads documents from
    BLOCK_KINDS,
    COMPUTED_VALUES,
    DEFAULT_PLACEHOLDERS,
    FIELD_TYPES,
    LAYOUTS,
    STATUSES,
    Action,
    Authority,
    Block,
    Cards,
    Condition,
    Copy,
    Document,
    Field,
    Item,
    Message,
    Option,
    Row,
    holds,
)

if TYPE_CHECKING:
    from importlib.abc import Traversable

__all__ = [
    "BLOCK_KINDS", "COMPUTED_VALUES", "DEFAULT_PLACEHOLDERS", "FIELD_TYPES", "LAYOUTS", "STATUSES", "Action",
    "Authority", "Block", "Cards", "Condition", "Copy", "Document", "Field", "Item", "Message", "Option", "Row",
    "all_documents", "get_document", "holds", "parse",
]


class _Reader:
    """Builds a Document from parsed TOML, naming the file and key of anything wrong."""

    def __init__(self, source: str, doc_id: str) -> None:
        self.source = source
        self.doc_id = doc_id
        self.messages: dict[str, Message] = {}

    def fail(self, where: str, problem: str) -> KyrError:
        return KyrError(f"{self.source}: {where}: {problem}")

    def message(self, raw: Any, where: str, extra: tuple[str, ...] = ()) -> Message:
        if not isinstance(raw, dict) or not isinstance(raw.get("msg"), str) or "id" not in raw:
            raise self.fail(where, "expected a table with 'id' and 'msg'")
        unknown = set(raw) - {"id", "msg", "comment", *extra}
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(sorted(unknown))}")
        msg = Message(f"{self.doc_id}:{raw['id']}", str(raw["id"]), raw["msg"], raw.get("comment", ""))
        if msg.id in self.messages and self.messages[msg.id] != msg:
            raise self.fail(where, f"message id {msg.id!r} is used twice with different text")
        self.messages[msg.id] = msg
        return msg

    def field(self, raw: dict[str, Any], i: int) -> Field:
        where = f"fields[{i}]"
        kind = raw.get("type", "text")
        if kind not in FIELD_TYPES:
            raise self.fail(where, f"type must be one of {', '.join(FIELD_TYPES)}")
        options = tuple(raw.get("options", ()))
        if (kind == "choice") != bool(options):
            raise self.fail(where, "a choice field, and only a choice field, lists its 'options'")
        labels = {str(v): self.message(m, f"{where}.labels.{v}") for v, m in raw.get("labels", {}).items()}
        if set(labels) - set(options):
            raise self.fail(where, "labels name values that are not among the options")
        return Field(
            key=raw["key"],
            type=kind,
            label=self.message(raw.get("label"), f"{where}.label"),
            max_length=int(raw.get("max_length", 200)),
            default=raw.get("default"),
            required=bool(raw.get("required", False)),
            options=options,
            labels=labels,
            # A long text value (a name) may take two lines; codes, dates and times one.
            lines=int(raw.get("lines", 2 if kind == "text" and int(raw.get("max_length", 200)) > 40 else 1)),
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

    def option(self, raw: dict[str, Any], where: str, fields: dict[str, Field], choice: Field | None) -> Option:
        value = raw.get("value")
        if choice is not None and value is not None and value not in choice.options:
            raise self.fail(where, f"value must be one of the options of {choice.key!r}: {', '.join(choice.options)}")
        lines = []
        for j, line in enumerate(raw.get("lines", ())):
            # A line under an option is either a field ({field = ...}) or a labelled blank line.
            lines.append(self.row(line if "field" in line else {"line": line}, f"{where}.lines[{j}]", fields))
        when: Condition = ((choice.key, value),) if choice is not None and value is not None else ()
        return Option(self.message(raw.get("message"), f"{where}.message"), value, tuple(lines), when)

    def action(self, raw: dict[str, Any], where: str, fields: dict[str, Field]) -> Action:
        keys = (raw.get("field"), raw.get("reason_field"))
        for key in keys:
            if key not in fields or fields[key].type != "choice":
                raise self.fail(where, f"{key!r} is not a choice field")
        decision, reason = (fields[k] for k in keys)  # type: ignore[index]
        asked = self.option({k: v for k, v in raw.items() if k in ("message", "lines")}, where, fields, None)
        asked = Option(asked.message, None, asked.lines, ((decision.key, None),))
        options = []
        for j, o in enumerate(raw.get("options", ())):
            w = f"{where}.options[{j}]"
            if o.get("decision") not in decision.options or o.get("reason") not in reason.options:
                raise self.fail(w, f"needs a 'decision' of {decision.key!r} and a 'reason' of {reason.key!r}")
            opt = self.option({k: v for k, v in o.items() if k in ("message", "lines")}, w, fields, None)
            when = ((decision.key, o["decision"]), (reason.key, o["reason"]))
            options.append(Option(opt.message, None, opt.lines, when))
        if not options:
            raise self.fail(where, "an action lists the decisions and reasons it allows in 'options'")
        return Action(decision.key, reason.key, asked, tuple(options))

    def block(self, raw: dict[str, Any], i: int, fields: dict[str, Field]) -> Block:
        where = f"blocks[{i}]"
        kind = raw.get("kind")
        if kind not in BLOCK_KINDS:
            raise self.fail(where, f"kind must be one of {', '.join(BLOCK_KINDS)}")
        heading = self.message(raw["heading"], f"{where}.heading") if "heading" in raw else None
        message = self.message(raw["message"], f"{where}.message") if "message" in raw else None
        choice = None
        if raw.get("field") is not None:
            choice = fields.get(raw["field"])
            if choice is None or choice.type != "choice":
                raise self.fail(where, f"field {raw['field']!r} is not a choice field")
        options = tuple(
            self.option(o, f"{where}.options[{j}]", fields, choice) for j, o in enumerate(raw.get("options", ()))
        )
        rows = ()
        if kind != "authorities":
            rows = tuple(self.row(r, f"{where}.rows[{j}]", fields) for j, r in enumerate(raw.get("rows", ())))
        items = tuple(
            Item(
                self.message(it, f"{where}.items[{j}]", extra=("setting", "law", "who")),
                it.get("setting"),
                it.get("law"),
                self.message(it["who"], f"{where}.items[{j}].who") if "who" in it else None,
            )
            for j, it in enumerate(raw.get("items", ()))
        )
        actions = tuple(self.action(a, f"{where}.actions[{j}]", fields) for j, a in enumerate(raw.get("actions", ())))
        authorities = ()
        if kind == "authorities":
            authorities = tuple(
                Authority(
                    self.message(a.get("who"), f"{where}.rows[{j}].who"),
                    self.message(a.get("power"), f"{where}.rows[{j}].power"),
                    self.message(a["level"], f"{where}.rows[{j}].level") if "level" in a else None,
                )
                for j, a in enumerate(raw.get("rows", ()))
            )
        needs = {
            "pagebreak": True,
            "text": message,
            "contact": message,
            "qr": message and raw.get("setting"),
            "choices": options,
            "actions": actions,
            "fieldset": rows,
            "bullets": items,
            "provisions": items,
            "authorities": authorities,
        }
        if not needs[kind]:
            raise self.fail(where, f"a {kind} block is missing its content")
        if kind == "provisions" and any(not it.setting for it in items):
            raise self.fail(where, "every provision names its profile 'setting'")
        return Block(
            kind,
            message,
            heading,
            raw.get("style", "body"),
            raw.get("field"),
            raw.get("setting"),
            options,
            rows,
            items,
            authorities,
            actions,
            raw.get("copy"),
            bool(raw.get("keep", kind in ("choices", "actions", "fieldset"))),
        )

    def cards(self, raw: dict[str, Any]) -> Cards:
        front = tuple(self.message(m, f"front[{j}]") for j, m in enumerate(raw.get("front", ())))
        back = tuple(str(s) for s in raw.get("back", ()))
        if not front or not back:
            raise self.fail("cards", "a cards document needs 'front' messages and 'back' lines")
        help_, mark, draft = (self.message(raw[k], k) if k in raw else None for k in ("help", "mark", "draft"))
        return Cards(front, help_, str(raw.get("back_title", "")), back, mark, draft)


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
    copies = tuple(
        Copy(
            str(c.get("key")),
            reader.message({k: v for k, v in c.items() if k not in ("key", "title")}, f"copies[{j}]"),
            reader.message(c["title"], f"copies[{j}].title") if "title" in c else None,
        )
        for j, c in enumerate(raw.get("copies", ()))
    )
    for i, b in enumerate(blocks):
        if b.copy is not None and b.copy not in {c.key for c in copies}:
            raise reader.fail(f"blocks[{i}].copy", f"unknown copy {b.copy!r}")
    statuses = {k: reader.message(v, f"statuses.{k}") for k, v in raw.get("statuses", {}).items()}
    if any(b.kind == "provisions" for b in blocks) and set(statuses) != set(STATUSES):
        raise reader.fail("statuses", f"a document with provisions defines {', '.join(STATUSES)}")
    for key in ("date_field", "facility_field"):
        if raw.get(key) is not None and raw[key] not in fields:
            raise reader.fail(key, f"unknown field {raw[key]!r}")
    layout = raw.get("layout", "page")
    if layout not in LAYOUTS:
        raise reader.fail("layout", f"must be one of {', '.join(LAYOUTS)}")
    cards = reader.cards(raw) if layout == "cards" else None
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
        layout=layout,
        bilingual_default=bool(raw.get("bilingual_default", True)),
        max_pages=int(raw.get("max_pages", 1)),
        copies=copies,
        placeholders={**DEFAULT_PLACEHOLDERS, **raw.get("placeholders", {})},
        statuses=statuses,
        cards=cards,
        retired={str(k): str(v) for k, v in raw.get("retired", {}).items()},
        messages=tuple(reader.messages.values()),
    )


_parsed: dict[str, Document] = {}  # by file name: each definition is parsed once per process


def _read(entry: Traversable) -> Document:
    doc = _parsed.get(entry.name)
    if doc is None:
        doc = _parsed.setdefault(entry.name, parse(entry.read_text(encoding="utf-8"), f"forms/{entry.name}"))
    return doc


@cache
def all_documents() -> dict[str, Document]:
    """Every shipped document definition, by id."""
    docs = {}
    for entry in sorted(resources.files("kyr.forms").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            doc = _read(entry)
            docs[doc.id] = doc
    return docs


def get_document(doc_id: str) -> Document:
    """The document with this id, or a KyrError listing the known ones."""
    if re.fullmatch(r"[a-z0-9-]+", doc_id):
        # A new process printing one document reads only its own definition (each file is named by its id).
        entry = resources.files("kyr.forms").joinpath(f"{doc_id}.toml")
        if entry.is_file():
            doc = _read(entry)
            if doc.id == doc_id:
                return doc
    docs = all_documents()
    try:
        return docs[doc_id]
    except KeyError:
        raise KyrError(f"unknown document {doc_id!r}; known documents: {', '.join(sorted(docs))}") from None
