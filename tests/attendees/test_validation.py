import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from huiwu.attendees import badges
from huiwu.attendees.validation import (
    clean_name,
    looks_like_formula,
    mask_email,
    mask_id,
    mask_mobile,
    normalise_email,
    normalise_id_number,
    normalise_mobile,
    parse_category,
    parse_diets,
    parse_moment,
    travel_mode,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13812341234", "+8613812341234"),
        ("138 1234 1234", "+8613812341234"),
        ("138-1234-1234", "+8613812341234"),
        ("１３８１２３４１２３４", "+8613812341234"),  # full-width digits
        ("+86 138 1234 1234", "+8613812341234"),
        ("0086 13812341234", "+8613812341234"),
        ("8613812341234", "+8613812341234"),
        ("+44 7911 123456", "+447911123456"),
        ("+1 (415) 555-2671", "+14155552671"),
        ("", ""),
    ],
)
def test_mobile_numbers_are_stored_in_e164(typed, stored):
    assert normalise_mobile(typed) == stored


@pytest.mark.parametrize(
    "typed", ["12345", "1381234123", "23812341234", "+86 123 4567 8901", "abc", "+0123456789"]
)
def test_bad_mobile_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_mobile(typed)


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_every_mainland_mobile_round_trips_and_masks(number):
    stored = normalise_mobile(number)
    assert stored == "+86" + number
    assert mask_mobile(stored) == f"{number[:3]}****{number[-4:]}"


def test_masks_hide_the_middle():
    assert mask_mobile("+8613812341234") == "138****1234"
    assert mask_email("zhang.san@example.com") == "zh***@example.com"
    assert mask_id("123X") == "**************123X"
    assert mask_mobile("") == mask_email("") == mask_id("") == ""


def test_emails_are_checked_and_normalised():
    assert normalise_email(" Zhang@Example.COM ") == "Zhang@example.com"
    assert normalise_email("li＠example.com") == "li@example.com"  # full-width at sign
    for bad in ("zhang", "zhang@", "@example.com", "a b@example.com"):
        with pytest.raises(ValidationError):
            normalise_email(bad)


def _with_check(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def test_id_numbers_need_a_real_birth_date_and_the_check_character():
    good = _with_check("11010519491231002")
    assert good == "11010519491231002X"  # the published sample number
    assert normalise_id_number(good.lower()) == good
    wrong_check = good[:-1] + "1"
    for bad in (wrong_check, _with_check("11010519490231002"), "1101051949123100", "A1010519491231002X"):
        with pytest.raises(ValidationError):
            normalise_id_number(bad)


@given(st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2020, 12, 31)), st.integers(0, 999))
def test_any_id_number_with_its_check_character_is_accepted(born, serial):
    number = _with_check(f"310104{born:%Y%m%d}{serial:03d}")
    assert normalise_id_number(number) == number


@pytest.mark.parametrize(
    "name",
    ["张\u202e三", "abc\u2066", "李四\x00", "王\x1b五", "赵\x07六", "", "   ", "---", "\u200b"],
)
def test_names_with_direction_overrides_controls_or_nothing_to_read_are_refused(name):
    with pytest.raises(ValidationError):
        clean_name(name)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("王五😀", "王五😀"),  # a WeChat nickname
        ("小美👩\u200d💻", "小美👩\u200d💻"),  # an emoji joined by ZWJ stays whole
        ("张\u200b三", "张三"),  # a zero-width space from copy-paste is removed
        ("\ufeff李四", "李四"),
        ('=HYPERLINK("http://x")', '=HYPERLINK("http://x")'),  # stored literally; exports neutralise it
    ],
)
def test_emoji_and_formula_looking_names_are_kept_as_typed(typed, stored):
    assert clean_name(typed) == stored


def test_the_matching_key_ignores_zero_width_characters_and_case():
    from huiwu.core.text import matching_key

    assert matching_key("Alice\u200d Smith") == matching_key("alice smith") == "alice smith"


def test_html_in_a_name_is_kept_as_text():
    assert clean_name("<b>赵六</b>") == "<b>赵六</b>"  # templates escape it


def test_formula_detection():
    assert looks_like_formula("=1+1")
    assert looks_like_formula("=cmd|' /C calc'!A0")
    assert looks_like_formula("@SUM(A1)")
    assert looks_like_formula("+cmd|x")
    assert not looks_like_formula("+86 138")
    assert not looks_like_formula("-")


def test_words_in_cells():
    assert parse_category("贵宾") == ("vip", "")
    assert parse_category("Speaker") == ("speaker", "")
    assert parse_category("合作伙伴") == ("custom", "合作伙伴")
    assert parse_diets("清真、花生过敏, 不吃香菜") == (["halal"], "花生过敏", "不吃香菜")
    assert travel_mode("G102") == "train"
    assert travel_mode("CA1501") == "flight"
    moment = parse_moment("2026年12月15日 14:30", "Asia/Shanghai")
    assert (moment.hour, moment.minute, str(moment.tzinfo)) == (14, 30, "Asia/Shanghai")
    with pytest.raises(ValidationError):
        parse_moment("2026-02-30 10:00", "Asia/Shanghai")


def test_badge_codes_are_signed_and_carry_no_personal_data():
    code = badges.sign("k" * 64, "secret-abc")
    assert code.startswith("HW1.secret-abc.")
    assert badges.read("k" * 64, code).secret == "secret-abc"
    assert badges.read("other-key", code).reason == "forged"
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert badges.read("k" * 64, tampered).reason == "forged"
    assert badges.read("k" * 64, "13812341234").reason == "malformed"


@given(
    st.from_regex(
        r"[A-Za-z0-9_%+-]{1,20}(\.[A-Za-z0-9_%+-]{1,10}){0,2}@([A-Za-z0-9]{1,10}\.){1,3}[A-Za-z]{2,6}",
        fullmatch=True,
    )
)
def test_the_fast_email_shape_is_a_subset_of_djangos_check(email):
    from django.core.validators import validate_email

    from huiwu.attendees.validation import _PLAIN_EMAIL

    if _PLAIN_EMAIL.fullmatch(email):
        validate_email(email)  # never raises for what the fast path accepts
