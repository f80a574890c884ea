"""Line breaking by script: closing punctuation, numbers and abbreviations in brackets."""

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from kyr import fonts, linebreak
from kyr.paragraphs import Para
from kyr.textruns import chain_for, markup

CHINESE = "免费法律帮助：示例移民法律援助项目，(555) 010-0199。请联系DHS form I-247A表格。"


def lines_of(text: str, width: float, chain: tuple[str, ...]) -> list[str]:
    style = ParagraphStyle("t", fontName=fonts.font_name("NotoSans"), fontSize=10, leading=12, wordWrap="CJK")
    para = Para(markup(linebreak.keep_together(text), chain), style)
    para.wrap(width, 10_000)
    return ["".join(f.text for f in line.words) for line in para.blPara.lines]


@pytest.mark.parametrize("width", range(70, 200, 7))
def test_chinese_lines_never_start_with_closing_punctuation_nor_split_numbers(width):
    chain = chain_for(("NotoSansSC", "NotoSans"))
    lines = lines_of(CHINESE, width, chain)
    assert "".join(lines).replace("\u00a0", " ") == CHINESE
    for line in lines:
        assert line[0] not in "，。、）；：！？」", lines
    joined = "\n".join(lines)
    assert "(555)\u00a0010-0199" in joined and "I-247A" in joined, lines


def test_may_break_rules():
    assert linebreak.may_break("法", "律")
    assert not linebreak.may_break("助", "：")
    assert not linebreak.may_break("0", "1")
    assert not linebreak.may_break("I", "-")
    assert linebreak.may_break(" ", "I")
    assert not linebreak.may_break("(", "法")
    assert not linebreak.may_break("\u00a0", "0")


def test_keep_together_binds_phone_numbers_abbreviations_and_sections():
    out = linebreak.keep_together("Call (555) 010-0199 about Enforcement (ICE) under Gov. Code § 7284.6")
    assert "(555)\u00a0010-0199" in out and "Enforcement\u00a0(ICE)" in out
    assert "Gov.\u00a0Code\u00a0§\u00a07284.6" in out


def test_typed_values_wrap_at_spaces_and_between_cjk_characters():
    def measure(text: str) -> float:
        return stringWidth(text, "Helvetica", 10)

    assert linebreak.wrap("Alexandra Montgomery Washington", 100, measure) == ["Alexandra", "Montgomery", "Washington"]
    assert all(measure(line) <= 100 for line in linebreak.wrap("a" * 60, 100, measure))
    assert linebreak.wrap("", 100, measure) == []
