"""The pseudo-locale `qps`: every message accented, 30% longer and bracketed, generated on demand.

Rendering a document in it shows at a glance that long translations still fit, and that no text
on the page escaped the catalogs (anything unbracketed and unaccented did).
"""

from __future__ import annotations

import math
import re

PSEUDO = "qps"
EXPANSION = 0.3  # more than our longest real translation: Tagalog runs about 20-25% wider than English
_ACCENTED = str.maketrans(
    "AaCcDdEeGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåÇçĎďÉéĜĝĤĥÎîĴĵĶķĻļÑñÖöŔŕŠšŢţÛûŴŵÝýŽž",
)
_KEEP = re.compile(r"(\{[A-Za-z_][A-Za-z0-9_]*\}|%\([A-Za-z_]+\)s|<[^>]+>)")
_FILLER = "ŀōŕéɱ ïƥšûɱ ðōļōŕ šïţ åɱéţ "


def pseudo(text: str) -> str:
    """'Date' -> '[Ďåţé ŀō]': placeholders and tags are kept as they are."""
    parts = _KEEP.split(text)
    body = "".join(p if i % 2 else p.translate(_ACCENTED) for i, p in enumerate(parts))
    pad = math.ceil(len(text) * EXPANSION)
    filler = (_FILLER * (pad // len(_FILLER) + 1))[:pad].strip()
    return f"[{body} {filler}]" if filler else f"[{body}]"
