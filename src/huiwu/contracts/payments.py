"""The money of a contract: its payment milestones (shares of the total adding up to 100%, due counted
from the signing, the meeting's start T or its end, in Chinese working days where the clause says so),
invoices and payments against them, overdue reminders; attendance changes inside or outside the
flexible window; penalties and refunds computed from what happened, each decided by finance.

Money is ``Decimal`` with two places; a contract in another currency than the yuan carries its rate,
and every invoice and payment is in the contract's currency. ``committed_for`` and ``paid_for`` are
what the budget reads, in yuan.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.accounts.models import User
from huiwu.core.audit import log_action, register_actions
from huiwu.core.money import percent_of, rate_of
from huiwu.core.text import clean_fields
from huiwu.core.workdays import add_workdays
from huiwu.events.models import Meeting
from huiwu.notifications.services import notify
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership
from huiwu.orgs.rules import can
from huiwu.orgs.selectors import members_with
from huiwu.webhooks.services import emit

from . import selectors
from .drafting import CENT, money
from .enums import AdjustmentKind, Anchor, ContractKind, Decision, State
from .errors import (
    Amount,
    ApproverInvalid,
    CurrencyInvalid,
    Decided,
    InvoiceDuplicate,
    ScanInvalid,
    SharesInvalid,
    TooMuch,
    WrongState,
)
from .models import Adjustment, AttendanceChange, Contract, Invoice, Milestone, Payment
from .signals import money_changed

register_actions(
    {
        "contracts.money.plan": gettext_lazy("Payment milestones set"),
        "contracts.money.terms": gettext_lazy("Contract's money terms set"),
        "contracts.money.invoice": gettext_lazy("Invoice recorded"),
        "contracts.money.payment": gettext_lazy("Payment recorded"),
        "contracts.money.attendance": gettext_lazy("Attendance change recorded"),
        "contracts.money.proposed": gettext_lazy("Penalty or refund proposed"),
        "contracts.money.decided": gettext_lazy("Penalty or refund decided"),
        "contracts.money.smoothness": gettext_lazy("Stream smoothness recorded"),
    }
)

HUNDRED = Decimal(100)
ACTIVE = (State.SIGNED, State.IN_FORCE)  # invoices, payments, changes and penalties happen then
BOOKED = (State.SIGNED, State.IN_FORCE, State.CLOSED, State.TERMINATED)  # what the budget counts


def _percent(value: Any, field: str, *, positive: bool = False) -> Decimal:
    found = percent_of(value)
    if found is None or (positive and found == 0):
        raise SharesInvalid(details={"field": field})
    return found


def _positive(value: Any, field: str) -> Decimal:
    try:
        found = money(value)
    except Amount:
        raise Amount(details={"field": field}) from None
    if found == 0:
        raise Amount(details={"field": field})
    return found


def _currency(contract: Contract, currency: str | None) -> str:
    given = (currency or contract.currency).strip().upper()
    if given != contract.currency:
        raise CurrencyInvalid(details={"field": "currency"})
    return given


def _not_future(day: dt.date, field: str, today: dt.date) -> dt.date:
    if day > today:
        raise ValidationError({field: gettext("This day is in the future.")})
    return day


def _locked(contract: Contract) -> Contract:
    return Contract.objects.select_for_update().select_related("org", "meeting").get(pk=contract.pk)


# ---- the plan: milestones and terms (set in the draft) ----------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MilestoneInput:
    name: str
    share: Any
    anchor: str
    days: int = 0
    working_days: bool = False


def default_plan(meeting: Meeting) -> list[MilestoneInput]:
    """DOMAIN.md stage 3: 30% advance after signing, 50% interim before the meeting, 20% final after it
    — the shares as the organisation's catalogue states them."""
    figures = selectors.money_terms(meeting)
    return [
        MilestoneInput(
            name=gettext("Advance"), share=figures["advance"], anchor=Anchor.SIGNED, days=5, working_days=True
        ),
        MilestoneInput(
            name=gettext("Interim payment"), share=figures["interim"], anchor=Anchor.START, days=-7
        ),
        MilestoneInput(
            name=gettext("Final payment"),
            share=figures["final"],
            anchor=Anchor.END,
            days=15,
            working_days=True,
        ),
    ]


def _amounts(total: Decimal, shares: list[Decimal]) -> list[Decimal]:
    """Each share of the total in cents; the last takes what rounding left, so they add up to it."""
    out = [(total * s / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP) for s in shares[:-1]]
    return [*out, total - sum(out, Decimal(0))]


def _write_plan(contract: Contract, rows: list[MilestoneInput]) -> list[Milestone]:
    if not rows or len(rows) > 12:
        raise SharesInvalid(details={"field": "milestones"})
    shares = [_percent(r.share, "share", positive=True) for r in rows]
    if sum(shares, Decimal(0)) != HUNDRED:
        raise SharesInvalid(
            gettext("The shares add up to %(sum)s%%, not 100%%.") % {"sum": sum(shares, Decimal(0))},
            details={"field": "milestones"},
        )
    made = []
    for n, (row, share, amount) in enumerate(
        zip(rows, shares, _amounts(contract.total, shares), strict=True)
    ):
        name = clean_fields(Milestone, {"name": row.name})["name"].strip()
        if not name or row.anchor not in Anchor.values or not -366 <= int(row.days) <= 366:
            raise ValidationError(
                {"milestones": gettext("Each milestone has a name, an anchor and at most a year.")}
            )
        made.append(
            Milestone(
                contract=contract,
                position=n,
                name=name,
                share=share,
                amount=amount,
                anchor=row.anchor,
                days=int(row.days),
                working_days=bool(row.working_days),
            )
        )
    Milestone.objects.filter(contract=contract).delete()
    return Milestone.objects.bulk_create(made)


def seed(contract: Contract) -> None:
    """A newly drawn contract's terms and milestones from the catalogue (``drafting.draft`` calls it)."""
    figures = selectors.money_terms(contract.meeting)
    contract.penalty_share = figures["penalty"]
    contract.smoothness_floor = figures["smoothness"]
    contract.refund_share = figures["refund"]
    contract.free_change_people = int(figures["free_people"])
    contract.free_change_days = int(figures["free_days"])
    if contract.supplier is not None and {"av", "streaming"} & set(contract.supplier.categories):
        contract.technical_fee = contract.total
    contract.save()
    _write_plan(contract, default_plan(contract.meeting))


@transaction.atomic
def set_plan(*, contract: Contract, actor: User | None, rows: list[MilestoneInput]) -> list[Milestone]:
    """The milestones as a whole (shares adding up to 100%): in the draft only, like the clauses."""
    locked = _locked(contract)
    if locked.state != State.DRAFT:
        raise WrongState()
    made = _write_plan(locked, rows)
    log_action(
        "contracts.money.plan",
        target=locked,
        actor=actor,
        org=locked.org,
        data={"shares": [str(m.share) for m in made]},
    )
    return made


@dataclass(frozen=True, kw_only=True)
class TermsInput:
    currency: str = "CNY"
    rate: Any = None  # yuan per unit of the currency; required unless CNY
    technical_fee: Any = "0"
    change_price: Any = "0"
    free_change_people: int = 50
    free_change_days: int = 15


CURRENCY = re.compile(r"^[A-Z]{3}$")


@transaction.atomic
def set_terms(*, contract: Contract, actor: User | None, data: TermsInput) -> Contract:
    """The currency (another than the yuan needs its rate), the technical fee the refund is a share of,
    the flexible attendance window and the price per person outside it: in the draft only."""
    locked = _locked(contract)
    if locked.state != State.DRAFT:
        raise WrongState()
    currency = (data.currency or "CNY").strip().upper()
    if not CURRENCY.match(currency):
        raise CurrencyInvalid(
            gettext("A currency is its three-letter code (CNY, USD, EUR…)."), details={"field": "currency"}
        )
    rate = None
    if currency != "CNY":
        rate = rate_of(data.rate)
        if rate is None:
            raise CurrencyInvalid(
                gettext("A contract in another currency than the yuan needs its rate to the yuan."),
                details={"field": "rate"},
            )
    technical = money(data.technical_fee)
    if technical > locked.total:
        raise Amount(
            gettext("The technical fee cannot exceed the total."), details={"field": "technical_fee"}
        )
    people, days = int(data.free_change_people), int(data.free_change_days)
    if not (0 <= people <= 100_000 and 0 <= days <= 365):
        raise ValidationError(
            {"free_change_people": gettext("Give the window in people and days, not negative.")}
        )
    locked.currency, locked.rate = currency, rate
    locked.technical_fee, locked.change_price = technical, money(data.change_price)
    locked.free_change_people, locked.free_change_days = people, days
    locked.save()
    log_action(
        "contracts.money.terms",
        target=locked,
        actor=actor,
        org=locked.org,
        data={"currency": currency, "rate": str(rate or ""), "technical_fee": str(technical)},
    )
    return locked


# ---- due dates, invoices, payments ------------------------------------------------------------------


def due_on(milestone: Milestone, contract: Contract | None = None) -> dt.date | None:
    """When the milestone is due; counted from the signing, none until the contract is signed."""
    contract = contract or milestone.contract
    if milestone.anchor == Anchor.SIGNED:
        if contract.signed_at is None:
            return None
        start = timezone.localdate(contract.signed_at)
    elif milestone.anchor == Anchor.START:
        start = contract.meeting.start_date
    else:
        start = contract.meeting.end_date
    if milestone.working_days:
        return add_workdays(start, milestone.days)
    return start + dt.timedelta(days=milestone.days)


def _sum(rows: Any) -> Decimal:
    return Decimal(rows.aggregate(s=Sum("amount"))["s"] or 0).quantize(CENT)


@dataclass(frozen=True, kw_only=True)
class InvoiceInput:
    number: str
    amount: Any
    tax_rate: Any
    received_on: dt.date
    currency: str | None = None
    scan: bytes | None = None


@transaction.atomic
def record_invoice(
    *, milestone: Milestone, actor: User | None, data: InvoiceInput, today: dt.date | None = None
) -> Invoice:
    """The counterparty's invoice for a milestone (number once per contract; at most what is left of it)."""
    today = today or timezone.localdate()
    contract = _locked(milestone.contract)
    if contract.state not in ACTIVE:
        raise WrongState(gettext("Invoices and payments are recorded once the contract is signed."))
    number = clean_fields(Invoice, {"number": (data.number or "").strip()})["number"]
    if not number:
        raise ValidationError({"number": gettext("Give the invoice's number.")})
    if Invoice.objects.filter(contract=contract, number=number).exists():
        raise InvoiceDuplicate(details={"field": "number"})
    amount = _positive(data.amount, "amount")
    currency = _currency(contract, data.currency)
    rate = _percent(data.tax_rate, "tax_rate")
    _not_future(data.received_on, "received_on", today)
    if amount > milestone.amount - _sum(milestone.invoices.all()):
        raise TooMuch(details={"field": "amount"})
    invoice = Invoice(
        contract=contract,
        milestone=milestone,
        number=number,
        amount=amount,
        currency=currency,
        tax_rate=rate,
        received_on=data.received_on,
        recorded_by=actor,
    )
    if data.scan:
        if (
            not data.scan.startswith((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG"))
            or len(data.scan) > 20 * 1024 * 1024
        ):
            raise ScanInvalid(details={"field": "scan"})
        from django.core.files.base import ContentFile

        invoice.scan.save(f"{contract.number}-{number}"[:80], ContentFile(data.scan), save=False)
    try:
        with transaction.atomic():
            invoice.save()
    except IntegrityError:
        raise InvoiceDuplicate(details={"field": "number"}) from None
    log_action(
        "contracts.money.invoice",
        target=contract,
        actor=actor,
        org=contract.org,
        data={"milestone": milestone.name, "number": number, "amount": str(amount)},
    )
    return invoice


@dataclass(frozen=True, kw_only=True)
class PaymentInput:
    amount: Any
    paid_on: dt.date
    reference: str
    currency: str | None = None


@transaction.atomic
def record_payment(
    *, milestone: Milestone, actor: User | None, data: PaymentInput, today: dt.date | None = None
) -> Payment:
    """A payment of a milestone (at most what is left of it), with the bank's reference and who."""
    today = today or timezone.localdate()
    contract = _locked(milestone.contract)
    if contract.state not in ACTIVE:
        raise WrongState(gettext("Invoices and payments are recorded once the contract is signed."))
    amount = _positive(data.amount, "amount")
    currency = _currency(contract, data.currency)
    _not_future(data.paid_on, "paid_on", today)
    reference = clean_fields(Payment, {"reference": (data.reference or "").strip()})["reference"]
    if not reference:
        raise ValidationError({"reference": gettext("Give the bank's reference of the payment.")})
    if amount > milestone.amount - _sum(milestone.payments.all()):
        raise TooMuch(details={"field": "amount"})
    payment = Payment.objects.create(
        contract=contract,
        milestone=milestone,
        paid_on=data.paid_on,
        amount=amount,
        currency=currency,
        reference=reference,
        recorded_by=actor,
    )
    log_action(
        "contracts.money.payment",
        target=contract,
        actor=actor,
        org=contract.org,
        data={"milestone": milestone.name, "amount": str(amount), "reference": reference},
    )
    money_changed.send(sender=Contract, contract=contract)
    return payment


# ---- attendance changes -----------------------------------------------------------------------------


@transaction.atomic
def record_attendance_change(
    *, contract: Contract, actor: User | None, delta: int, asked_on: dt.date, today: dt.date | None = None
) -> AttendanceChange:
    """A change of the number of attendees: free inside the window (up to the contract's people in all,
    asked until T minus its days), the rest priced per person; the log says which and why."""
    today = today or timezone.localdate()
    locked = _locked(contract)
    if locked.state not in ACTIVE:
        raise WrongState(gettext("Attendance changes are recorded under a signed contract."))
    if not isinstance(delta, int) or delta == 0 or abs(delta) > 100_000:
        raise ValidationError({"delta": gettext("Give the change in people: more (+) or fewer (−), not 0.")})
    _not_future(asked_on, "asked_on", today)
    deadline = locked.meeting.start_date - dt.timedelta(days=locked.free_change_days)
    used = locked.attendance_changes.aggregate(s=Sum("free_people"))["s"] or 0
    left = max(locked.free_change_people - used, 0)
    people = abs(delta)
    words = {
        "people": locked.free_change_people,
        "day": deadline.isoformat(),
        "left": left,
        "price": locked.change_price,
        "currency": locked.currency,
    }
    if asked_on <= deadline:
        free = min(people, left)
        rule = gettext("inside the window (up to %(people)s people until %(day)s; %(left)s left)") % words
    else:
        free = 0
        rule = gettext("after the window closed on %(day)s") % words
    charged = people - free
    if charged:
        rule += "; " + gettext("%(n)s charged at %(price)s %(currency)s each") % {**words, "n": charged}
    change = AttendanceChange.objects.create(
        contract=locked,
        delta=delta,
        asked_on=asked_on,
        free_people=free,
        charged_people=charged,
        charge=(locked.change_price * charged).quantize(CENT),
        rule=rule[:300],
        recorded_by=actor,
    )
    log_action(
        "contracts.money.attendance",
        target=locked,
        actor=actor,
        org=locked.org,
        data={"delta": delta, "free": free, "charged": charged, "charge": str(change.charge)},
    )
    money_changed.send(sender=Contract, contract=locked)
    return change


# ---- penalties and refunds --------------------------------------------------------------------------


def _propose(contract: Contract, **fields: Any) -> Adjustment | None:
    try:
        with transaction.atomic():
            made = Adjustment.objects.create(contract=contract, **fields)
    except IntegrityError:
        return None  # proposed already
    log_action(
        "contracts.money.proposed",
        target=contract,
        actor=None,
        org=contract.org,
        data={"kind": made.kind, "amount": str(made.amount), "basis": made.basis},
    )
    for user in _finance(contract):
        notify(
            user=user,
            org=contract.org,
            url=_url(contract),
            title=gettext("%(kind)s proposed on contract %(number)s: %(amount)s")
            % {"kind": made.get_kind_display(), "number": contract.number, "amount": made.amount},
        )
    return made


def _finance(contract: Contract) -> list[User]:
    return members_with(contract.org, Perm.EDIT_FINANCE)


def _url(contract: Contract) -> str:
    return reverse("contracts:contract", kwargs={"org": contract.org.slug, "contract": contract.pk})


def propose_from_incidents(*, contract: Contract) -> list[Adjustment]:
    """A penalty proposed for each incident of the meeting attributed to the contract's supplier that
    interrupted the meeting: the contract's penalty share of its total (once per incident)."""
    if contract.supplier_id is None or contract.state not in ACTIVE:
        return []
    from huiwu.onsite.models import Incident

    made = []
    for incident in Incident.objects.filter(
        meeting_id=contract.meeting_id, supplier_id=contract.supplier_id, interrupted=True
    ):
        basis = gettext("Incident #%(n)s %(title)s interrupted the meeting") % {
            "n": incident.number,
            "title": incident.title,
        }
        found = _propose(
            contract,
            kind=AdjustmentKind.PENALTY,
            incident=incident,
            basis=basis[:300],
            base=contract.total,
            share=contract.penalty_share,
            amount=(contract.total * contract.penalty_share / HUNDRED).quantize(CENT, ROUND_HALF_UP),
        )
        if found is not None:
            made.append(found)
    return made


def incident_changed(incident: Any) -> None:
    """An incident was saved: its supplier's signed contracts for the meeting get their proposals."""
    if not incident.supplier_id or not incident.interrupted:
        return
    for contract in Contract.objects.filter(
        meeting_id=incident.meeting_id, supplier_id=incident.supplier_id, state__in=ACTIVE
    ).select_related("org"):
        propose_from_incidents(contract=contract)


@transaction.atomic
def record_smoothness(*, contract: Contract, actor: User | None, percent: Any) -> Adjustment | None:
    """The stream's measured smoothness (entered, or from the sensors): below the contract's floor, its
    refund share of the technical fee is proposed (one refund per contract; a new measurement replaces a
    proposal not yet decided)."""
    locked = _locked(contract)
    if locked.state not in ACTIVE:
        raise WrongState()
    measured = _percent(percent, "smoothness")
    locked.smoothness = measured
    locked.save(update_fields=["smoothness", "updated_at"])
    log_action(
        "contracts.money.smoothness",
        target=locked,
        actor=actor,
        org=locked.org,
        data={"smoothness": str(measured)},
    )
    open_refund = Adjustment.objects.filter(contract=locked, kind=AdjustmentKind.REFUND)
    if open_refund.exclude(state=Decision.PROPOSED).exists():
        return None  # decided already: the decision stands
    open_refund.delete()
    if measured >= locked.smoothness_floor or locked.technical_fee == 0:
        return None
    basis = gettext("Stream smoothness %(m)s%% below the guaranteed %(f)s%%") % {
        "m": measured,
        "f": locked.smoothness_floor,
    }
    return _propose(
        locked,
        kind=AdjustmentKind.REFUND,
        basis=basis[:300],
        base=locked.technical_fee,
        share=locked.refund_share,
        amount=(locked.technical_fee * locked.refund_share / HUNDRED).quantize(CENT, ROUND_HALF_UP),
    )


@transaction.atomic
def decide(
    *,
    adjustment: Adjustment,
    membership: Membership,
    accept: bool,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Adjustment:
    """Finance accepts a proposal (a credit line) or waives it with a reason; decided once — a second
    decision at the same moment finds it decided and is refused."""
    if not can(membership, Perm.EDIT_FINANCE):
        raise ApproverInvalid(gettext("Penalties and refunds are decided by finance."))
    row = Adjustment.objects.select_for_update().select_related("contract__org").get(pk=adjustment.pk)
    if row.contract.org_id != membership.org_id:
        raise ApproverInvalid()
    if row.state != Decision.PROPOSED:
        raise Decided()
    reason = clean_fields(Adjustment, {"reason": reason})["reason"].strip()
    if not accept and not reason:
        raise ValidationError({"reason": gettext("Say why it is waived.")})
    row.state = Decision.ACCEPTED if accept else Decision.WAIVED
    row.reason, row.decided_by, row.decided_at = reason, membership.user, now or timezone.now()
    row.save()
    log_action(
        "contracts.money.decided",
        target=row.contract,
        actor=membership.user,
        org=row.contract.org,
        data={"kind": row.kind, "state": row.state, "amount": str(row.amount), "reason": reason},
    )
    if row.state == Decision.ACCEPTED:
        money_changed.send(sender=Contract, contract=row.contract)
    return row


# ---- what is owed, what is open, overdue ------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where a milestone stands: when it is due, what is invoiced and paid, whether it is overdue."""

    milestone: Milestone
    due: dt.date | None
    invoiced: Decimal
    paid: Decimal
    overdue: bool

    @property
    def left(self) -> Decimal:
        return self.milestone.amount - self.paid


def standings(rows: Any, *, today: dt.date) -> list[Standing]:
    """Each milestone's standing, its payments and invoices read in one query each (not one per
    milestone). Overdue: past its due day, not fully paid, under a contract that is signed or in force."""
    rows = rows.select_related(
        "contract__meeting", "contract__org", "contract__supplier", "contract__client"
    ).prefetch_related("payments", "invoices")
    out = []
    for m in rows:
        due = due_on(m, m.contract)
        paid = sum((p.amount for p in m.payments.all()), Decimal(0)).quantize(CENT)
        invoiced = sum((i.amount for i in m.invoices.all()), Decimal(0)).quantize(CENT)
        late = due is not None and due < today and m.amount > paid and m.contract.state in ACTIVE
        out.append(Standing(milestone=m, due=due, invoiced=invoiced, paid=paid, overdue=late))
    return out


def plan_of(contract: Contract, *, today: dt.date | None = None) -> list[Standing]:
    """A contract's milestones with their standing, in order."""
    return standings(contract.milestones.all(), today=today or timezone.localdate())


def credits(contract: Contract) -> Decimal:
    return _sum(contract.adjustments.filter(state=Decision.ACCEPTED))


def charges(contract: Contract) -> Decimal:
    return Decimal(contract.attendance_changes.aggregate(s=Sum("charge"))["s"] or 0).quantize(CENT)


def net_total(contract: Contract) -> Decimal:
    """What the contract comes to: the total, plus the attendance charges, less the accepted credits."""
    return contract.total + charges(contract) - credits(contract)


def open_items(contract: Contract) -> list[str]:
    """What keeps a contract from being closed as performed: unpaid milestones, undecided proposals."""
    left = []
    for st in plan_of(contract):
        if st.left > 0:
            left.append(
                gettext("%(name)s: %(amount)s unpaid") % {"name": st.milestone.name, "amount": st.left}
            )
    if contract.adjustments.filter(state=Decision.PROPOSED).exists():
        left.append(gettext("a penalty or refund to decide"))
    return left


def _yuan(contract: Contract, amount: Decimal) -> Decimal:
    return amount if contract.currency == "CNY" else (amount * (contract.rate or 0)).quantize(CENT)


def _cost_side(meeting: Meeting) -> Any:
    return Contract.objects.filter(meeting=meeting, state__in=BOOKED).exclude(kind=ContractKind.CLIENT)


def committed_for(meeting: Meeting) -> Decimal:
    """What the meeting's signed supplier and venue contracts commit the agency to, in yuan: each one's
    net total (a terminated one: what was paid)."""
    total = Decimal(0)
    for contract in _cost_side(meeting):
        owed = _sum(contract.payments.all()) if contract.state == State.TERMINATED else net_total(contract)
        total += _yuan(contract, owed)
    return total


def paid_for(meeting: Meeting) -> Decimal:
    """What the agency has paid on them, in yuan."""
    return sum((_yuan(c, _sum(c.payments.all())) for c in _cost_side(meeting)), Decimal(0))


def overdue(org: Any, *, today: dt.date) -> list[tuple[Milestone, dt.date, Decimal]]:
    """The organisation's milestones past due and not fully paid: (milestone, due on, unpaid)."""
    rows = Milestone.objects.filter(contract__org=org, contract__state__in=ACTIVE)
    return [(st.milestone, st.due, st.left) for st in standings(rows, today=today) if st.overdue and st.due]


def remind_overdue(*, today: dt.date | None = None) -> int:
    """Daily: each overdue milestone told once a day to finance and the meeting's PM, and to the
    organisation's webhooks (``payment.overdue``)."""
    from huiwu.orgs.models import Organization

    today = today or timezone.localdate()
    told = 0
    org_ids = Milestone.objects.filter(contract__state__in=ACTIVE).values_list("contract__org", flat=True)
    for org in Organization.objects.filter(pk__in=set(org_ids)):
        for milestone, due, unpaid in overdue(org, today=today):
            with transaction.atomic():
                claimed = (
                    Milestone.objects.filter(pk=milestone.pk)
                    .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
                    .update(reminded_on=today)
                )
                if not claimed:
                    continue
                contract = milestone.contract
                words = {
                    "number": contract.number,
                    "name": milestone.name,
                    "due": due.isoformat(),
                    "amount": unpaid,
                    "currency": contract.currency,
                }
                people = set(_finance(contract)) | (
                    {contract.meeting.owner} if contract.meeting.owner else set()
                )
                for user in people:
                    notify(
                        user=user,
                        org=contract.org,
                        url=_url(contract),
                        email=True,
                        title=gettext(
                            "Overdue: %(name)s of contract %(number)s, due %(due)s, "
                            "%(amount)s %(currency)s unpaid"
                        )
                        % words,
                    )
                emit(
                    contract.org,
                    "payment.overdue",
                    {
                        "contract": contract.pk,
                        "number": contract.number,
                        "meeting": contract.meeting_id,
                        "milestone": milestone.pk,
                        "name": milestone.name,
                        "due_on": due.isoformat(),
                        "unpaid": str(unpaid),
                        "currency": contract.currency,
                    },
                )
                told += 1
    return told


def calendar(org: Any, *, start: dt.date, end: dt.date, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Finance's payments calendar across meetings: every milestone due between ``start`` and ``end``
    (and every overdue one before), with what is paid and left."""
    today = today or timezone.localdate()
    rows = Milestone.objects.filter(contract__org=org, contract__state__in=BOOKED)
    out: list[dict[str, Any]] = []
    for st in standings(rows, today=today):
        due = st.due
        if due is None or due > end or (due < start and not st.overdue):
            continue
        out.append({"milestone": st.milestone, "contract": st.milestone.contract, "due": due, "paid": st.paid,
                    "left": st.left, "overdue": st.overdue})  # fmt: skip
    out.sort(key=lambda r: (r["due"], r["contract"].number))
    return out
