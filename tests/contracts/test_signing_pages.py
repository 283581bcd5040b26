"""The signing doors: the agency sends from the contract's page, the supplier signs in its portal (its
own contracts only), the client by its link, the agency's signatory in the app; each sees the signed
PDF; a wrong code, an expired link and a stranger are refused without a change."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from huiwu.contracts.enums import Side, State
from huiwu.contracts.models import Signer
from huiwu.orgs.models import Membership
from tests.contracts.test_signing import approved, code_in_mail

pytestmark = pytest.mark.integration


def test_send_sign_in_the_portal_and_the_app(client, tenant_a, tenant_b, django_capture_on_commit_callbacks):
    contract, signatory = approved(tenant_a)
    org = tenant_a.org.slug
    page = reverse("contracts:contract", kwargs={"org": org, "contract": contract.pk})
    client.force_login(tenant_a.owner)
    shown = client.get(page).content.decode()
    assert 'data-testid="send"' in shown and tenant_a.portal_user.email in shown
    bad = client.post(page, {"action": "send", "signatory": "", "party": f"u{tenant_a.portal_user.pk}"})
    assert bad.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            page, {"action": "send", "signatory": signatory.pk, "party": f"u{tenant_a.portal_user.pk}"}
        )
    assert done.status_code == 302
    contract.refresh_from_db()
    assert contract.state == State.SENT
    portal = reverse("portal:contract", kwargs={"supplier": tenant_a.supplier.pk, "contract": contract.pk})
    assert portal in "".join(m.body for m in mail.outbox)
    # another organisation's supplier person sees nothing of it
    client.force_login(tenant_b.portal_user)
    assert client.get(portal).status_code == 404
    client.force_login(tenant_a.portal_user)
    seen = client.get(portal).content.decode()
    digest = re.search(r'name="seen" value="([0-9a-f]{64})"', seen).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(portal, {"action": "code"})
    party = Signer.objects.get(sending__contract=contract, side=Side.PARTY)
    bad_code = "000000" if code_in_mail(party) != "000000" else "1"
    wrong = client.post(
        portal, {"action": "sign", "code": bad_code, "seen": digest, "agree": "on"}, follow=True
    )
    assert "验证码不正确" in wrong.content.decode() or "code" in wrong.content.decode()
    contract.refresh_from_db()
    assert contract.state == State.SENT
    client.post(portal, {"action": "sign", "code": code_in_mail(party), "seen": digest, "agree": "on"},
                REMOTE_ADDR="198.51.100.4")  # fmt: skip
    contract.refresh_from_db()
    party.refresh_from_db()
    assert contract.state == State.PARTLY_SIGNED and party.ip == "198.51.100.4"
    # the agency's signatory signs in the app
    client.force_login(signatory)
    shown = client.get(page).content.decode()
    assert 'data-testid="signing"' in shown
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page, {"action": "code"})
    agency = Signer.objects.get(sending__contract=contract, side=Side.AGENCY)
    client.post(page, {"action": "sign", "code": code_in_mail(agency), "seen": digest, "agree": "on"})
    contract.refresh_from_db()
    assert contract.state == State.SIGNED
    pdf = client.get(reverse("contracts:signed-pdf", kwargs={"org": org, "contract": contract.pk}))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).count(b"/ByteRange") == 2
    assert 'data-testid="verdict" class="ok"' in client.get(page).content.decode()
    client.force_login(tenant_a.portal_user)
    portal_pdf = reverse(
        "portal:contract-pdf", kwargs={"supplier": tenant_a.supplier.pk, "contract": contract.pk}
    )
    assert b"".join(client.get(portal_pdf).streaming_content).count(b"/ByteRange") == 2
    assert client.post(portal, {"action": "code"}).status_code == 302  # refused with a message, no change


def test_the_client_signs_by_its_link_until_it_expires(client, tenant_a, django_capture_on_commit_callbacks):
    contract = tenant_a.contract
    tenant_a.meeting.owner = tenant_a.owner
    tenant_a.meeting.save()
    tenant_a.contact.email = "client@example.com"
    tenant_a.contact.save()
    from huiwu.contracts import drafting, signing
    from huiwu.orgs.enums import Role
    from tests.conftest import member

    drafting.submit(contract=contract, actor=None)
    drafting.approve(
        contract=contract, membership=Membership.objects.get(user=tenant_a.owner, org=tenant_a.org), role="pm"
    )
    drafting.approve(contract=contract, membership=member(tenant_a.org, Role.FINANCE), role="finance")
    with django_capture_on_commit_callbacks(execute=True):
        signing.send(contract=contract, actor=None, data=signing.SendInput(signatory=tenant_a.owner))
    link = re.search(r"(/portal/sign/[^/\s]+/)", mail.outbox[-1].body).group(1)
    assert client.get("/portal/sign/not-a-token/").status_code == 404
    page = client.get(link)
    assert page.status_code == 200 and contract.number in page.content.decode()
    got = client.get(link + "contract.pdf")
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF")
    party = Signer.objects.get(sending__contract=contract, side=Side.PARTY)
    Signer.objects.filter(pk=party.pk).update(link_expires_at=party.link_expires_at - dt.timedelta(days=30))
    expired = client.get(link)
    assert expired.status_code == 410 and 'data-testid="link-expired"' in expired.content.decode()
    client.post(link, {"action": "code"})
    party.refresh_from_db()
    assert not party.code_hash
