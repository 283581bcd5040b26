"""The summit's contracts for the demo organisation: the AV supplier's drawn from its accepted quote and
approved by finance and the PM (ready to send for signature), the client agreement in review."""

from __future__ import annotations

from huiwu.orgs.models import Membership
from huiwu.suppliers.models import Supplier

from . import drafting, selectors
from .models import Contract, Template


def load(summit, users) -> None:
    if Contract.objects.filter(meeting=summit).exists():
        return
    org, pm = summit.org, summit.owner
    av = Supplier.objects.filter(org=org, name__startswith="声光").first()
    template = Template.objects.filter(org=org, kind="supplier").first()
    quote = selectors.accepted_quote(summit, av) if av else None
    if av is not None and template is not None and quote is not None:
        data = drafting.DraftInput(template=template, supplier=av, quote=quote)
        contract = drafting.draft(meeting=summit, actor=pm, data=data)
        drafting.submit(contract=contract, actor=pm)
        for username, role in (("zhangwei", "pm"), ("wangfang", "finance")):
            member = Membership.objects.filter(org=org, user=users[username]).first()
            if member is not None and role in drafting.approver_role(member, contract):
                drafting.approve(contract=contract, membership=member, role=role)
    client_template = Template.objects.filter(org=org, kind="client").first()
    if client_template is not None and summit.client_id:
        data = drafting.DraftInput(template=client_template, client=summit.client, total="680000.00")
        agreement = drafting.draft(meeting=summit, actor=pm, data=data)
        drafting.submit(contract=agreement, actor=pm)
