"""Placeholders and Korean particles chosen from the value they follow."""

import pytest

from kyr.grammar import fill, final_sound, particle


@pytest.mark.parametrize(
    ("word", "sound"),
    [
        ("서울시", "vowel"),  # 시: no final consonant
        ("부산", "consonant"),  # 산: ㄴ
        ("카운티 서울", "rieul"),  # 울: ㄹ
        ("Example County", "vowel"),  # 카운티
        ("Sheriff's Office", "vowel"),  # 오피스
        ("Example Main Jail", "rieul"),  # 제일
        ("Los Angeles", "vowel"),  # ...스
        ("Fresno Station", "consonant"),  # 스테이션: -n
        ("Long Beach Tower 2", "vowel"),  # 이
        ("Building 7", "rieul"),  # 칠
        ("Unit 10", "consonant"),  # 영
    ],
)
def test_the_final_sound_of_a_word_as_korean_reads_it(word, sound):
    assert final_sound(word) == sound


@pytest.mark.parametrize(
    ("written", "word", "chosen"),
    [
        ("이(가)", "Example County", "가"),
        ("이(가)", "부산", "이"),
        ("은(는)", "서울시", "는"),
        ("을(를)", "Fresno Station", "을"),
        ("과(와)", "교도소", "와"),
        ("(으)로", "부산", "으로"),
        ("(으)로", "서울", "로"),  # after ㄹ: 로
        ("(으)로", "Main Jail", "로"),
        ("으로(로)", "서울시", "로"),
    ],
)
def test_the_particle_that_follows_a_word(written, word, chosen):
    assert particle(written, word) == chosen


def test_fill_resolves_particles_and_placeholders_and_leaves_no_alternatives():
    text = "{jurisdiction}이(가) 채택한 정책: {organization}, {phone}"
    out = fill(text, {"jurisdiction": "Example County", "organization": "부산 법률지원", "phone": "(555) 010-0199"})
    assert out == "Example County가 채택한 정책: 부산 법률지원, (555) 010-0199"
    assert fill("{jurisdiction}은(는)", {"jurisdiction": "부산"}) == "부산은"
    # Without a value for the placeholder, nothing is guessed.
    assert fill("{x}이(가)", {}) == "{x}이(가)"
