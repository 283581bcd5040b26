"""The budget's revisions: the plan frozen with a reason (and, when it changes, the new total), the
client's approval recorded on it — the first approved is the baseline — and what changed from one
revision to the next. The guard holds the forecast to the latest approved total."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.core.audit import log_action, register_actions
from huiwu.core.text import clean_fields
from huiwu.orgs.models import Membership

from . import guard, selectors
from .errors import RevisionInvalid, RevisionPending, Stale
from .models import Budget, Line, Revision
from .services import editor, money

register_actions(
    {
        "budgets.revision.proposed": gettext_lazy("Budget revision proposed"),
        "budgets.revision.approved": gettext_lazy("Budget revision approved by the client"),
    }
)


def approved(budget: Budget) -> Revision | None:
    """The latest revision the client approved (the first one is the baseline)."""
    return selectors.approved_revisions(budget).first()


def plan_snapshot(budget: Budget) -> dict[str, Any]:
    """The plan as it stands: the total, each category's share and target, each line's plan."""
    sheet = selectors.sheet(budget)
    lines = Line.objects.filter(category__budget=budget).select_related("category")
    return {
        "total": str(budget.total),
        "categories": {
            c.key: {"name": c.name, "share": str(c.share), "planned": str(sheet.categories[c.pk].planned)}
            for c in sheet.order
        },
        "lines": {
            str(ln.pk): {
                "name": ln.name,
                "category": ln.category.key,
                "quantity": str(ln.quantity),
                "unit_price": str(ln.unit_price),
                "planned": str(sheet.lines[ln.pk].planned),
            }
            for ln in lines
        },
    }


@transaction.atomic
def propose(
    *, budget: Budget, membership: Membership | None, reason: str, total: Any = None, version: int
) -> Revision:
    """Freeze the plan as the next revision (with a new total when given) for the client to approve;
    one awaits approval at a time."""
    membership = editor(membership, budget)
    locked = Budget.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=budget.pk)
    if locked.version != version:
        raise Stale()
    reason = clean_fields(Revision, {"reason": (reason or "").strip()})["reason"]
    if not reason:
        raise RevisionInvalid(gettext("Say why the budget is revised."), details={"field": "reason"})
    if Revision.objects.filter(budget=locked, approved_on__isnull=True).exists():
        raise RevisionPending()
    if total not in (None, ""):
        amount = money(total, "total")
        if amount != locked.total:
            Budget.objects.filter(pk=locked.pk).update(total=amount, version=F("version") + 1)
            locked.refresh_from_db()
    number = (Revision.objects.filter(budget=locked).aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            made = Revision.objects.create(
                budget=locked, number=number, reason=reason, total=locked.total,
                snapshot=plan_snapshot(locked), proposed_by=membership.user,
            )  # fmt: skip
    except IntegrityError:
        raise RevisionPending() from None
    log_action("budgets.revision.proposed", target=locked, actor=membership.user, org=locked.org,
               data={"revision": number, "total": str(locked.total), "reason": reason})  # fmt: skip
    guard.check(budget=locked)  # a new total moves the categories' targets, so the forecast
    guard.changed(locked.meeting)
    return made


@transaction.atomic
def approve(
    *,
    revision: Revision,
    membership: Membership | None,
    approver: str,
    approved_on: dt.date,
    today: dt.date | None = None,
) -> Revision:
    """The client's approval of a revision, recorded with the client's person and the day; from then
    the guard holds the forecast to its total."""
    budget = revision.budget
    membership = editor(membership, budget)
    locked = Revision.objects.select_for_update().get(pk=revision.pk)
    if locked.approved_on is not None:
        raise RevisionInvalid(gettext("This revision is approved already."), details={"field": "revision"})
    approver = clean_fields(Revision, {"approver": (approver or "").strip()})["approver"]
    if not approver:
        raise RevisionInvalid(
            gettext("Name the client's person who approved it."), details={"field": "approver"}
        )
    if approved_on > (today or timezone.localdate()) or approved_on < locked.created_at.date() - dt.timedelta(
        days=1
    ):
        raise RevisionInvalid(
            gettext("The approval's day is between the revision's day and today."),
            details={"field": "approved_on"},
        )
    locked.approver, locked.approved_on, locked.recorded_by = approver, approved_on, membership.user
    locked.save(update_fields=["approver", "approved_on", "recorded_by", "updated_at"])
    data = {"revision": locked.number, "total": str(locked.total), "approver": approver}
    log_action("budgets.revision.approved", target=budget, actor=membership.user, org=budget.org, data=data)
    guard.check(budget=budget)
    return locked


def diff(older: Revision | None, newer: Revision) -> dict[str, Any]:
    """What changed from ``older`` to ``newer``: the total, the categories' shares, the lines added,
    removed and re-planned."""

    def plan(revision: Revision | None) -> dict[str, Any]:
        found: dict[str, Any] = revision.snapshot if revision is not None else {}
        return {
            "total": found.get("total", "0"),
            "categories": found.get("categories", {}),
            "lines": found.get("lines", {}),
        }

    before, after = plan(older), plan(newer)
    cats = []
    for key in sorted(set(before["categories"]) | set(after["categories"])):
        b, a = before["categories"].get(key), after["categories"].get(key)
        if b is None or a is None or b["share"] != a["share"] or b["planned"] != a["planned"]:
            cats.append(
                {
                    "key": key,
                    "name": (a or b)["name"],
                    "before": b and b["planned"],
                    "after": a and a["planned"],
                    "share_before": b and b["share"],
                    "share_after": a and a["share"],
                }
            )
    lines = []
    for pk in sorted(set(before["lines"]) | set(after["lines"]), key=int):
        b, a = before["lines"].get(pk), after["lines"].get(pk)
        if b is None or a is None or b["planned"] != a["planned"]:
            lines.append(
                {"name": (a or b)["name"], "before": b and b["planned"], "after": a and a["planned"]}
            )
    change = Decimal(after["total"]) - Decimal(before["total"])
    return {"total_before": before["total"], "total_after": after["total"], "change": str(change),
            "categories": cats, "lines": lines}  # fmt: skip
