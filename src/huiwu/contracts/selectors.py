"""Reads of the clause library: the library, one clause with its versions and the difference between
two of them, the values a contract's variables take for a meeting, a counterparty and a quote."""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import formats

from huiwu.events.models import Meeting
from huiwu.orgs.models import Organization
from huiwu.standards.enums import Unit
from huiwu.standards.selectors import standards

from . import variables
from .models import Clause, ClauseVersion, Template


def library(org: Organization) -> dict[str, Any]:
    return {
        "clauses": list(Clause.objects.filter(org=org)),
        "templates": list(Template.objects.filter(org=org).prefetch_related("items__clause")),
    }


def clause_of(org: Organization, pk: int) -> Clause:
    found = Clause.objects.filter(org=org, pk=pk).first()
    if found is None:
        raise Http404
    return found


def template_of(org: Organization, pk: int) -> Template:
    found = Template.objects.filter(org=org, pk=pk).prefetch_related("items__clause").first()
    if found is None:
        raise Http404
    return found


def diff(old: ClauseVersion, new: ClauseVersion) -> list[tuple[str, str]]:
    """The lines of two versions as ("-", line) removed, ("+", line) added, (" ", line) kept."""
    out = []
    for line in difflib.ndiff(old.text.splitlines(), new.text.splitlines()):
        if line[:1] in ("-", "+", " "):
            out.append((line[:1], line[2:]))
    return out


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _figure(rule: Any) -> str:
    """A catalogue figure as a contract states it: "23–25 °C", "2 小时"."""
    unit = Unit(rule.unit).label if rule.unit else ""
    if rule.low is not None and rule.high is not None and rule.low != rule.high:
        return f"{_plain(rule.low)}–{_plain(rule.high)} {unit}".strip()
    return f"{_plain(rule.low if rule.low is not None else rule.high)} {unit}".strip()


CATALOGUE = {  # variable → the catalogue's rule (the meeting's own figure when it has one)
    "payment.advance": "contract.advance_payment",
    "payment.interim": "contract.interim_payment",
    "payment.final": "contract.final_payment",
    "penalty.share": "contract.penalty",
    "attendance.free_change": "contract.free_attendance_change",
    "attendance.until_days": "contract.attendance_change_until",
    "stream.smoothness": "contract.stream_smoothness",
    "stream.refund": "contract.stream_refund",
}
DESCRIBED = {
    "standard.hall_temperature": "contract.hall_temperature",
    "standard.equipment_tested": "contract.equipment_tested",
}


def values_for(meeting: Meeting, *, party: Any = None, quote: Any = None) -> dict[str, str]:
    """What each variable is for this meeting, counterparty (a supplier or the client) and accepted quote
    (its lines are the scope, its total the price); a value not known here is left out."""
    rules = standards(meeting.org, meeting=meeting)
    dates = formats.date_format(meeting.start_date, "Y-m-d")
    if meeting.end_date != meeting.start_date:
        dates += " – " + formats.date_format(meeting.end_date, "Y-m-d")
    found: dict[str, str] = {
        "agency.name": meeting.org.name,
        "meeting.name": meeting.name,
        "meeting.dates": dates,
        "meeting.city": meeting.city,
        "meeting.attendance": str(meeting.expected_attendance or ""),
    }
    if party is not None:
        found["party.name"] = str(party.name)
    for name, key in CATALOGUE.items():
        rule = rules.get(key)
        if rule is not None and rule.enabled:
            found[name] = _plain(rule.figure)
    for name, key in DESCRIBED.items():
        rule = rules.get(key)
        if rule is not None and rule.enabled:
            found[name] = _figure(rule)
    if quote is not None:
        lines = list(quote.lines.all())
        found["quote.scope"] = "；".join(
            f"{line.item} {_plain(line.quantity)}{line.unit}".strip() for line in lines
        )
        total = quote.total
        found["quote.total"] = "" if total is None else f"{total:,.2f}"
    return {k: v for k, v in found.items() if k in variables.VARIABLES and v}


def accepted_quote(meeting: Meeting, supplier: Any) -> Any:
    """The supplier's quote the meeting accepted: the newest answered one of its chosen (else backup)
    candidacy."""
    from huiwu.suppliers.selectors import accepted_quotes

    return accepted_quotes(meeting, {supplier.pk}, backups=True).get(supplier.pk)


def parties(meeting: Meeting) -> list[tuple[str, str]]:
    """Whom a contract of the meeting may be with: its chosen and backup suppliers, its client."""
    from huiwu.suppliers.enums import Standing
    from huiwu.suppliers.models import Supplier

    ids = meeting.supplier_needs.filter(
        candidates__standing__in=[Standing.CHOSEN, Standing.BACKUP]
    ).values_list("candidates__supplier_id", flat=True)
    found = [
        (f"s{s.pk}", s.name)
        for s in Supplier.objects.filter(org=meeting.org, pk__in=list(ids)).order_by("name")
    ]
    if meeting.client is not None:
        found.append((f"c{meeting.client.pk}", meeting.client.name))
    return found


def contract_of(org: Organization, pk: int) -> Any:
    from .models import Contract

    found = (
        Contract.objects.filter(org=org, pk=pk)
        .select_related("meeting__owner", "supplier", "client", "quote", "template")
        .first()
    )
    if found is None:
        raise Http404
    return found


def version_diffs(contract: Any) -> list[dict[str, Any]]:
    """Each version with the lines changed since the one before (clause by clause, by title)."""
    versions = list(contract.versions.select_related("created_by").order_by("number"))
    out = []
    for before, now in zip([None, *versions], versions, strict=False):
        lines: list[tuple[str, str]] = []
        if before is not None:
            old = "\n".join(f"【{c['title']}】{c['text']}" for c in before.clauses).splitlines()
            new = "\n".join(f"【{c['title']}】{c['text']}" for c in now.clauses).splitlines()
            lines = [(x[:1], x[2:]) for x in difflib.ndiff(old, new) if x[:1] in ("-", "+")]
        out.append({"version": now, "changes": lines})
    return list(reversed(out))


VISIBLE_TO_PARTY = ["sent", "partly_signed", "signed", "in_force", "closed", "terminated"]


def portal_contracts(supplier: Any) -> list[Any]:
    """A supplier's contracts as its portal shows them: sent to it, and on from there (never a draft)."""
    from .models import Contract

    return list(
        Contract.objects.filter(supplier=supplier, state__in=VISIBLE_TO_PARTY).select_related(
            "meeting", "org"
        )
    )


def portal_contract(supplier: Any, pk: int) -> Any:
    from .models import Contract

    found = (
        Contract.objects.filter(supplier=supplier, pk=pk, state__in=VISIBLE_TO_PARTY)
        .select_related("meeting", "org", "supplier")
        .first()
    )
    if found is None:
        raise Http404
    return found


def signer_of(contract: Any, side: str) -> Any:
    """The signer of ``side`` on the contract's newest sending (withdrawn or not), if it was sent."""
    from .models import Signer

    return (
        Signer.objects.filter(sending__contract=contract, side=side)
        .select_related("sending__contract__org", "user")
        .order_by("-sending__number")
        .first()
    )


def signer_for_token(raw: str) -> Any:
    """The client's signer behind a signing link (unknown, or of a withdrawn sending: not found)."""
    from huiwu.core.tokens import hash_secret

    from .models import Signer

    found = (
        Signer.objects.filter(
            token_hash=hash_secret(raw or ""), side="party", sending__withdrawn_at__isnull=True
        )
        .exclude(token_hash="")
        .select_related("sending__contract__org", "sending__contract__meeting", "sending__contract__client")
        .first()
    )
    if found is None:
        raise Http404
    return found


def signers(contract: Any) -> list[Any]:
    """Every signer of every sending, newest sending first: the signing audit."""
    from .models import Signer

    return list(
        Signer.objects.filter(sending__contract=contract)
        .select_related("sending", "user")
        .order_by("-sending__number", "side")
    )


def signed_file(contract: Any) -> tuple[Any, str] | None:
    """The contract's PDF as it stands for signature: the signed one, else the one sent; else none."""
    sending = contract.sendings.order_by("-number").first()
    if sending is None:
        return None
    if sending.signed:
        return sending.signed, f"{contract.number}-v{sending.version}-signed.pdf"
    return sending.document, f"{contract.number}-v{sending.version}.pdf"


MONEY_DEFAULTS = {  # DOMAIN.md stage 3, when the catalogue has no figure
    "advance": ("contract.advance_payment", "30"),
    "interim": ("contract.interim_payment", "50"),
    "final": ("contract.final_payment", "20"),
    "penalty": ("contract.penalty", "10"),
    "free_people": ("contract.free_attendance_change", "50"),
    "free_days": ("contract.attendance_change_until", "15"),
    "smoothness": ("contract.stream_smoothness", "95"),
    "refund": ("contract.stream_refund", "20"),
}


def money_terms(meeting: Meeting) -> dict[str, Decimal]:
    """The figures a new contract's money follows: the catalogue's (the meeting's own where it has one)."""
    rules = standards(meeting.org, meeting=meeting)
    out = {}
    for name, (key, default) in MONEY_DEFAULTS.items():
        rule = rules.get(key)
        figure = rule.figure if rule is not None and rule.enabled and rule.figure is not None else None
        out[name] = Decimal(figure if figure is not None else default)
    return out
