"""The API of signing and money: the agency sends and signs with a token, the supplier's person signs
through the portal API, then milestones, payments, penalties; errors keep their codes."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from tests.contracts.test_signing import approved

pytestmark = pytest.mark.integration


def test_sign_and_pay_through_the_api(api, client, tenant_a, django_capture_on_commit_callbacks):
    contract, _finance = approved(tenant_a)
    owner = api(tenant_a.raw_token)  # the owner: the PM, with the finance permission
    base = f"/api/v1/contracts/{contract.pk}"
    bad = owner.post(f"{base}/send", {"signatory_id": tenant_a.portal_user.pk})
    assert bad.status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        sent = owner.post(f"{base}/send", {"signatory_id": tenant_a.owner.pk})
    assert sent.status_code == 200 and sent.json()["state"] == "sent"
    seen = owner.get(base).json()["sha256"]
    # the supplier's person signs through the portal API
    client.force_login(tenant_a.portal_user)
    portal = f"/api/v1/portal/suppliers/{tenant_a.supplier.pk}/contracts"
    listed = [c for c in client.get(portal).json() if c["id"] == contract.pk]
    assert [c["yours_to_sign"] for c in listed] == [True] and listed[0]["sha256"] == seen
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{portal}/{contract.pk}/signing/start").status_code == 200
    code = re.search(r"^\s+(\d{6})$", mail.outbox[-1].body, re.M).group(1)
    stale = client.post(
        f"{portal}/{contract.pk}/signing/confirm",
        {"code": code, "seen": "0" * 64},
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["code"] == "contract_changed_since_sent"
    done = client.post(
        f"{portal}/{contract.pk}/signing/confirm",
        {"code": code, "seen": seen},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["signed_by_you_at"]
    # the agency's signatory
    with django_capture_on_commit_callbacks(execute=True):
        assert owner.post(f"{base}/signing/start").status_code == 200
    code = re.search(r"^\s+(\d{6})$", mail.outbox[-1].body, re.M).group(1)
    signed = owner.post(f"{base}/signing/confirm", {"code": code, "seen": seen})
    assert signed.json()["state"] == "signed" and signed.json()["check"] == "good"
    twice = owner.post(f"{base}/signing/confirm", {"code": code, "seen": seen})
    assert twice.status_code == 409 and twice.json()["code"] == "contract_signed_already"
    # money
    money = owner.get(f"{base}/money").json()
    advance = money["milestones"][0]
    assert [m["share"] for m in money["milestones"]] == ["30.00", "50.00", "20.00"] and advance["due_on"]
    today = timezone.localdate().isoformat()
    paid = owner.post(
        f"{base}/milestones/{advance['id']}/payments",
        {"amount": "2400.00", "paid_on": today, "reference": "BOC-1"},
    )
    assert paid.status_code == 201
    too_much = owner.post(
        f"{base}/milestones/{advance['id']}/payments",
        {"amount": "0.01", "paid_on": today, "reference": "BOC-2"},
    )
    assert too_much.status_code == 422 and too_much.json()["code"] == "contract_amount_too_much"
    three = owner.post(
        f"{base}/milestones/{advance['id']}/invoices",
        {"number": "1", "amount": "1.001", "tax_rate": "6", "received_on": "2026-01-01"},
    )
    assert three.status_code == 422 and three.json()["code"] == "contract_amount"
    other = owner.post(
        f"{base}/milestones/{advance['id']}/invoices",
        {"number": "1", "amount": "1", "tax_rate": "6", "received_on": "2026-01-01", "currency": "USD"},
    )
    assert other.status_code == 422 and other.json()["code"] == "contract_currency"
    refund = owner.post(f"{base}/smoothness", {"percent": "91"}).json()["adjustments"][0]
    decided = owner.post(f"{base}/adjustments/{refund['id']}/decide", {"accept": False, "reason": "协商免除"})
    assert decided.json()["adjustments"][0]["state"] == "waived"
    again = owner.post(f"{base}/adjustments/{refund['id']}/decide", {"accept": True})
    assert again.status_code == 409 and again.json()["code"] == "contract_adjustment_decided"
    committed = owner.get(f"/api/v1/meetings/{contract.meeting_id}/commitments").json()
    assert committed["committed"] == "8000.00"
    end = (timezone.localdate() + dt.timedelta(days=399)).isoformat()
    rows = owner.get(f"/api/v1/payments-calendar?start={today}&end={end}").json()
    assert sorted(r["left"] for r in rows) == ["0.00", "1600.00", "4000.00"]
    assert committed["paid"] == "2400.00"
