import datetime as dt
import re
import zoneinfo
from typing import Annotated

from django.conf import settings
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema

from huiwu.core.text import YEAR_MAX, YEAR_MIN


class In(Schema):
    """Input schemas refuse unknown fields, so a typo is an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    code: str
    message: str
    details: dict | list


def _in_range(value):
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValueError(f"the year must lie between {YEAR_MIN} and {YEAR_MAX}")
    return value


def _moment(value):
    """An ISO 8601 date-time. Without an offset it is read in the server's zone (settings.TIME_ZONE,
    Asia/Shanghai by default); a time that does not exist there (a daylight-saving gap) is refused.
    Numbers are refused: 0 is not a time anyone means."""
    if value is None or isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError("not an ISO 8601 date-time, e.g. 2027-05-10T09:00:00+08:00") from None
    else:
        raise ValueError("a date-time is a string, e.g. 2027-05-10T09:00:00+08:00")
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        aware = parsed.replace(tzinfo=zone)
        if aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != parsed:
            raise ValueError(f"this local time does not exist in {settings.TIME_ZONE}")
        parsed = aware
    _in_range(parsed)
    try:
        parsed.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(f"the year must lie between {YEAR_MIN} and {YEAR_MAX}") from None
    return parsed


def _day(value):
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("not an ISO 8601 date, e.g. 2027-05-10") from None
    else:
        raise ValueError("a date is a string, e.g. 2027-05-10")
    return None if parsed is None else _in_range(parsed)


# A row id: a positive 64-bit integer (a larger number is a 422, not a database overflow).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

# Date-times and dates that inputs accept: ISO strings only, years YEAR_MIN-YEAR_MAX.
Moment = Annotated[
    dt.datetime,
    BeforeValidator(_moment),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": "ISO 8601; without an offset it is read in Asia/Shanghai time",
        }
    ),
]
Day = Annotated[dt.date, BeforeValidator(_day), WithJsonSchema({"type": "string", "format": "date"})]


def _clock(value):
    """A wall-clock time of the meeting's day, ``HH:MM`` or ``HH:MM:SS``, without a zone."""
    if value is None or (isinstance(value, dt.time) and value.tzinfo is None):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", value.strip()):
        try:
            return dt.time.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("a local time is a string HH:MM, e.g. 09:30")


Clock = Annotated[
    dt.time,
    BeforeValidator(_clock),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$", "description": "local time HH:MM"}
    ),
]
