"""What a person's records show against the personnel standards (DOMAIN.md: everyone on site holds a
health and a first-aid certificate; tech staff ≥ 3 years + a vendor certification; reception passes
etiquette and speaks ≥ 1 foreign language).

``missing`` answers for a list of catalogue keys (the post decides which: ``onsite.team``) and the days
the person works: a certificate counts when it is valid on every one of them. A rule not in force is not
asked. Read-only; the refusal (or the recorded reason) is the on-site team's command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from huiwu.standards.selectors import Standard, label

from .enums import CertificateKind
from .models import Person
from .selectors import plain

CERTIFICATE_OF = {
    "personnel.health_certificate": CertificateKind.HEALTH,
    "personnel.first_aid_certificate": CertificateKind.FIRST_AID,
    "personnel.tech_vendor_certification": CertificateKind.VENDOR,
    "personnel.reception_etiquette": CertificateKind.ETIQUETTE,
}
EXPERIENCE = "personnel.tech_experience"
LANGUAGES = "personnel.reception_languages"
NO_RECORD = "staff.record"
KEYS = frozenset({*CERTIFICATE_OF, EXPERIENCE, LANGUAGES})


@dataclass(frozen=True)
class Missing:
    key: str  # the catalogue key, or ``staff.record`` for someone without a staff record
    text: str


def years_between(since: dt.date, on: dt.date) -> Decimal:
    """Whole days counted as years of 365.25 days, to one decimal (rounded down)."""
    days = max(0, (on - since).days)
    return (Decimal(days) / Decimal("365.25")).quantize(Decimal("0.1"), rounding="ROUND_DOWN")


def missing(
    person: Person | None, keys: Iterable[str], *, first: dt.date, last: dt.date, rules: dict[str, Standard]
) -> list[Missing]:
    """What ``person`` lacks of ``keys`` to work from ``first`` to ``last`` (nothing when every rule in
    force holds). Someone with no staff record lacks the record itself."""
    asked = [k for k in keys if k in rules and rules[k].enabled]
    if not asked:
        return []
    if person is None:
        return [Missing(NO_RECORD, gettext("No staff record with certificates: add them under Staff."))]
    certificates = list(person.certificates.all())
    found: list[Missing] = []
    for key in asked:
        if key in CERTIFICATE_OF:
            mine = [c for c in certificates if c.kind == CERTIFICATE_OF[key]]
            if any(c.valid_over(first, last) for c in mine):
                continue
            ending = [c.expires_on for c in mine if c.expires_on and c.issued_on <= first]
            if ending:
                text = gettext("%(what)s: valid until %(day)s, before the work ends (%(last)s)") % {
                    "what": label(key), "day": max(ending).isoformat(), "last": last.isoformat(),
                }  # fmt: skip
            else:
                text = gettext("%(what)s: none on record") % {"what": label(key)}
            found.append(Missing(key, text))
        elif key == EXPERIENCE:
            need = rules[key].figure
            have = years_between(person.working_since, first) if person.working_since else Decimal(0)
            if have < need:
                found.append(Missing(key, gettext("%(what)s: %(have)s of %(need)s years") % {
                    "what": label(key), "have": have, "need": plain(need),
                }))  # fmt: skip
        elif key == LANGUAGES:
            need = rules[key].figure
            spoken = {
                c.detail.strip().casefold()
                for c in certificates
                if c.kind == CertificateKind.LANGUAGE and c.detail.strip() and c.valid_over(first, last)
            }
            if len(spoken) < need:
                found.append(Missing(key, gettext("%(what)s: %(have)s of %(need)s") % {
                    "what": label(key), "have": len(spoken), "need": plain(need),
                }))  # fmt: skip
    return found
