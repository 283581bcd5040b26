"""The contract's money on its page — the plan and terms in the draft; invoices, payments, attendance
changes, the measured smoothness and finance's decisions once signed — and finance's payments calendar
across meetings. Each action one command of ``payments``; refusals shown above the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal
from huiwu.orgs.access import org_view
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import drafting, payments, selectors
from .enums import Anchor, Decision, State
from .models import Adjustment, Milestone

PLAN_ROWS = 6


def _day(value: str, field: str) -> dt.date:
    found = parse_date(value or "")
    if found is None:
        raise ValidationError({field: _("Give a date.")})
    return found


def _int(value: str, field: str) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        raise ValidationError({field: _("Give a whole number.")}) from None


def _plan_rows(post) -> list[payments.MilestoneInput]:
    rows = []
    for n in range(PLAN_ROWS):
        name = post.get(f"name_{n}", "").strip()
        if not name:
            continue
        rows.append(
            payments.MilestoneInput(
                name=name,
                share=post.get(f"share_{n}", ""),
                anchor=post.get(f"anchor_{n}", ""),
                days=_int(post.get(f"days_{n}", "0"), "days"),
                working_days=post.get(f"working_{n}") == "on",
            )
        )
    return rows


def _milestone(row, post) -> Milestone:
    found = row.milestones.filter(pk=_int(post.get("milestone", ""), "milestone")).first()
    if found is None:
        raise ValidationError({"milestone": _("Choose one of the contract's milestones.")})
    return found


@org_view()
def money(request, contract: int):
    row = selectors.contract_of(request.org, contract)  # another organisation's: 404 first
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    post = request.POST
    action = post.get("action", "")
    finance = can(request.membership, Perm.EDIT_FINANCE)
    drawer = drafting.may_draw(request.membership, row.meeting)
    commands: dict[str, tuple[bool, Any]] = {
        "plan": (drawer, lambda: payments.set_plan(contract=row, actor=request.user, rows=_plan_rows(post))),
        "terms": (
            drawer,
            lambda: payments.set_terms(
                contract=row,
                actor=request.user,
                data=payments.TermsInput(
                    currency=post.get("currency", "CNY"),
                    rate=post.get("rate") or None,
                    technical_fee=post.get("technical_fee", "0"),
                    change_price=post.get("change_price", "0"),
                    free_change_people=_int(post.get("free_change_people", ""), "free_change_people"),
                    free_change_days=_int(post.get("free_change_days", ""), "free_change_days"),
                ),
            ),
        ),
        "invoice": (
            finance,
            lambda: payments.record_invoice(
                milestone=_milestone(row, post),
                actor=request.user,
                data=payments.InvoiceInput(
                    number=post.get("number", ""),
                    amount=post.get("amount", ""),
                    tax_rate=post.get("tax_rate", ""),
                    received_on=_day(post.get("received_on", ""), "received_on"),
                    currency=post.get("currency") or None,
                    scan=request.FILES["scan"].read() if "scan" in request.FILES else None,
                ),
            ),
        ),
        "payment": (
            finance,
            lambda: payments.record_payment(
                milestone=_milestone(row, post),
                actor=request.user,
                data=payments.PaymentInput(
                    amount=post.get("amount", ""),
                    paid_on=_day(post.get("paid_on", ""), "paid_on"),
                    reference=post.get("reference", ""),
                    currency=post.get("currency") or None,
                ),
            ),
        ),
        "attendance": (
            drawer,
            lambda: payments.record_attendance_change(
                contract=row,
                actor=request.user,
                delta=_int(post.get("delta", ""), "delta"),
                asked_on=_day(post.get("asked_on", ""), "asked_on"),
            ),
        ),
        "smoothness": (
            drawer,
            lambda: payments.record_smoothness(
                contract=row, actor=request.user, percent=post.get("smoothness", "")
            ),
        ),
        "penalties": (drawer, lambda: payments.propose_from_incidents(contract=row)),
        "decide": (
            True,
            lambda: payments.decide(
                adjustment=_adjustment(row, post),
                membership=request.membership,
                accept=post.get("accept") == "1",
                reason=post.get("reason", ""),
            ),
        ),
    }
    if action not in commands:
        raise PermissionDenied
    allowed, command = commands[action]
    if not allowed:
        raise PermissionDenied
    try:
        command()
        messages.success(request, _("Saved."))
    except (DomainError, ValidationError) as exc:
        messages.error(request, refusal(exc))
    return redirect(f"{_contract_url(request, row)}#money")


def _adjustment(row, post) -> Adjustment:
    found = row.adjustments.filter(pk=_int(post.get("adjustment", ""), "adjustment")).first()
    if found is None:
        raise ValidationError({"adjustment": _("Choose one of the contract's proposals.")})
    return found


def _contract_url(request, row) -> str:
    from django.urls import reverse

    return reverse("contracts:contract", kwargs={"org": request.org.slug, "contract": row.pk})


def money_context(request, row) -> dict[str, Any]:
    """What the money part of the contract's page shows."""
    today = timezone.localdate()
    plan = payments.plan_of(row, today=today)
    drawer = drafting.may_draw(request.membership, row.meeting)
    rows = list(row.milestones.all())
    blank = [None] * (PLAN_ROWS - len(rows))
    return {
        "plan": plan,
        "plan_rows": [*rows, *blank][:PLAN_ROWS],
        "anchors": Anchor.choices,
        "finance": can(request.membership, Perm.EDIT_FINANCE),
        "drawer": drawer,
        "active": row.state in payments.ACTIVE,
        "draft": row.state == State.DRAFT,
        "changes": list(row.attendance_changes.all()),
        "adjustments": list(row.adjustments.select_related("incident", "decided_by")),
        "proposed": Decision.PROPOSED,
        "net_total": payments.net_total(row),
        "credits": payments.credits(row),
        "charges": payments.charges(row),
        "today": today,
    }


@org_view(Perm.EDIT_FINANCE)
def calendar(request):
    """Finance's payments calendar: every milestone due in the months shown, across meetings, and every
    overdue one."""
    today = timezone.localdate()
    start = parse_date(request.GET.get("from", "")) or today.replace(day=1)
    end = parse_date(request.GET.get("to", "")) or (start + dt.timedelta(days=92))
    if end < start or (end - start).days > 400:
        end = start + dt.timedelta(days=92)
    rows = payments.calendar(request.org, start=start, end=end, today=today)
    months: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        months.setdefault(r["due"].strftime("%Y-%m"), []).append(r)
    return render(
        request,
        "contracts/calendar.html",
        {
            "months": months,
            "start": start,
            "end": end,
            "today": today,
            "left": sum((r["left"] for r in rows), 0),
            "overdue": [r for r in rows if r["overdue"]],
        },
    )
