from pathlib import Path

import pytest

from kyr.errors import KyrError
from kyr.posyntax import validate

HEADER = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'


def check(body: str, header: str = HEADER) -> None:
    validate(Path("es.po"), (header + body).encode("utf-8"))


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        ('msgid "x"\nmsgstr "y"\nmsgstr "z"\n', 8, "msgstr cannot follow msgstr"),
        ('msgid "x"\nmsgstr "y\n', 7, "malformed line"),
        ('msgid "x"\nmsgstr y\n', 7, "malformed line"),
        ('msgid "a"\nmsgid "b"\n', 7, "msgid cannot follow msgid"),
        ('msgid "x"\n', 6, "not followed by a msgstr"),
        ('msgid "x"\n\nmsgstr "y"\n', 7, "not followed by a msgstr"),
        ('"stray"\n', 6, "outside any entry"),
        ('msgid "x"\nmsgtsr "y"\n', 7, "malformed line"),
        ('msgid "x"\nmsgstr "bad \\q escape"\n', 7, "malformed line"),
    ],
)
def test_syntax_errors_name_the_line(body, line, problem):
    with pytest.raises(KyrError, match=rf"^es\.po:{line}: .*{problem}"):
        check(body)


@pytest.mark.parametrize(
    "body",
    [
        'msgid "x"\nmsgstr "ok"\n',
        '#. comment\n#: ref:1\nmsgctxt "c"\nmsgid "x"\nmsgstr ""\n"continued \\"quoted\\"\\n"\n',
        'msgid "x"\nmsgid_plural "xs"\nmsgstr[0] "a"\nmsgstr[1] "b"\n',
        '#~ msgid "old"\n#~ msgstr "viejo"\n',
    ],
)
def test_valid_entries_pass(body):
    check(body)


def test_wrong_encoding_names_the_line():
    data = (HEADER + 'msgid "x"\nmsgstr "caf').encode() + b"\xe9\"\n"
    with pytest.raises(KyrError, match=r"es\.po:7: not valid UTF-8"):
        validate(Path("es.po"), data)


def test_wrong_plural_header_names_the_line():
    with pytest.raises(KyrError, match=r"es\.po:4: Plural-Forms says nplurals=1, but es has 2"):
        check("", HEADER.replace("nplurals=2", "nplurals=1"))


def test_byte_order_mark_is_refused():
    with pytest.raises(KyrError, match="byte-order mark"):
        validate(Path("es.po"), b"\xef\xbb\xbf" + HEADER.encode())
