"""The one policy for text people type or import, applied by every service that stores text.

- Refused everywhere: NUL and other control characters (newlines and tabs only in multi-line
  text), and bidirectional controls (U+202A-E, U+2066-9, LRM/RLM/ALM), which make a name print
  backwards. PostgreSQL cannot store NUL at all.
- Removed, as a documented normalisation: zero-width spaces and joiners that copy-paste leaves
  behind (U+200B, U+200C, U+2060, U+FEFF), and blanks around the text. The zero-width joiner
  (U+200D) stays: it builds emoji such as 👨‍👩‍👧, and WeChat nicknames carry emoji.
- Names must hold at least one letter, digit or emoji: "   " and "---" are not names.
- Formula-looking text (``=SUM(…)``, ``@cmd``) is stored literally, as typed; every Excel export
  writes text cells only (``core/excel.safe_cell``), so nothing a person typed ever runs as a formula.
- Matching (is this the same person?) compares :func:`matching_key`: NFKC, case-folded, without any
  zero-width character.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext as _

BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C))
# Zero-width characters removed from stored text (the joiner U+200D is kept for emoji sequences).
_STRIPPED = re.compile("[\u200b\u200c\u2060\ufeff]")
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
# Control and format characters other than the zero-width ones above: Unicode Cc and most of Cf.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200e\u200f\u202a-\u202e\u2061-\u2064\u2066-\u206f\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
_LINE_BREAKS = re.compile(r"\r\n?")
_SPACES = re.compile(r"\s+")


def clean_text(value, *, max_length: int | None = None, multiline: bool = False) -> str:
    """Text as it will be stored, or a ValidationError saying what is wrong with it."""
    text = "" if value is None else str(value)
    text = _STRIPPED.sub("", text)
    if multiline:
        text = _LINE_BREAKS.sub("\n", text).strip()
        probe = text.replace("\n", "").replace("\t", "")
    else:
        text = text.strip()
        if any(ch in text for ch in "\t\n\r\f\v"):
            text = _SPACES.sub(" ", text)
        probe = text
    found = _INVISIBLE.search(probe)
    if found:
        if found.group() in BIDI:
            raise ValidationError(_("Contains invisible characters that reverse the text direction."))
        if found.group() == "\x00":
            raise ValidationError(_("Contains a NUL character, which text cannot hold."))
        raise ValidationError(_("Contains invisible control characters."))
    if max_length is not None and len(text) > max_length:
        raise ValidationError(
            _("At most %(limit)s characters (this has %(count)s).")
            % {"limit": max_length, "count": len(text)}
        )
    return text


def _is_pictograph(ch: str) -> bool:
    code = ord(ch)
    return unicodedata.category(ch) == "So" or 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF


def clean_name(value, *, max_length: int = 100) -> str:
    """A person's, a company's or a meeting's name: clean text with something in it to read."""
    text = clean_text(value, max_length=max_length)
    if not text:
        raise ValidationError(_("A name is needed."))
    if not any(ch.isalnum() or _is_pictograph(ch) for ch in text):
        raise ValidationError(_("A name needs at least one letter or digit."))
    return text


def matching_key(value) -> str:
    """What two spellings of one name or address share: NFKC, case-folded, no zero-width characters."""
    return _ZERO_WIDTH.sub("", unicodedata.normalize("NFKC", str(value or ""))).casefold().strip()


def looks_like_formula(text: str) -> bool:
    """``=…`` or ``+…(``, ``-…|`` and ``@…``: what a spreadsheet would run instead of show."""
    if text.startswith("="):
        return True
    return text[:1] in ("+", "-", "@") and any(c in text for c in "(|!=")


# --- phones -----------------------------------------------------------------------------------
_SEPARATORS = re.compile(r"[\s\-()（）.]")
_MAINLAND = re.compile(r"1[3-9]\d{9}")
_E164 = re.compile(r"\+[1-9]\d{7,14}")
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}(?:(?:ext|转|#|,)\d{1,6})?")


def nfkc(value) -> str:
    """Full-width digits and letters to ASCII, surrounding blanks removed."""
    return unicodedata.normalize("NFKC", str(value)).strip()


def normalise_mobile(value) -> str:
    """A mainland mobile (with or without +86 / 0086) or an international number in E.164 → "+<digits>"."""
    text = _SEPARATORS.sub("", nfkc(value))
    if not text:
        return ""
    if text.startswith("00"):
        text = "+" + text[2:]
    if _MAINLAND.fullmatch(text):
        return "+86" + text
    if text.startswith("+86"):
        if _MAINLAND.fullmatch(text[3:]):
            return text
        raise ValidationError(_("A mainland mobile number has 11 digits and starts with 13-19."))
    if text.startswith("86") and _MAINLAND.fullmatch(text[2:]):
        return "+" + text
    if _E164.fullmatch(text):
        return text
    raise ValidationError(
        _("Not a mobile number: give 11 digits for the mainland, or + and the country code (E.164).")
    )


def normalise_phone(value) -> str:
    """A mobile (as :func:`normalise_mobile`) or a mainland landline with its area code
    (``021-6288 1234``, ``0755 8888 8888转123``), kept as typed but checked digit by digit:
    letters (an O for a zero) are refused."""
    raw = clean_text(value, max_length=40)
    if not raw:
        return ""
    text = _SEPARATORS.sub("", nfkc(raw)).lower()
    if _LANDLINE.fullmatch(text):
        return raw
    try:
        return normalise_mobile(text)
    except ValidationError:
        raise ValidationError(
            _("Not a phone number: give a mobile number, or a landline with its area code (021-62881234).")
        ) from None


def display_mobile(e164: str) -> str:
    return e164[3:] if e164.startswith("+86") else e164


def mask_mobile(e164: str) -> str:
    if not e164:
        return ""
    number = display_mobile(e164)
    return f"{number[:3]}****{number[-4:]}" if len(number) >= 8 else "****"


# --- dates -----------------------------------------------------------------------------------
# A meeting, an arrival, a follow-up or a deadline falls within these years; anything else is a typo
# (0001-01-01, 9999-12-31), and far dates overflow when converted to UTC.
YEAR_MIN, YEAR_MAX = 2000, 2100


def check_year(value) -> None:
    if value is not None and hasattr(value, "year") and not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValidationError(
            _("Give a date between the years %(first)s and %(last)s.") % {"first": YEAR_MIN, "last": YEAR_MAX}
        )


def clean_fields(model, fields: dict) -> dict:
    """The typed values of ``fields`` (a model's field names → values) as they will be stored.

    Every service that writes typed input calls this before saving, so a rule holds whatever the
    door (page, API, import, demo): text by the policy above (fields named ``name`` or ``title``
    are names, with something in them to read), dates and times within YEAR_MIN-YEAR_MAX. Raises
    one ValidationError naming every refused field."""
    from django.db import models

    cleaned, errors = dict(fields), {}
    for name, value in fields.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a service's own argument, not a column: not ours to clean
            continue
        if isinstance(field, models.DateField | models.DateTimeField):
            try:
                check_year(value)
            except ValidationError as exc:
                errors[name] = exc.messages
            continue
        if not isinstance(value, str):
            continue
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        try:
            if name in ("name", "title") and not field.blank:
                cleaned[name] = clean_name(value, max_length=field.max_length or 200)
            else:
                cleaned[name] = clean_text(
                    value, max_length=field.max_length, multiline=isinstance(field, models.TextField)
                )
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def plain_number(value) -> str:
    """A decimal as people write it: no trailing zeros, never an exponent (10.00 → "10", 2.50 → "2.5")."""
    from decimal import Decimal

    if value is None or value == "":
        return ""
    return format(Decimal(value).normalize(), "f")
