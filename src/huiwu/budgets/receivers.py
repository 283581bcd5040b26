"""The budget listens: a contract's money moved → the guard of its meeting's budget looks again; the
stage gate asks → a budget not made, or outside its tolerance, holds the meeting in stage 3."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext

from huiwu.contracts.enums import ContractKind
from huiwu.contracts.models import Contract
from huiwu.contracts.signals import money_changed
from huiwu.core.text import plain_number
from huiwu.events.enums import Stage
from huiwu.events.models import Meeting
from huiwu.events.services.gates import Missing
from huiwu.events.signals import gate_checked

from . import guard
from .guard import TOTAL
from .models import Budget


@receiver(money_changed, sender=Contract, dispatch_uid="budgets.guard_on_contract_money")
def guard_on_contract_money(sender, contract: Contract, **kwargs) -> None:
    if contract.kind != ContractKind.CLIENT:
        guard.check_meeting(contract.meeting_id)


@receiver(gate_checked, sender=Meeting, dispatch_uid="budgets.gate")
def gate(sender, meeting: Meeting, **kwargs) -> list[Missing]:
    if meeting.stage != Stage.CONTRACTS:
        return []
    url = reverse("budgets:meeting", kwargs={"org": meeting.org.slug, "meeting": meeting.pk})
    budget = Budget.objects.filter(meeting=meeting).first()
    if budget is None:
        return [Missing("check", gettext("The meeting has no budget yet."), url)]
    out = []
    for alert in guard.open_alerts(budget):
        words = {"scope": alert.label, "share": alert.share, "tolerance": plain_number(alert.tolerance)}
        if alert.scope == TOTAL:
            text = gettext("The budget's forecast is %(share)s%% off the approved total (±%(tolerance)s%%).")
        else:
            text = gettext("%(scope)s forecasts %(share)s%% over its plan (tolerance %(tolerance)s%%).")
        out.append(Missing("check", text % words, url + "review/"))
    return out
