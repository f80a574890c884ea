"""Line breaking by script: where a line may end in Chinese and Japanese text, and in typed values.

ReportLab's CJK wrapping cuts wherever a line is full. It knows only some of the punctuation that may
not start a line (not ，：；！？), and inside Latin text it looks for a space only in the second half of
the line, so a phone number or a form number ("I-247A") can be cut in two. `cjk_split` is the same
algorithm with the full list and with breaks only where the rules allow them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from reportlab.rl_config import _FUZZ

if TYPE_CHECKING:
    from reportlab.platypus.paragraph import ParaLines

# Closing punctuation, full-width and ASCII: never the first character of a line.
CANNOT_START = frozenset(
    "!),.:;?]}'\"、。，．：；！？）］｝〉》」』】〕〗〙〛゠・ー"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻‐–—…‥%‰°′″℃"
)
# Opening punctuation and prefixes: never the last character of a line.
CANNOT_END = frozenset("([{'\"‘“（［｛〈《「『【〔〖〘〚$£¥€#§")
NO_BREAK_SPACES = frozenset("\u00a0\u202f\u2007")


def is_cjk(ch: str) -> bool:
    """A character of a script written without spaces, so a line may break before or after it."""
    cp = ord(ch)
    return 0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFF00 <= cp <= 0xFF60 or 0x20000 <= cp <= 0x3FFFF


def is_space(ch: str) -> bool:
    """A space a line may break at (not a no-break space)."""
    return ch not in NO_BREAK_SPACES and unicodedata.category(ch) == "Zs"


def may_break(before: str, after: str) -> bool:
    """Whether a line may end between these two characters."""
    if after in CANNOT_START or before in CANNOT_END or after in NO_BREAK_SPACES or before in NO_BREAK_SPACES:
        return False
    if is_space(before):
        return True
    return (is_cjk(before) or is_cjk(after)) and not is_space(after)


def cjk_split(frags: list, max_widths: list[float], calc_bounds: bool) -> ParaLines:
    """ReportLab's cjkFragSplit, breaking only where may_break() allows (falling back to a cut)."""
    from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine  # only paragraphs need it

    chars = []
    for f in frags:
        text = f.text
        if text:
            chars.extend(cjkU(t, f, "utf8") for t in text)
        else:
            chars.append(cjkU(text, f, "utf8"))
    lines = []
    i = used = start = 0
    max_width = max_widths[0]
    while i < len(chars):
        u = chars[i]
        i += 1
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = max_width
            w = w.normalizedValue(max_width)
        used += w
        forced = hasattr(u.frag, "lineBreak")
        if not (forced or (used > max_width + _FUZZ and used > 0)):
            continue
        extra = max_width - used
        if not forced:
            # The last place in this line where it may end, before the character that overflowed.
            end = next((j for j in range(i - 1, start, -1) if may_break(chars[j - 1], chars[j])), None)
            if end is None:
                # No allowed break: cut before the overflowing character, unless it may not start a line.
                end = i if (u in CANNOT_START or i <= start + 1) else i - 1
            extra += sum(c.width for c in chars[end:i])
            i = end
            # Spaces at the end of the line hang outside it.
            while i < len(chars) and is_space(chars[i]) and not hasattr(chars[i].frag, "lineBreak"):
                i += 1
        lines.append(makeCJKParaLine(chars[start:i], max_width, used, extra, forced, calc_bounds))
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        start = i
        used = 0
        used = sum(c.width for c in chars[start:i])
    if used > 0 or start < len(chars):
        rest = chars[start:]
        width = sum(c.width for c in rest)
        lines.append(makeCJKParaLine(rest, max_width, width, max_width - width, False, calc_bounds))
    return ParaLines(kind=1, lines=lines)


# Values that must never be split across lines: phone numbers, and an abbreviation in brackets after
# the words it abbreviates ("Enforcement (ICE)"), a section sign and its number.
_KEEP = (
    (re.compile(r"\(\d{3}\) (?=\d{3}-\d{4})"), lambda m: m.group(0)[:-1] + "\u00a0"),
    (re.compile(r" (?=\([A-Z][A-Z0-9-]{1,9}\))"), lambda m: "\u00a0"),
    (re.compile(r"§ (?=\d)"), lambda m: "§\u00a0"),
    (re.compile(r"(?<=Code) (?=[\d§])"), lambda m: "\u00a0"),
    (re.compile(r"\b(Gov\.|Penal|Civil) (?=Code)"), lambda m: m.group(1) + "\u00a0"),
)


def keep_together(text: str) -> str:
    """Text with no-break spaces where a line must not break (phone numbers, "(ICE)", "§ 7284.6")."""
    for pattern, repl in _KEEP:
        text = pattern.sub(repl, text)
    return text


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy lines of a typed value: break at spaces, and between CJK characters where allowed.

    A piece longer than the whole width is cut between characters (a long code with no spaces).
    Widths add up character by character (ReportLab sets text without kerning).
    """
    if measure(text) <= width:
        return [text.strip()] if text.strip() else []
    widths: dict[str, float] = {}

    def w(ch: str) -> float:
        if ch not in widths:
            widths[ch] = measure(ch)
        return widths[ch]

    lines: list[str] = []
    line, used = "", 0.0
    last_break = -1  # index in `line` where it may end
    for ch in text:
        if line and used + w(ch) > width and not is_space(ch):
            cut = last_break if last_break > 0 else len(line)
            lines.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
            used = sum(w(c) for c in line)
            last_break = -1
        if line and may_break(line[-1], ch):
            last_break = len(line)
        line += ch
        used += w(ch)
    if line.strip():
        lines.append(line.strip())
    return lines
