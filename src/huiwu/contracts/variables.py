"""The clause language: text with typed variables written ``{{ meeting.name }}``, filled from the
meeting, the counterparty, the accepted quote and the standards catalogue when a contract is drawn.

Pure: ``names`` lists what a text uses, ``unknown`` what it uses that no contract can fill (refused
when the clause is saved), ``render`` fills a text from values and refuses a value that is missing
(a contract is never drawn with a hole in it)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PATTERN = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")


@dataclass(frozen=True)
class Variable:
    name: str
    label: object  # a lazy translation
    source: str  # meeting, party, quote, catalogue


# every variable a clause may use, with where its value comes from
VARIABLES: dict[str, Variable] = {
    v.name: v
    for v in (
        Variable("agency.name", _("the agency's name"), "meeting"),
        Variable("meeting.name", _("the meeting's name"), "meeting"),
        Variable("meeting.dates", _("the meeting's days"), "meeting"),
        Variable("meeting.city", _("the meeting's city"), "meeting"),
        Variable("meeting.attendance", _("the expected attendance"), "meeting"),
        Variable("party.name", _("the counterparty's name"), "party"),
        Variable("quote.scope", _("the scope: the accepted quote's lines"), "quote"),
        Variable("quote.total", _("the accepted quote's total (yuan)"), "quote"),
        Variable("payment.advance", _("advance payment share (%)"), "catalogue"),
        Variable("payment.interim", _("interim payment share (%)"), "catalogue"),
        Variable("payment.final", _("final payment share (%)"), "catalogue"),
        Variable("penalty.share", _("penalty share of the total fee (%)"), "catalogue"),
        Variable("attendance.free_change", _("attendance change free of charge (people)"), "catalogue"),
        Variable("attendance.until_days", _("free changes until T minus (days)"), "catalogue"),
        Variable("stream.smoothness", _("stream smoothness guaranteed (%)"), "catalogue"),
        Variable("stream.refund", _("refund of the tech fee when it falls short (%)"), "catalogue"),
        Variable("standard.hall_temperature", _("main hall temperature"), "catalogue"),
        Variable("standard.equipment_tested", _("equipment tested before the start"), "catalogue"),
    )
}


class MissingValues(ValueError):
    """A text uses variables without a value here."""

    def __init__(self, names: list[str]):
        super().__init__(", ".join(names))
        self.names = names


def names(text: str) -> list[str]:
    """The variables a text uses, in order of first use."""
    return list(dict.fromkeys(PATTERN.findall(text or "")))


def unknown(text: str) -> list[str]:
    return [n for n in names(text) if n not in VARIABLES]


def render(text: str, values: Mapping[str, str]) -> str:
    """``text`` with every variable replaced by its value; a variable without one is refused."""
    missing = [n for n in names(text) if not str(values.get(n, "")).strip()]
    if missing:
        raise MissingValues(missing)
    return PATTERN.sub(lambda m: str(values[m.group(1)]), text or "")
