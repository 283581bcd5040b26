"""Sending and e-signing: the PDF made once, each party's identity confirmed by a one-time code, a real
PAdES signature per party that pyHanko's validator accepts against the organisation's CA, tampering
detected, the audit kept; what must be refused is refused and changes nothing."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huiwu.contracts import drafting, esign, signing
from huiwu.contracts.enums import Side, State
from huiwu.contracts.errors import (
    ChangedSinceSent,
    CodeExpired,
    CodeLocked,
    CodeTooSoon,
    CodeWrong,
    LinkExpired,
    ScanInvalid,
    SignatureInvalid,
    SignedAlready,
    SignerInvalid,
    WrongState,
)
from huiwu.contracts.models import Authority, Signer
from huiwu.core.models import AuditEntry
from huiwu.orgs.enums import Role
from huiwu.orgs.models import Membership
from tests.conftest import member
from tests.contracts.test_drafting import supplier_contract

pytestmark = pytest.mark.integration


def approved(tenant):
    contract = supplier_contract(tenant)
    drafting.submit(contract=contract, actor=None)
    pm = Membership.objects.get(org=tenant.org, user=tenant.owner)
    finance = member(tenant.org, Role.FINANCE)
    drafting.approve(contract=contract, membership=pm, role="pm")
    drafting.approve(contract=contract, membership=finance, role="finance")
    contract.refresh_from_db()
    return contract, finance.user


def read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def ask_code(signer, now=None):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return signing.request_code(signer=signer, now=now)


def code_in_mail(signer: Signer) -> str:
    codes = [re.search(r"^\s+(\d{6})$", m.body, re.M) for m in mail.outbox if signer.email in m.to]
    return [c for c in codes if c][-1].group(1)


def sign_as(signer, *, now=None, ip="203.0.113.7"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        signing.request_code(signer=signer, now=now)
    data = signing.SignInput(
        code=code_in_mail(signer), seen=signer.sending.digest, ip=ip, user_agent="pytest"
    )
    return signing.sign(signer=signer, data=data, now=now)


def sent(tenant, django_capture_on_commit_callbacks):
    contract, signatory = approved(tenant)
    with django_capture_on_commit_callbacks(execute=True):
        sending = signing.send(
            contract=contract, actor=tenant.owner, data=signing.SendInput(signatory=signatory)
        )
    return contract, sending


def test_each_party_signs_with_a_code_and_the_pdf_validates(tenant_a, django_capture_on_commit_callbacks):
    assert Authority.objects.filter(org=tenant_a.org).exists()  # made when the organisation was set up
    contract, sending = sent(tenant_a, django_capture_on_commit_callbacks)
    contract.refresh_from_db()
    assert contract.state == State.SENT and sending.document_sha256 == esign.sha256(read(sending.document))
    party = sending.signers.get(side=Side.PARTY)
    agency = sending.signers.get(side=Side.AGENCY)
    assert party.user == tenant_a.portal_user and any("/portal/" in m.body for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        contract = sign_as(party)
    assert contract.state == State.PARTLY_SIGNED
    with django_capture_on_commit_callbacks(execute=True):
        contract = sign_as(agency)
    assert contract.state == State.SIGNED and contract.signed_at is not None
    verdict = signing.verdict_of(contract)
    assert verdict.good and verdict.fields() == {"agency", "party"}
    assert {s.name for s in verdict.signatures} == {party.name, agency.name}
    assert {s.signer for s in verdict.signatures} == {party.name, tenant_a.org.name}  # the org's certificate
    party.refresh_from_db()
    assert party.ip == "203.0.113.7" and party.sha256_before == sending.document_sha256
    signed = AuditEntry.objects.filter(action="contracts.contract.signed", target_id=str(contract.pk))
    assert signed.count() == 2 and {e.data["side"] for e in signed} == {"agency", "party"}
    with pytest.raises(SignedAlready):
        sign_as(party)


def test_tampering_and_foreign_pdfs_are_detected(tenant_a, tenant_b, django_capture_on_commit_callbacks):
    contract, sending = sent(tenant_a, django_capture_on_commit_callbacks)
    contract = sign_as(sending.signers.get(side=Side.PARTY))
    sending.refresh_from_db()
    good = read(sending.signed)
    flipped = bytearray(good)
    flipped[len(good) // 3] ^= 0x01
    assert not signing.verdict_of(contract, bytes(flipped)).good
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(good))  # a page changed in an update after signing
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    verdict = signing.verdict_of(contract, out.getvalue())
    assert not verdict.good and (verdict.trailing or any(s.changed_after for s in verdict.signatures))
    # the same bytes checked against another organisation's CA do not hold
    other = Authority.objects.get(org=tenant_b.org).ca_cert.encode()
    assert not esign.verify(good, ca_cert_pem=other).good


def test_a_contract_changed_after_sending_is_sent_again(tenant_a, django_capture_on_commit_callbacks):
    contract, sending = sent(tenant_a, django_capture_on_commit_callbacks)
    party = sending.signers.get(side=Side.PARTY)
    ask_code(party)
    code = code_in_mail(party)
    drafting.back_to_draft(contract=contract, actor=None)
    rows = [drafting.ClauseText(c.title, c.text + "。") for c in contract.clauses.all()]
    drafting.change_clauses(
        contract=contract, actor=None, clauses=rows, reason="改", version=contract.version
    )
    with pytest.raises(ChangedSinceSent):
        signing.sign(signer=party, data=signing.SignInput(code=code, seen=sending.digest))
    contract.refresh_from_db()
    assert contract.state == State.DRAFT and not Signer.objects.filter(signed_at__isnull=False).exists()


def test_codes_links_and_signers_refused_clearly(tenant_a, django_capture_on_commit_callbacks):
    contract, sending = sent(tenant_a, django_capture_on_commit_callbacks)
    party = sending.signers.get(side=Side.PARTY)
    now = timezone.now()
    with pytest.raises(CodeExpired):  # none asked for
        signing.sign(signer=party, data=signing.SignInput(code="000000", seen=sending.digest), now=now)
    ask_code(party, now)
    with pytest.raises(CodeTooSoon):
        signing.request_code(signer=party, now=now + dt.timedelta(seconds=30))
    right = code_in_mail(party)
    wrong = "111111" if right != "111111" else "222222"
    for _ in range(signing.CODE_TRIES):
        with pytest.raises(CodeWrong):
            signing.sign(signer=party, data=signing.SignInput(code=wrong, seen=sending.digest), now=now)
    with pytest.raises(CodeLocked):  # the tries were counted although each attempt was refused
        signing.sign(signer=party, data=signing.SignInput(code=right, seen=sending.digest), now=now)
    later = now + dt.timedelta(minutes=11)
    ask_code(party, later)
    with pytest.raises(CodeExpired):
        signing.sign(
            signer=party,
            data=signing.SignInput(code=code_in_mail(party), seen=sending.digest),
            now=later + dt.timedelta(minutes=11),
        )
    with pytest.raises(ChangedSinceSent):  # what the signer was shown is not what was sent
        signing.sign(signer=party, data=signing.SignInput(code=right, seen="0" * 64), now=later)
    contract.refresh_from_db()
    assert contract.state == State.SENT and not sending.signers.filter(signed_at__isnull=False).exists()
    viewer = member(tenant_a.org, Role.VIEWER).user
    drafting.back_to_draft(contract=contract, actor=None)
    drafting.submit(contract=contract, actor=None)
    pm = Membership.objects.get(org=tenant_a.org, user=tenant_a.owner)
    drafting.approve(contract=contract, membership=pm, role="pm")  # finance's approval of v1 stands
    with pytest.raises(SignerInvalid):
        signing.send(contract=contract, actor=None, data=signing.SendInput(signatory=viewer))


def test_the_clients_link_expires_and_is_renewed(tenant_a, django_capture_on_commit_callbacks):
    contract = tenant_a.contract  # the client agreement
    tenant_a.meeting.owner = tenant_a.owner
    tenant_a.meeting.save()
    drafting.submit(contract=contract, actor=None)
    drafting.approve(
        contract=contract, membership=Membership.objects.get(org=tenant_a.org, user=tenant_a.owner), role="pm"
    )
    with pytest.raises(WrongState):
        signing.send(contract=contract, actor=None, data=signing.SendInput(signatory=tenant_a.owner))
    drafting.approve(contract=contract, membership=member(tenant_a.org, Role.FINANCE), role="finance")
    tenant_a.contact.email = "client@example.com"
    tenant_a.contact.save()
    with django_capture_on_commit_callbacks(execute=True):
        sending = signing.send(
            contract=contract, actor=None, data=signing.SendInput(signatory=tenant_a.owner)
        )
    party = sending.signers.get(side=Side.PARTY)
    assert party.email == "client@example.com" and party.token_hash
    too_late = party.link_expires_at + dt.timedelta(seconds=1)
    with pytest.raises(LinkExpired):
        signing.request_code(signer=party, now=too_late)
    signing.renew_link(signer=party, actor=None, now=too_late)
    party.refresh_from_db()
    ask_code(party, too_late)


def test_paper_signing_keeps_the_scan_and_refuses_a_forged_signed_pdf(
    tenant_a, django_capture_on_commit_callbacks
):
    contract, sending = sent(tenant_a, django_capture_on_commit_callbacks)
    contract = sign_as(sending.signers.get(side=Side.PARTY))
    sending.refresh_from_db()
    forged = bytearray(read(sending.signed))
    forged[len(forged) // 2] ^= 0x01
    today = timezone.localdate()
    with pytest.raises(SignatureInvalid):
        signing.record_paper(contract=contract, actor=None, scan=bytes(forged), signed_on=today)
    with pytest.raises(ScanInvalid):
        signing.record_paper(contract=contract, actor=None, scan=b"MZ not a scan", signed_on=today)
    with pytest.raises(ScanInvalid):
        signing.record_paper(
            contract=contract, actor=None, scan=b"%PDF-1.4 scan", signed_on=today + dt.timedelta(days=1)
        )
    contract.refresh_from_db()
    assert contract.state == State.PARTLY_SIGNED and not contract.scan
    done = signing.record_paper(
        contract=contract, actor=tenant_a.owner, scan=b"%PDF-1.4 scan", signed_on=today
    )
    assert done.state == State.SIGNED and done.scan_sha256 == esign.sha256(b"%PDF-1.4 scan")


STEPS = st.lists(
    st.sampled_from(["send", "party", "agency", "draft", "review", "paper"]), min_size=1, max_size=8
)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=STEPS)
def test_no_path_reaches_signed_without_every_partys_signature(tenant_a, steps):
    """Whatever the order of sending, signing, withdrawing, reviewing and paper records, a contract is
    signed only with both parties' signatures on its current sending, or a paper record."""
    if not hasattr(tenant_a, "_signed_case"):
        tenant_a._signed_case = approved(tenant_a)
    contract, signatory = tenant_a._signed_case
    contract.sendings.all().delete()
    type(contract).objects.filter(pk=contract.pk).update(state=State.APPROVED, scan="", signed_at=None)
    pm = Membership.objects.get(org=tenant_a.org, user=tenant_a.owner)
    finance = Membership.objects.get(org=tenant_a.org, user=signatory)
    for step in steps:
        contract.refresh_from_db()
        sending = signing.current_sending(contract)
        try:
            if step == "send":
                signing.send(contract=contract, actor=None, data=signing.SendInput(signatory=signatory))
            elif step in ("party", "agency") and sending is not None:
                sign_as(sending.signers.get(side=step))
            elif step == "draft":
                drafting.back_to_draft(contract=contract, actor=None)
            elif step == "review":
                drafting.submit(contract=contract, actor=None)
                drafting.approve(contract=contract, membership=pm, role="pm")
                drafting.approve(contract=contract, membership=finance, role="finance")
            elif step == "paper":
                signing.record_paper(
                    contract=contract, actor=None, scan=b"%PDF-1.4", signed_on=timezone.localdate()
                )
        except (WrongState, SignedAlready, ChangedSinceSent, CodeTooSoon):
            pass
        contract.refresh_from_db()
        if contract.state == State.SIGNED:
            current = contract.sendings.order_by("-number").first()
            everyone = current is not None and not current.signers.filter(signed_at__isnull=True).exists()
            assert everyone or contract.scan
            return  # signed for good: this example is over
