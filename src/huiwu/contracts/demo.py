"""The summit's contracts for the demo organisation, each through the same commands as the pages: the
AV supplier's signed by both sides (the supplier's person in the portal, finance's signatory in the
app) with the advance paid; the caterer's sent and awaiting the supplier's signature; the client
agreement signed through its link and in force. The one-time codes are set here (no mailbox to read)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from huiwu.core.tokens import hash_secret
from huiwu.orgs.models import Membership
from huiwu.suppliers.models import Supplier

from . import drafting, payments, selectors, signing
from .enums import Anchor, Side
from .models import Contract, Signer, Template

DEMO_CODE = "246810"


def _approved(summit, users, data: drafting.DraftInput):
    pm = summit.owner
    contract = drafting.draft(meeting=summit, actor=pm, data=data)
    drafting.submit(contract=contract, actor=pm)
    for username, role in (("zhangwei", "pm"), ("wangfang", "finance")):
        member = Membership.objects.filter(org=summit.org, user=users[username]).first()
        if member is not None and role in drafting.approver_role(member, contract):
            drafting.approve(contract=contract, membership=member, role=role)
    contract.refresh_from_db()
    return contract


def _sign(contract, side: str, ip: str) -> None:
    signer = Signer.objects.get(sending__contract=contract, sending__withdrawn_at__isnull=True, side=side)
    Signer.objects.filter(pk=signer.pk).update(
        code_hash=hash_secret(f"{signer.pk}:{DEMO_CODE}"),
        code_expires_at=timezone.now() + dt.timedelta(minutes=10),
    )
    data = signing.SignInput(code=DEMO_CODE, seen=signer.sending.digest, ip=ip, user_agent="Huiwu demo")
    signing.sign(signer=signer, data=data)


def _supplier_contract(summit, users, name: str):
    supplier = Supplier.objects.filter(org=summit.org, name__startswith=name).first()
    template = Template.objects.filter(org=summit.org, kind="supplier").first()
    quote = selectors.accepted_quote(summit, supplier) if supplier else None
    if supplier is None or template is None or quote is None:
        return None
    return _approved(summit, users, drafting.DraftInput(template=template, supplier=supplier, quote=quote))


def load(summit, users) -> None:
    if Contract.objects.filter(meeting=summit).exists():
        return
    finance = users["wangfang"]
    send = signing.SendInput(signatory=finance)
    av = _supplier_contract(summit, users, "声光")
    if av is not None:
        signing.send(contract=av, actor=summit.owner, data=send)
        _sign(av, Side.PARTY, "203.0.113.21")
        _sign(av, Side.AGENCY, "198.51.100.8")
        drafting.put_in_force(contract=av, actor=summit.owner)
        advance = av.milestones.get(anchor=Anchor.SIGNED)
        payments.record_invoice(
            milestone=advance,
            actor=finance,
            data=payments.InvoiceInput(
                number="31000261", amount=advance.amount, tax_rate="6", received_on=timezone.localdate()
            ),
        )
        payments.record_payment(
            milestone=advance,
            actor=finance,
            data=payments.PaymentInput(
                amount=advance.amount, paid_on=timezone.localdate(), reference="ICBC-20261207-0061"
            ),
        )
    catering = _supplier_contract(summit, users, "味和")
    if catering is not None:
        signing.send(contract=catering, actor=summit.owner, data=send)  # awaiting the caterer's signature
    client_template = Template.objects.filter(org=summit.org, kind="client").first()
    if client_template is not None and summit.client_id:
        data = drafting.DraftInput(template=client_template, client=summit.client, total="680000.00")
        agreement = _approved(summit, users, data)
        signing.send(contract=agreement, actor=summit.owner, data=send)
        _sign(agreement, Side.PARTY, "203.0.113.50")
        _sign(agreement, Side.AGENCY, "198.51.100.8")
        drafting.put_in_force(contract=agreement, actor=summit.owner)
