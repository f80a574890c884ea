"""Placeholders in messages: fill in profile values, and choose the Korean particle that follows each one.

A Korean particle depends on the sound that ends the word before it: "Example County가", "서울시는".
Translators write both forms after a placeholder ("{jurisdiction}이(가)"); `fill` keeps the one that
fits the value, so no unresolved "이(가)" reaches a page.
"""

from __future__ import annotations

import re

# Written form -> (after a final consonant, after a vowel). "(으)로" also takes 로 after ㄹ.
PARTICLES = {
    "이(가)": ("이", "가"), "가(이)": ("이", "가"),
    "은(는)": ("은", "는"), "는(은)": ("은", "는"),
    "을(를)": ("을", "를"), "를(을)": ("을", "를"),
    "과(와)": ("과", "와"), "와(과)": ("과", "와"),
    "이나(나)": ("이나", "나"), "(이)나": ("이나", "나"),
    "으로(로)": ("으로", "로"), "(으)로": ("으로", "로"),
}
_PATTERN = re.compile(r"\{(\w+)\}(" + "|".join(re.escape(p) for p in sorted(PARTICLES, key=len, reverse=True)) + ")")
RIEUL = "rieul"  # the final ㄹ: a consonant, but 로 (not 으로) follows it

# How Korean reads the last letter or digit of a Latin-script word, where that decides the particle.
_LATIN_FINAL = {"l": RIEUL, "m": "consonant", "n": "consonant"}
_DIGIT_FINAL = {"0": "consonant", "1": RIEUL, "2": "vowel", "3": "consonant", "4": "vowel", "5": "vowel",
                "6": "consonant", "7": RIEUL, "8": RIEUL, "9": "vowel"}


def final_sound(word: str) -> str:
    """'vowel', 'consonant' or 'rieul' for the sound a word ends with, as Korean reads it.

    Hangul: the syllable's final consonant. Latin letters: l is ㄹ, m and n (and "ng") a consonant, the
    rest read with a vowel ("County" 카운티, "Office" 오피스). Digits as Korean numbers (1 일, 2 이).
    """
    letters = [ch for ch in word if ch.isalnum()]
    if not letters:
        return "vowel"
    last = letters[-1]
    cp = ord(last)
    if 0xAC00 <= cp <= 0xD7A3:
        final = (cp - 0xAC00) % 28
        return "vowel" if final == 0 else RIEUL if final == 8 else "consonant"
    if last in _DIGIT_FINAL:
        return _DIGIT_FINAL[last]
    lower = "".join(letters[-2:]).lower()
    if lower == "ng":
        return "consonant"
    return _LATIN_FINAL.get(last.lower(), "vowel")


def particle(written: str, word: str) -> str:
    """The form of a particle written both ways ("이(가)") that follows `word`."""
    after_consonant, after_vowel = PARTICLES[written]
    sound = final_sound(word)
    if sound == RIEUL and after_vowel == "로":
        return after_vowel
    return after_vowel if sound == "vowel" else after_consonant


def fill(text: str, values: dict[str, str]) -> str:
    """Replace {name} placeholders with their values, resolving a Korean particle written after one."""
    text = _PATTERN.sub(
        lambda m: "{" + m.group(1) + "}" + particle(m.group(2), values[m.group(1)])
        if m.group(1) in values else m.group(0),
        text,
    )
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text
