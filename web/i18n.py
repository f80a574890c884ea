"""The interface's own language: chosen by URL prefix, independent of the document's language."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, request, url_for
from werkzeug.routing import BaseConverter, ValidationError

from kyr.catalogs import DOMAIN, UI_DOMAIN, Catalog, load_catalog
from kyr.documents import Message
from kyr.languages import LANGUAGES, SOURCE_LANGUAGE, Language

# Browser language tags (Accept-Language) and the interface language each one means.
_TAGS = {
    "en": "en",
    "es": "es",
    "zh-hans": "zh_Hans",
    "zh-cn": "zh_Hans",
    "zh-sg": "zh_Hans",
    "zh": "zh_Hans",
    "zh-hant": "zh_Hant",
    "zh-tw": "zh_Hant",
    "zh-hk": "zh_Hant",
    "zh-mo": "zh_Hant",
    "tl": "tl",
    "fil": "tl",
    "vi": "vi",
    "ko": "ko",
    "ru": "ru",
    "ja": "ja",
    "hmn": "hmn",
    "hy": "hy",
    "fa": "fa",
    "ar": "ar",
    "pa": "pa",
    "pa-guru": "pa",
    "km": "km",
}


class UILanguageConverter(BaseConverter):
    """A URL segment that must be one of the registry's language codes (anything else is a 404)."""

    def to_python(self, value: str) -> str:
        if value not in LANGUAGES:
            raise ValidationError()
        return value


def negotiate() -> str:
    """The interface language the browser asks for, else English."""
    for tag, _quality in request.accept_languages:
        tag = tag.lower()
        while tag:
            if tag in _TAGS:
                return _TAGS[tag]
            tag = tag.rpartition("-")[0]
    return SOURCE_LANGUAGE


def ui_code() -> str:
    """The interface language: the URL's, even on an error page whose route did not match; else the browser's."""
    if g.get("ui"):
        return g.ui
    first = request.path.strip("/").split("/", 1)[0]
    return first if first in LANGUAGES else negotiate()


def ui_language() -> Language:
    return LANGUAGES[ui_code()]


def html_lang(code: str) -> str:
    """A BCP 47 tag for <html lang> and hreflang."""
    return code.replace("_", "-")


def _catalog(lang: str, domain: str) -> Catalog:
    """A catalog, looked up once per request (load_catalog checks the file on every call)."""
    cache = g.setdefault("catalogs", {})
    if (lang, domain) not in cache:
        cache[(lang, domain)] = load_catalog(lang, domain=domain)
    return cache[(lang, domain)]


def gettext(message: str, **variables: Any) -> str:
    """The interface message in the current interface language (English when not yet translated)."""
    lang = ui_code()
    text = message
    if lang != SOURCE_LANGUAGE:
        text = _catalog(lang, UI_DOMAIN).lookup(Message(None, message, message))[0] or message
    if not variables:
        return text
    try:
        return text % variables
    except (KeyError, ValueError, TypeError):  # a translation with broken placeholders: show the English
        return message % variables


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    # The interface has no plural messages yet; this keeps Jinja's i18n extension complete.
    return gettext(singular if n == 1 else plural, num=n, **variables)


def doc_text(message: Message, lang: str | None = None) -> str:
    """A document's own message (a title, a field label) in the interface language, from the document catalog."""
    return _catalog(lang or ui_code(), DOMAIN).lookup(message)[0] or message.msgid


def switch_url(code: str) -> str:
    """This page in another interface language (a GET page keeps its query; anything else goes home)."""
    rule = request.url_rule
    if request.method == "GET" and rule is not None and "ui" in rule.arguments and request.endpoint:
        args = {k: v for k, v in request.args.items() if k != "ui"}
        return url_for(request.endpoint, **{**(request.view_args or {}), **args, "ui": code})
    return url_for("documents.index", ui=code)


def init_app(app: Flask) -> None:
    app.url_map.converters["ui"] = UILanguageConverter
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]

    @app.url_value_preprocessor
    def pull_ui(endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "ui" in values:
            g.ui = values.pop("ui")

    @app.url_defaults
    def add_ui(endpoint: str, values: dict[str, Any]) -> None:
        if "ui" not in values and app.url_map.is_endpoint_expecting(endpoint, "ui"):
            values["ui"] = ui_code()

    @app.context_processor
    def languages() -> dict[str, Any]:
        ui = ui_language()
        return {
            "ui": ui,
            "ui_html_lang": html_lang(ui.code),
            "ui_languages": list(LANGUAGES.values()),
            "html_lang": html_lang,
            "doc_text": doc_text,
            "switch_url": switch_url,
        }

    app.add_template_filter(lambda code: LANGUAGES[code].label, "language_label")
