"""Each catalog check: a unit that trips it and one that passes."""

import pytest

from kyr.checks import CHECKS, ERROR, WARNING, Glossary, Unit, run

GLOSSARY = Glossary(keep=("ICE", "I-247A", "287(g)"), consistent={"es": {"attorney": "abogado"}})


def unit(source: str, target: str, lang: str = "es", script: str = "Latn", fuzzy: bool = False,
         context: str | None = "doc:C1") -> Unit:
    return Unit(context, source, target, fuzzy, lang, script)


CASES = {
    # check: (tripping unit, passing unit)
    "missing": (unit("Date", ""), unit("Date", "Fecha")),
    "missing-interface": (unit("Roster", "", context=None), unit("Roster", "Lista", context=None)),
    "fuzzy": (unit("Date", "Fecha", fuzzy=True), unit("Date", "Fecha")),
    "placeholders": (unit("Call {phone}.", "Llame al {telefono}."), unit("Call {phone}.", "Llame al {phone}.")),
    "printf": (unit("%(n)s days", "%(d)s días"), unit("%(n)s days", "%(n)s días")),
    "markup": (unit("<b>Stop</b>", "Alto"), unit("<b>Stop</b>", "<b>Alto</b>")),
    "glossary-keep": (unit("Form I-247A from ICE.", "Formulario I247A de la migra."),
                      unit("Form I-247A from ICE.", "Formulario I-247A de ICE.")),
    "glossary-consistent": (unit("Attorney's name", "Nombre del letrado"),
                            unit("Attorney's name", "Nombre del abogado")),
    "end-punctuation": (unit("You may stop.", "Puede parar", lang="zh_Hans", script="Hans"),
                        unit("You may stop.", "您可以停止。", lang="zh_Hans", script="Hans")),
    "spacing": (unit("Stop here.", "Alto aquí ."), unit("Stop here.", "Alto aquí.")),
    "printable": (unit("Stop.", "Alto \U0001f600."), unit("Stop.", "Alto.")),
}


def test_every_check_has_a_case():
    assert set(CASES) == set(CHECKS)


@pytest.mark.parametrize("name", list(CASES))
def test_check_trips_and_passes(name):
    bad, good = CASES[name]
    assert [p.check for p in run([bad], GLOSSARY, only=[name])] == [name]
    assert run([good], GLOSSARY, only=[name]) == []


def test_severities():
    assert CHECKS["placeholders"][0] == ERROR and CHECKS["missing"][0] == ERROR
    assert CHECKS["end-punctuation"][0] == WARNING


def test_end_punctuation_knows_latin_from_full_width():
    assert run([unit("Stop.", "Alto。")], GLOSSARY, only=["end-punctuation"])
    assert not run([unit("Stop.", "停止。", lang="zh_Hant", script="Hant")], GLOSSARY, only=["end-punctuation"])
    assert run([unit("Stop.", "停止.", lang="zh_Hant", script="Hant")], GLOSSARY, only=["end-punctuation"])


def test_cjk_spacing_is_checked_around_full_width_punctuation():
    assert run([unit("Name", "姓名 ：", lang="zh_Hans", script="Hans")], GLOSSARY, only=["spacing"])
    assert not run([unit("Call ICE", "致电 ICE", lang="zh_Hans", script="Hans")], GLOSSARY, only=["spacing"])


def test_kyr_wide_messages_without_context_are_still_checked_for_placeholders():
    assert run([unit("{a}", "", context=None)], GLOSSARY, only=["missing"]) == []
    assert run([unit("{a}", "{b}", context=None)], GLOSSARY, only=["placeholders"])


def test_the_shipped_glossary_loads():
    glossary = Glossary.load()
    assert "ICE" in glossary.keep and glossary.consistent["ko"]["attorney"] == "변호사"


def test_a_file_extension_is_not_a_space_before_punctuation():
    assert not run([unit("Choose a .po file.", "Elija un archivo .po.")], GLOSSARY, only=["spacing"])


def test_a_missing_interface_message_is_only_a_warning_and_a_document_message_never_trips_it():
    assert CHECKS["missing-interface"][0] == WARNING
    assert not run([unit("Date", "")], GLOSSARY, only=["missing-interface"])


def test_a_term_inside_a_longer_glossary_term_follows_the_longer_one():
    glossary = Glossary(keep=(), consistent={"es": {"attorney": "abogado", "district attorney": "fiscal de distrito"}})
    assert run([unit("Who: district attorney", "Quién: fiscal de distrito")], glossary,
               only=["glossary-consistent"]) == []
    assert run([unit("Who: district attorney", "Quién: abogado del distrito")], glossary,
               only=["glossary-consistent"])
    # Both terms in one message: each is still checked.
    assert run([unit("Your attorney and the district attorney", "Su abogado y el fiscal")], glossary,
               only=["glossary-consistent"])


@pytest.mark.parametrize("target", ["Alto\u202e.", "Alto\u2028aquí.", "নমস্কার.", "Alto \U0001f600."])
def test_a_translation_that_would_not_print_or_would_print_wrong_is_an_error(target):
    problems = run([unit("Stop.", target)], GLOSSARY, only=["printable"])
    assert problems and problems[0].severity == ERROR
