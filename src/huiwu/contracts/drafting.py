"""Contracts of a meeting: drawn from a template for one counterparty (a supplier chosen for the meeting,
with its answered quote as the price and the scope; or the meeting's client), the clauses rendered
from the library then the contract's own text, every change a version; the internal review — finance
and the meeting's project manager approve the version in review — before it may be sent.

``ALLOWED`` is the one statement of which state may follow which; each command checks it under a lock
of the contract's row; sending and signing are ``signing``'s, the milestones ``payments``'."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.accounts.models import User
from huiwu.core.audit import log_action, register_actions
from huiwu.core.money import amount_of
from huiwu.core.text import clean_fields
from huiwu.events.models import Meeting
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership
from huiwu.orgs.rules import can
from huiwu.suppliers.enums import Standing
from huiwu.suppliers.models import Candidate, Quote

from . import selectors, variables
from .enums import Approver, ContractKind, State
from .errors import Amount, ApproverInvalid, Incomplete, PartyInvalid, QuoteInvalid, Stale, WrongState
from .models import Approval, Contract, ContractClause, ContractVersion, Template
from .signals import money_changed

register_actions(
    {
        "contracts.contract.drafted": gettext_lazy("Contract drafted"),
        "contracts.contract.changed": gettext_lazy("Contract's clauses changed"),
        "contracts.contract.state": gettext_lazy("Contract's state changed"),
        "contracts.contract.approved": gettext_lazy("Contract approved"),
        "contracts.contract.ended": gettext_lazy("Contract closed or terminated"),
    }
)

ALLOWED: dict[str, set[str]] = {
    State.DRAFT: {State.IN_REVIEW},
    State.IN_REVIEW: {State.DRAFT, State.APPROVED},
    State.APPROVED: {State.DRAFT, State.SENT, State.SIGNED},  # signed: on paper
    State.SENT: {State.DRAFT, State.PARTLY_SIGNED, State.SIGNED},
    State.PARTLY_SIGNED: {State.SIGNED},
    State.SIGNED: {State.IN_FORCE, State.TERMINATED},
    State.IN_FORCE: {State.CLOSED, State.TERMINATED},
    State.CLOSED: set(),
    State.TERMINATED: set(),
}
CENT = Decimal("0.01")


def money(value: Any) -> Decimal:
    """Yuan as the contract holds it: a decimal, not negative, two places at most."""
    amount = amount_of(value)
    if amount is None:
        raise Amount(details={"field": "total"})
    return amount


def _quote_of(quote: Quote | None, supplier: Any, meeting: Meeting) -> bool:
    """The supplier's answered quote for this meeting (its total known)."""
    if quote is None or quote.answered_at is None:
        return False
    return quote.candidate.supplier_id == supplier.pk and quote.candidate.need.meeting_id == meeting.pk


def _number(meeting: Meeting) -> str:
    year = meeting.start_date.year
    made = Contract.objects.filter(org=meeting.org, number__startswith=f"HT-{year}-").count()
    return f"HT-{year}-{made + 1:04d}"


@dataclass(frozen=True, kw_only=True)
class DraftInput:
    template: Template
    supplier: Any = None  # one of the meeting's suppliers (chosen, or kept as backup) …
    quote: Quote | None = None  # … with its answered quote for the meeting
    client: Any = None  # or the meeting's client
    total: Any = None  # the client agreement's amount (a supplier's comes from its quote)


@transaction.atomic
def draft(*, meeting: Meeting, actor: User | None, data: DraftInput) -> Contract:
    """Draw a contract from a template: every clause rendered with this meeting's values (a variable
    without one is refused with its name)."""
    template = data.template
    if template.org_id != meeting.org_id:
        raise PartyInvalid(details={"field": "template"})
    if (data.supplier is None) == (data.client is None):
        raise PartyInvalid(details={"field": "supplier"})
    quote = data.quote
    if data.supplier is not None:
        chosen = Candidate.objects.filter(
            need__meeting=meeting, supplier=data.supplier, standing__in=[Standing.CHOSEN, Standing.BACKUP]
        )
        if data.supplier.org_id != meeting.org_id or not chosen.exists():
            raise PartyInvalid(details={"field": "supplier"})
        priced = quote.total if quote is not None and _quote_of(quote, data.supplier, meeting) else None
        if priced is None:
            raise QuoteInvalid(details={"field": "quote"})
        total: Decimal = priced
        party = data.supplier
    else:
        if meeting.client_id is None or data.client.pk != meeting.client_id:
            raise PartyInvalid(details={"field": "client"})
        quote, party = None, data.client
        total = money(data.total if data.total is not None else "0")
    values = selectors.values_for(meeting, party=party, quote=quote)
    if quote is None:
        values["quote.total"] = f"{total:,.2f}"
    items = list(template.items.select_related("clause"))
    missing = list(dict.fromkeys(n for i in items for n in variables.names(i.clause.text) if n not in values))
    if missing:
        raise Incomplete(missing)
    kind = template.kind if data.supplier is not None else ContractKind.CLIENT
    title = clean_fields(Contract, {"title": f"{template.name}·{party.name}"[:200]})["title"]
    for _attempt in range(5):
        try:
            with transaction.atomic():
                contract = Contract.objects.create(
                    org=meeting.org, meeting=meeting, number=_number(meeting), kind=kind, title=title,
                    template=template, supplier=data.supplier, client=data.client, quote=quote, total=total,
                )  # fmt: skip
            break
        except IntegrityError:
            continue
    else:
        raise Stale(gettext("Several contracts were numbered at once: draw it again."))
    ContractClause.objects.bulk_create(
        [
            ContractClause(contract=contract, position=n, title=i.clause.title,
                           text=variables.render(i.clause.text, values), source=i.clause,
                           source_version=i.clause.version)
            for n, i in enumerate(items)
        ]
    )  # fmt: skip
    _snapshot(contract, actor, "")
    from .payments import seed

    seed(contract)
    log_action("contracts.contract.drafted", target=contract, actor=actor, org=meeting.org,
               data={"number": contract.number, "total": str(total)})  # fmt: skip
    return contract


def _snapshot(contract: Contract, actor: User | None, reason: str) -> ContractVersion:
    rows = [{"title": c.title, "text": c.text} for c in contract.clauses.all()]
    return ContractVersion.objects.create(
        contract=contract, number=contract.version, clauses=rows, reason=reason, created_by=actor
    )


def _locked(contract: Contract) -> Contract:
    return Contract.objects.select_for_update().select_related("meeting__org").get(pk=contract.pk)


@dataclass(frozen=True)
class ClauseText:
    title: str
    text: str


@transaction.atomic
def change_clauses(
    *, contract: Contract, actor: User | None, clauses: list[ClauseText], reason: str, version: int
) -> Contract:
    """The contract's clauses as a whole, in order (edited, added, removed): only a draft; a new version
    with the reason; an edit based on an older version is ``Stale``."""
    locked = _locked(contract)
    if locked.state != State.DRAFT:
        raise WrongState()
    if locked.version != version:
        raise Stale()
    rows = []
    for c in clauses:
        fields = clean_fields(ContractClause, {"title": c.title, "text": c.text})
        if not fields["title"].strip() or not fields["text"].strip():
            raise ValidationError({"clauses": gettext("Every clause has a title and a text.")})
        rows.append(fields)
    if not rows:
        raise ValidationError({"clauses": gettext("A contract has at least one clause.")})
    before = [(c.title, c.text) for c in locked.clauses.all()]
    if before == [(r["title"], r["text"]) for r in rows]:
        return locked
    by_title = {c.title: c for c in locked.clauses.all()}
    ContractClause.objects.filter(contract=locked).delete()
    ContractClause.objects.bulk_create(
        [
            ContractClause(contract=locked, position=n, title=r["title"], text=r["text"],
                           source=getattr(by_title.get(r["title"]), "source", None))
            for n, r in enumerate(rows)
        ]
    )  # fmt: skip
    Contract.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
    locked.refresh_from_db()
    reason = clean_fields(ContractVersion, {"reason": reason})["reason"]
    _snapshot(locked, actor, reason)
    log_action("contracts.contract.changed", target=locked, actor=actor, org=locked.org,
               data={"version": locked.version, "reason": reason})  # fmt: skip
    return locked


def move(contract: Contract, to: str, actor: User | None) -> Contract:
    """The one change of a contract's state (the caller holds the row's lock)."""
    if to not in ALLOWED[contract.state]:
        raise WrongState()
    before = contract.state
    contract.state = to
    contract.save(update_fields=["state", "updated_at"])
    log_action("contracts.contract.state", target=contract, actor=actor, org=contract.org,
               data={"from": before, "to": to})  # fmt: skip
    money_changed.send(sender=Contract, contract=contract)
    return contract


@transaction.atomic
def submit(*, contract: Contract, actor: User | None) -> Contract:
    """A draft goes to the internal review."""
    locked = _locked(contract)
    if locked.state != State.DRAFT:
        raise WrongState()
    return move(locked, State.IN_REVIEW, actor)


@transaction.atomic
def back_to_draft(*, contract: Contract, actor: User | None) -> Contract:
    """Out of the review (or the approval, or a sending nobody has signed yet) to change it: approvals
    of the version stay with that version; a changed text needs them again; a withdrawn sending's
    signing links and codes no longer work."""
    locked = _locked(contract)
    move(locked, State.DRAFT, actor)
    locked.sendings.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    return locked


def may_draw(membership: Membership | None, meeting: Meeting) -> bool:
    """Who draws and edits a meeting's contracts: finance, or the meeting's project manager."""
    if membership is None:
        return False
    return can(membership, Perm.EDIT_FINANCE) or meeting.owner_id == membership.user_id


def approver_role(membership: Membership | None, contract: Contract) -> list[str]:
    """What this member may approve of this contract: finance (the finance permission), the PM (the
    meeting's owner)."""
    roles: list[str] = []
    if membership is not None and can(membership, Perm.EDIT_FINANCE):
        roles.append(Approver.FINANCE)
    if membership is not None and contract.meeting.owner_id == membership.user_id:
        roles.append(Approver.PM)
    return roles


@transaction.atomic
def approve(
    *, contract: Contract, membership: Membership, role: str, now: dt.datetime | None = None
) -> Contract:
    """One of the two approvals of the version in review; with both, the contract is approved."""
    locked = _locked(contract)
    if locked.state != State.IN_REVIEW:
        raise WrongState()
    if role not in approver_role(membership, locked):
        raise ApproverInvalid(details={"field": "role"})
    others = Approval.objects.filter(contract=locked, version=locked.version).exclude(role=role)
    if others.filter(user=membership.user).exists():  # four eyes: finance and the PM are two people
        raise ApproverInvalid(
            gettext("You gave the other approval of this version: the second is someone else's."),
            details={"field": "role"},
        )
    Approval.objects.get_or_create(
        contract=locked, role=role, version=locked.version,
        defaults={"user": membership.user, "at": now or timezone.now()},
    )  # fmt: skip
    log_action("contracts.contract.approved", target=locked, actor=membership.user, org=locked.org,
               data={"role": role, "version": locked.version})  # fmt: skip
    have = set(
        Approval.objects.filter(contract=locked, version=locked.version).values_list("role", flat=True)
    )
    if have >= {Approver.FINANCE, Approver.PM}:
        move(locked, State.APPROVED, membership.user)
    return locked


@transaction.atomic
def put_in_force(*, contract: Contract, actor: User | None, now: dt.datetime | None = None) -> Contract:
    """A signed contract takes effect (its milestones due relative to it start counting)."""
    locked = _locked(contract)
    if locked.state != State.SIGNED:
        raise WrongState(gettext("Only a signed contract is put in force."))
    locked.in_force_at = now or timezone.now()
    locked.save(update_fields=["in_force_at", "updated_at"])
    return move(locked, State.IN_FORCE, actor)


@transaction.atomic
def end(
    *,
    contract: Contract,
    actor: User | None,
    terminate: bool,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Contract:
    """Closed (performed: every milestone paid, every penalty decided) or terminated (with a reason)."""
    locked = _locked(contract)
    reason = clean_fields(Contract, {"end_reason": reason})["end_reason"].strip()
    if terminate and not reason:
        raise ValidationError({"reason": gettext("Say why the contract is terminated.")})
    if not terminate:
        from .payments import open_items

        if left := open_items(locked):
            raise WrongState(gettext("Not yet performed: %(left)s.") % {"left": "; ".join(left)})
    move(locked, State.TERMINATED if terminate else State.CLOSED, actor)
    locked.ended_at = now or timezone.now()
    locked.end_reason = reason
    locked.save(update_fields=["ended_at", "end_reason", "updated_at"])
    log_action("contracts.contract.ended", target=locked, actor=actor, org=locked.org,
               data={"state": locked.state, "reason": reason})  # fmt: skip
    return locked
