"""Messages kyr itself prints on every document (footer, translation status, draft mark)."""

from __future__ import annotations

from kyr.catalogs import pgettext
from kyr.documents import Message

# TRANSLATORS: footer of every page, when the translation has not been reviewed yet.
STATUS_DRAFT = pgettext("kyr:status.draft", "Draft translation: not yet reviewed by a qualified translator.")
# TRANSLATORS: footer of every page, after a qualified translator reviewed the translation.
STATUS_REVIEWED = pgettext("kyr:status.reviewed", "Translation reviewed by a qualified translator.")
# TRANSLATORS: footer of every page, for a certified translation.
STATUS_CERTIFIED = pgettext("kyr:status.certified", "Certified translation.")
# TRANSLATORS: banner at the top of a document printed although its translation is incomplete.
INCOMPLETE = pgettext(
    "kyr:status.incomplete",
    "DRAFT TRANSLATION, INCOMPLETE: some text is in English only. Not for official use.",
)

# TRANSLATORS: top right of each page of a document with more than one page. Keep {page} and {pages}.
PAGE = pgettext("kyr:page", "Page {page} of {pages}")

STATUS_MESSAGES: dict[str, Message] = {
    "draft": STATUS_DRAFT,
    "reviewed": STATUS_REVIEWED,
    "certified": STATUS_CERTIFIED,
}
ALL: tuple[Message, ...] = (STATUS_DRAFT, STATUS_REVIEWED, STATUS_CERTIFIED, INCOMPLETE, PAGE)
