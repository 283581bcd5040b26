"""Checking and normalising what people type or import: phones, e-mails, ID numbers, names, dates.

Pure functions (no database): each returns the clean value or raises ``ValidationError`` with a
message a user can act on.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from huiwu.core.text import (  # re-exported: the attendee rules are the project's text rules
    clean_name,
    clean_text,
    display_mobile,
    looks_like_formula,
    mask_mobile,
    nfkc,
    normalise_mobile,
)

from .enums import Category, Diet, Language, Service, TravelMode

__all__ = [
    "clean_name",
    "clean_text",
    "display_mobile",
    "looks_like_formula",
    "mask_mobile",
    "normalise_mobile",
]

# A strict subset of what Django's validate_email accepts (dot-atom local part, letters-only TLD).
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)


def contact_problem(mobile: str, email: str) -> str | None:
    """Every attendee can be told apart and reached: a mobile number or an e-mail (the model's rule,
    so every door holds it; the import checks its rows with it before its batched write)."""
    if not mobile and not email:
        return _("Give a mobile number or an e-mail, so the person can be recognised.")
    return None


def category_problem(category: str, custom: str) -> str | None:
    if category == Category.CUSTOM and not custom:
        return _("Name the category.")
    return None


def normalise_email(value) -> str:
    text = nfkc(value)
    if not text:
        return ""
    text = text.replace("＠", "@")
    if not _PLAIN_EMAIL.fullmatch(text):  # the common shape passes at once; the rest gets Django's full check
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError(_("Not an e-mail address.")) from None
    local, _at, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def mask_email(email: str) -> str:
    if not email:
        return ""
    local, _at, domain = email.rpartition("@")
    return f"{local[:2]}***@{domain}"


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def normalise_id_number(value) -> str:
    """An 18-character resident ID number: region, a real birth date, and the ISO 7064 check character."""
    text = nfkc(value).upper().replace(" ", "")
    if not text:
        return ""
    if not re.fullmatch(r"[1-9]\d{16}[\dX]", text):
        raise ValidationError(_("An ID card number has 17 digits and a final digit or X."))
    try:
        born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise ValidationError(_("The birth date inside this ID card number does not exist.")) from None
    if not dt.date(1900, 1, 1) <= born <= dt.datetime.now(tz=dt.UTC).date():
        raise ValidationError(_("The birth date inside this ID card number does not exist."))
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != text[17]:
        raise ValidationError(_("This ID card number is mistyped: its check character does not match."))
    return text


def mask_id(hint: str) -> str:
    return f"{'*' * 14}{hint}" if hint else ""


_DATE_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y.%m.%d %H:%M",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y年%m月%d日",
)


def parse_moment(value, tz_name: str) -> dt.datetime | None:
    """A date and time from a cell ("2026-12-15 14:30", "2026年12月15日 14:30", an Excel date) in the
    meeting's time zone."""
    if value is None or value == "":
        return None
    tz = zoneinfo.ZoneInfo(tz_name)
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0, 0), tzinfo=tz)
    text = nfkc(value).replace("：", ":")
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    raise ValidationError(_("Not a date and time: write it as 2026-12-15 14:30."))


_YES = {"是", "需要", "要", "yes", "y", "true", "1", "√", "✓", "有"}
_NO = {"否", "不需要", "不要", "no", "n", "false", "0", "×", "无", "没有"}


def parse_bool(value) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = nfkc(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValidationError(_("Write yes or no (是 / 否)."))


_CATEGORY_WORDS = {
    Category.VIP: {"vip", "贵宾", "重要嘉宾", "领导", "vip嘉宾"},
    Category.SPEAKER: {"speaker", "speakers", "演讲嘉宾", "讲者", "演讲者", "嘉宾讲者", "主讲"},
    Category.MEDIA: {"media", "press", "媒体", "记者"},
    Category.STAFF: {"staff", "工作人员", "会务", "志愿者", "volunteer"},
    Category.REGULAR: {
        "regular",
        "attendee",
        "participant",
        "delegate",
        "普通",
        "参会者",
        "普通参会者",
        "代表",
        "观众",
    },
}


_CATEGORY_LOOKUP = {w: c.value for c, words in _CATEGORY_WORDS.items() for w in (*words, c.value)}
_CATEGORY_LOOKUP.update({"regular attendee": "regular", "普通参会者": "regular", "工作人员": "staff"})


def parse_category(value) -> tuple[str, str]:
    """(category, custom name): known words in Chinese or English, anything else a named category."""
    text = nfkc(value or "")
    if not text:
        return Category.REGULAR, ""
    found = _CATEGORY_LOOKUP.get(text.lower())
    if found:
        return found, ""
    return Category.CUSTOM, clean_text(text, max_length=40)


_DIET_WORDS = {
    Diet.HALAL: {"halal", "清真"},
    Diet.VEGETARIAN: {"vegetarian", "vegan", "素食", "素", "吃素"},
    Diet.LOW_SUGAR: {"low sugar", "低糖", "无糖", "糖尿病"},
    Diet.LOW_FAT: {"low fat", "低脂"},
}


def split_list(value) -> list[str]:
    text = nfkc(value or "")
    return [t.strip() for t in re.split(r"[,，、;；/]", text) if t.strip()]


def parse_diets(value) -> tuple[list[str], str, str]:
    """(diets, allergies, other notes) from "清真、花生过敏, no pork"."""
    diets, allergies, other = [], [], []
    for item in split_list(value):
        low = item.lower()
        for diet, words in _DIET_WORDS.items():
            if low in words:
                diets.append(diet.value)
                break
        else:
            if "过敏" in item or "allerg" in low:
                allergies.append(item)
            else:
                other.append(item)
    return (
        list(dict.fromkeys(diets)),
        clean_text("、".join(allergies), max_length=200),
        clean_text("、".join(other), max_length=200),
    )


_SERVICE_WORDS = {
    Service.HEADSET: {"headset", "interpretation", "同传", "同传耳机", "翻译耳机", "耳机"},
    Service.WHEELCHAIR: {"wheelchair", "轮椅"},
    Service.DRIVER: {"driver", "car", "专车", "司机", "用车"},
}


def parse_services(value) -> list[str]:
    out = []
    for item in split_list(value):
        low = item.lower()
        for service, words in _SERVICE_WORDS.items():
            if low in words or low == service.value:
                out.append(service.value)
                break
        else:
            raise ValidationError(
                _("Unknown service “%(item)s”: use interpretation headset, wheelchair or driver.")
                % {"item": item}
            )
    return list(dict.fromkeys(out))


_LANGUAGE_WORDS = {
    Language.ZH: {"中文", "汉语", "普通话", "chinese", "zh", "zh-cn", "zh-hans", "cn"},
    Language.EN: {"英文", "英语", "english", "en"},
    Language.JA: {"日语", "日文", "japanese", "ja"},
    Language.KO: {"韩语", "韩文", "korean", "ko"},
    Language.FR: {"法语", "french", "fr"},
    Language.DE: {"德语", "german", "de"},
    Language.ES: {"西班牙语", "spanish", "es"},
    Language.RU: {"俄语", "russian", "ru"},
    Language.AR: {"阿拉伯语", "arabic", "ar"},
}


def parse_language(value) -> str:
    text = nfkc(value or "").lower()
    if not text:
        return Language.ZH
    for language, words in _LANGUAGE_WORDS.items():
        if text in words:
            return language.value
    return Language.OTHER


def travel_mode(number: str) -> str:
    """A train number (G/D/C/Z/T/K + digits) or a flight (two letters, or a letter and a digit, + digits)."""
    text = number.upper().replace(" ", "")
    if not text:
        return ""
    if re.fullmatch(r"[GDCZTKLSY]\d{1,4}", text):
        return TravelMode.TRAIN
    if re.fullmatch(r"[A-Z0-9]{2}\d{1,4}[A-Z]?", text):
        return TravelMode.FLIGHT
    return TravelMode.OTHER


def normalise_travel_number(value) -> str:
    text = nfkc(value or "").upper().replace(" ", "")
    if text and not re.fullmatch(r"[A-Z0-9\-]{2,12}", text):
        raise ValidationError(_("A flight or train number looks like CA1501 or G102."))
    return text
