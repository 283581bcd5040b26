from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Area(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel")
    VENUE_SAFETY = "venue_safety", _("Venue safety")
    VENUE_HEALTH = "venue_health", _("Venue health")
    GREEN = "green", _("Green meeting")
    TECHNICAL = "technical", _("Technical")
    TIMING = "timing", _("Timing")
    SAFETY = "safety", _("Safety")
    ATTENDEE_CARE = "attendee_care", _("Attendee care")
    PLANNING = "planning", _("Planning, contracts and budget")
    ONSITE = "onsite", _("On site")
    WRAP_UP = "wrap_up", _("Wrap-up")


class Kind(models.TextChoices):
    MINIMUM = "minimum", _("at least")
    MAXIMUM = "maximum", _("at most")
    RANGE = "range", _("between")
    RATIO = "ratio", _("share or multiple of")
    DEADLINE = "deadline", _("deadline")
    FLAG = "flag", _("required")


class Anchor(models.TextChoices):
    """What a deadline counts from."""

    BEFORE_T = "before_t", _("before day T")
    BEFORE_START = "before_start", _("before the day's start")
    BEFORE_SEGMENT = "before_segment", _("before each segment")
    AFTER_END = "after_end", _("after the meeting ends")


class Unit(models.TextChoices):
    NONE = "", pgettext_lazy("unit", "none")
    METRE = "m", "m"
    CELSIUS = "°C", "°C"
    PERCENT = "%", "%"
    TIMES = "×", "×"
    PPM = "ppm", "ppm"
    MICROGRAMS = "µg/m³", "µg/m³"
    LUMEN = "lm", "lm"
    MBPS = "Mbps", "Mbps"
    K = "K", _("K (horizontal pixels, thousands)")
    LINES = "p", _("p (vertical lines)")
    POINT = "pt", "pt"
    MILLISECOND = "ms", "ms"
    SECOND = "s", _("seconds")
    MINUTE = "min", _("minutes")
    HOUR = "h", _("hours")
    DAY = "d", _("days")
    WORKING_DAY = "wd", _("working days")
    HOURS_PER_YEAR = "h/yr", _("hours a year")
    YEAR = "yr", _("years")
    PEOPLE = "people", _("people")
    COUNT = "count", _("count")
    SCORE = "/5", _("points of 5")


# the units a rule may be given: one dimension each (a rule keeps the dimension of its default)
DIMENSION = {
    Unit.NONE: "none",
    Unit.METRE: "length",
    Unit.CELSIUS: "temperature",
    Unit.PERCENT: "share",
    Unit.TIMES: "share",
    Unit.PPM: "ppm",
    Unit.MICROGRAMS: "density",
    Unit.LUMEN: "light",
    Unit.MBPS: "bandwidth",
    Unit.K: "resolution",
    Unit.LINES: "lines",
    Unit.POINT: "type size",
    Unit.MILLISECOND: "time",
    Unit.SECOND: "time",
    Unit.MINUTE: "time",
    Unit.HOUR: "time",
    Unit.DAY: "days",
    Unit.WORKING_DAY: "days",
    Unit.HOURS_PER_YEAR: "hours a year",
    Unit.YEAR: "years",
    Unit.PEOPLE: "count",
    Unit.COUNT: "count",
    Unit.SCORE: "score",
}

SECONDS = {Unit.MILLISECOND: 0.001, Unit.SECOND: 1, Unit.MINUTE: 60, Unit.HOUR: 3600, Unit.DAY: 86400}


class Source(models.TextChoices):
    """The source documents of DOMAIN.md (``shared/seeds``)."""

    DOC_000 = "000", _("2025 meeting-service process and service standards")
    DOC_001 = "001", _("Meeting-service process standards and case analysis")
    BOTH = "000+001", _("both documents")
    CASE = "case", _("the reference case (2023 New Economy Industry Summit)")
    ORG = "org", _("the organisation's own")
    PRODUCT = "huiwu", _("Huiwu's default (the documents give no figure)")
