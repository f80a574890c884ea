import pytest

from kyr.documents import get_document
from kyr.errors import KyrError
from kyr.fields import clean, resolve
from kyr.languages import get_language
from kyr.profile import load

DOC = get_document("ice-interview-consent")


@pytest.mark.parametrize("bad", ["a\x00b", "a\x1bb", "evil\u202eeman", "x\u2066y", "\ud800"])
def test_control_bidi_and_surrogate_characters_are_refused(bad):
    with pytest.raises(KyrError, match="field 'name'"):
        clean("name", bad, 80)


def test_values_are_nfc_normalised_and_trimmed():
    assert clean("name", "  Nguye\u0302\u0303n ", 80) == "Nguy\u1ec5n"


def test_over_long_values_are_refused():
    with pytest.raises(KyrError, match="longer than 80"):
        clean("name", "x" * 81, 80)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "November 24, 2026"),
        ("es", "24 de noviembre de 2026"),
        ("zh_Hans", "2026年11月24日"),
        ("ko", "2026년 11월 24일"),
        ("vi", "24 tháng 11, 2026"),
        ("tl", "Nobyembre 24, 2026"),
        ("ru", "24 ноября 2026\u202fг."),  # CLDR binds "г." with a narrow no-break space
        ("ja", "2026年11月24日"),
        ("hmn", "24 Lub Kaum Ib Hlis 2026"),  # no CLDR data: the registry's month names
        ("hy", "24 նոյեմբերի, 2026 թ."),
        ("fa", "24 نوامبر 2026"),
        ("ar", "24 نوفمبر 2026"),
        ("pa", "24 ਨਵੰਬਰ 2026"),
        ("km", "24 វិច្ឆិកា 2026"),
    ],
)
def test_dates_are_iso_in_and_locale_format_out(lang, expected):
    values = resolve(DOC, {"date": "2026-11-24"}, get_language(lang), load(), require=False)
    assert values["date"] == expected


def test_a_bad_date_names_the_expected_format():
    with pytest.raises(KyrError, match="YYYY-MM-DD"):
        resolve(DOC, {"date": "24/11/2026"}, get_language("en"), load(), require=False)


def test_facility_defaults_to_the_profile_and_can_be_overridden():
    en, profile = get_language("en"), load()
    assert resolve(DOC, {}, en, profile, require=False)["facility"] == "Example County Main Jail"
    assert resolve(DOC, {"facility": "North Annex"}, en, profile, require=False)["facility"] == "North Annex"


def test_a_filled_form_requires_its_required_fields():
    with pytest.raises(KyrError, match="required field 'name' is empty"):
        resolve(DOC, {"booking_number": "EX-1"}, get_language("en"), load())


def test_blank_forms_take_no_values_but_keep_profile_defaults():
    en, profile = get_language("en"), load()
    assert resolve(DOC, {}, en, profile, blank=True) == {"facility": "Example County Main Jail"}
    with pytest.raises(KyrError, match="blank form takes no field values"):
        resolve(DOC, {"name": "A"}, en, profile, blank=True)


def test_unknown_field_lists_the_documents_fields():
    with pytest.raises(KyrError, match="its fields are: name, booking_number"):
        resolve(DOC, {"nmae": "A"}, get_language("en"), load())


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_line_and_paragraph_separators_are_refused_like_control_characters(separator):
    with pytest.raises(KyrError, match="control character"):
        clean("name", f"Ana{separator}Lee", 80)


def test_zero_width_spaces_are_removed_but_joiners_kept():
    assert clean("name", "Ana\u200b Lee\ufeff", 80) == "Ana Lee"
    # ZWNJ and ZWJ change how Farsi and Indic names are written: they stay.
    assert clean("name", "می\u200cخواهم", 80) == "می\u200cخواهم"
    assert clean("name", "क्\u200dष", 80) == "क्\u200dष"


@pytest.mark.parametrize(("name", "script"), [
    # Scripts kyr has no shaped font for: drawn glyph by glyph they would print wrong.
    ("রহিম করিম", "Indic"),  # Bengali
    ("ஆனந்த்", "Indic"),  # Tamil
    ("สมชาย", "Thai"),
    ("דוד לוי", "Hebrew"),
])
def test_a_name_in_a_script_kyr_cannot_shape_is_refused_never_printed_wrong(name, script):
    """Devanagari, Gurmukhi, Khmer, Arabic and Farsi are shaped (tests/test_shaping.py); others are refused."""
    from kyr.fields import FieldError, check_printable
    from kyr.render import render

    with pytest.raises(FieldError, match=script) as caught:
        check_printable(DOC, {"name": name}, get_language("en"))
    assert caught.value.reason == "shaping" and caught.value.key == "name"
    with pytest.raises(KyrError, match="cannot yet print correctly"):
        render(DOC, "en", values={"name": name, "booking_number": "EX-1"})


def test_hmong_has_its_own_month_names_and_the_24_hour_clock():
    from kyr.languages import HMONG_MONTHS

    hmn = get_language("hmn")
    assert len(HMONG_MONTHS) == 12 and len(set(HMONG_MONTHS)) == 12
    # Tone sandhi: "hlis" after a number in the -b tone, "hli" after the others.
    assert [m.endswith("Hlis") for m in HMONG_MONTHS] == [m.split()[-2].endswith("b") for m in HMONG_MONTHS]
    values = resolve(DOC, {"date": "2026-01-05", "time": "09:05"}, hmn, load(), require=False)
    assert (values["date"], values["time"]) == ("5 Lub Ib Hlis 2026", "09:05")
