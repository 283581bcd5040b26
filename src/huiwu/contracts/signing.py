"""Sending an approved contract for signature and signing it (``esign`` does the cryptography).

- ``send``: the approved version rendered once as the PDF to sign (its two signature fields empty),
  with a signer per side — the agency's signatory (a member with the finance role), the supplier's
  person (one of its portal people) or the client's contact (a signing link by e-mail).
- ``request_code`` / ``sign``: the signer's identity confirmed by a one-time code to their e-mail,
  then a PAdES signature appended to the PDF (the agency by the organisation's certificate, the
  counterparty by one issued for them at that moment by the organisation's CA); the audit keeps who,
  when, from which address and the hashes before and after. Each party signs once; a contract that
  changed since it was sent is not signed (it goes out again); the last signature makes it ``SIGNED``.
- ``record_paper``: signed on paper instead, the scanned copy kept; a PDF carrying signatures that do
  not hold is refused.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.accounts.models import User
from huiwu.attendees import crypto
from huiwu.clients.models import Contact
from huiwu.core.audit import log_action, register_actions
from huiwu.core.tokens import hash_secret, new_secret
from huiwu.notifications.services import notify
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership, Organization
from huiwu.orgs.rules import can
from huiwu.suppliers.models import PortalUser
from huiwu.webhooks.services import emit

from . import esign, pdf
from .drafting import move
from .enums import Side, State
from .errors import (
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
from .models import Authority, Contract, Sending, Signer

register_actions(
    {
        "contracts.contract.sent": gettext_lazy("Contract sent for signature"),
        "contracts.contract.code_sent": gettext_lazy("Signing code sent"),
        "contracts.contract.signed": gettext_lazy("Contract signed by a party"),
        "contracts.contract.link_renewed": gettext_lazy("Signing link sent again"),
        "contracts.contract.paper": gettext_lazy("Contract recorded as signed on paper"),
    }
)

CODE_MINUTES = 10
CODE_EVERY_SECONDS = 60
CODE_TRIES = 5
LINK_DAYS = 14
SCAN_BYTES = 20 * 1024 * 1024


# ---- the organisation's certificate authority -------------------------------------------------------


def authority(org: Organization) -> Authority:
    """The organisation's CA and signing certificate, made the first time (at set-up, by a receiver)."""
    found = Authority.objects.filter(org=org).first()
    if found is not None:
        return found
    now = timezone.now()
    ca = esign.make_ca(org.name, now=now)
    own = esign.issue(ca, common=org.name, org=org.name, now=now, days=3649)
    try:
        with transaction.atomic():
            return Authority.objects.create(
                org=org, ca_cert=ca.cert_pem.decode(), ca_key=crypto.encrypt(ca.key_pem.decode()),
                cert=own.cert_pem.decode(), key=crypto.encrypt(own.key_pem.decode()),
            )  # fmt: skip
    except IntegrityError:  # made at the same moment by another request
        return Authority.objects.get(org=org)


def _ca(found: Authority) -> esign.KeyPair:
    return esign.KeyPair(found.ca_cert.encode(), crypto.decrypt(found.ca_key).encode())


def _own(found: Authority) -> esign.KeyPair:
    return esign.KeyPair(found.cert.encode(), crypto.decrypt(found.key).encode())


# ---- sending ----------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SendInput:
    signatory: User  # the agency's signatory: a member with the finance role
    party_user: User | None = None  # the supplier's signer: one of its portal people (default: the first)
    contact: Contact | None = None  # the client's signer: one of its contacts with an e-mail (default: first)


def current_sending(contract: Contract) -> Sending | None:
    return contract.sendings.filter(withdrawn_at__isnull=True).order_by("-number").first()


def _party_signer(contract: Contract, data: SendInput) -> dict[str, Any]:
    if contract.supplier_id is not None:
        people = PortalUser.objects.filter(supplier_id=contract.supplier_id, revoked_at__isnull=True)
        if data.party_user is not None:
            people = people.filter(user=data.party_user)
        person = people.select_related("user").order_by("created_at").first()
        if person is None:
            raise SignerInvalid(
                gettext("The supplier signs in its portal: invite one of its people to the portal first."),
                details={"field": "party_user"},
            )
        return {
            "name": person.user.name or person.user.email,
            "email": person.user.email,
            "user": person.user,
        }
    contacts = Contact.objects.filter(client=contract.client).exclude(email="")
    if data.contact is not None:
        contacts = contacts.filter(pk=data.contact.pk)
    contact = contacts.order_by("id").first()
    if contact is None:
        raise SignerInvalid(
            gettext("The client signs by a link sent by e-mail: give one of its contacts an e-mail address."),
            details={"field": "contact"},
        )
    return {"name": contact.name, "email": contact.email, "user": None}


def _save(field: Any, name: str, data: bytes) -> None:
    field.save(name, ContentFile(data), save=False)


def _mail(subject: str, template: str, words: dict[str, Any], to: str) -> None:
    body = render_to_string(template, words)
    transaction.on_commit(lambda: send_mail(subject, body, None, [to], fail_silently=True))


def party_link(contract: Contract, signer: Signer, raw: str = "") -> str:
    """Where the counterparty signs: the supplier in its portal, the client by its signing link."""
    if contract.supplier_id is not None:
        path = reverse("portal:contract", kwargs={"supplier": contract.supplier_id, "contract": contract.pk})
    else:
        path = reverse("portal:sign", kwargs={"token": raw})
    return settings.SITE_URL + path


@transaction.atomic
def send(
    *, contract: Contract, actor: User | None, data: SendInput, now: dt.datetime | None = None
) -> Sending:
    """An approved contract goes out for signature: the PDF to sign made once, a signer per side; the
    counterparty told where to sign, the agency's signatory told in the app."""
    now = now or timezone.now()
    locked = Contract.objects.select_for_update().select_related("org", "meeting").get(pk=contract.pk)
    if locked.state != State.APPROVED:
        raise WrongState(gettext("Only an approved contract is sent for signature."))
    member = Membership.objects.filter(org=locked.org, user=data.signatory).first()
    if member is None or not can(member, Perm.EDIT_FINANCE):
        raise SignerInvalid(
            gettext("The agency's signatory is a member with the finance role."),
            details={"field": "signatory"},
        )
    party = _party_signer(locked, data)
    agency_name = data.signatory.name or data.signatory.email
    left, right = pdf.sides(locked)
    document = esign.prepare(
        pdf.contract_pdf(locked, signatories={Side.AGENCY: agency_name, Side.PARTY: party["name"]}),
        left=left, right=right,
    )  # fmt: skip
    Sending.objects.filter(contract=locked, withdrawn_at__isnull=True).update(withdrawn_at=now)
    number = (locked.sendings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    sending = Sending(
        contract=locked, number=number, version=locked.version, digest=pdf.digest(locked),
        document_sha256=esign.sha256(document), sent_at=now, sent_by=actor,
    )  # fmt: skip
    _save(sending.document, f"{pdf.document_id(locked)}-s{number}.pdf", document)
    sending.save()
    raw = new_secret()
    party_signer = Signer.objects.create(
        sending=sending, side=Side.PARTY, name=party["name"][:100], email=party["email"], user=party["user"],
        token_hash=hash_secret(raw) if locked.client_id else "",
        link_expires_at=now + dt.timedelta(days=LINK_DAYS) if locked.client_id else None,
    )  # fmt: skip
    Signer.objects.create(
        sending=sending, side=Side.AGENCY, name=agency_name[:100], email=data.signatory.email,
        user=data.signatory,
    )  # fmt: skip
    authority(locked.org)
    move(locked, State.SENT, actor)
    audit = {"sending": number, "version": locked.version, "sha256": sending.document_sha256}
    log_action("contracts.contract.sent", target=locked, actor=actor, org=locked.org, data=audit)
    link = party_link(locked, party_signer, raw)
    words = {"org": locked.org.name, "number": locked.number, "title": locked.title, "link": link,
             "days": LINK_DAYS, "client": bool(locked.client_id)}  # fmt: skip
    _mail(gettext("%(org)s sends you contract %(number)s to sign") % words,
          "contracts/email/sign_request.txt", words, party["email"])  # fmt: skip
    if party["user"] is not None:
        notify(user=party["user"], title=gettext("Contract %(number)s to sign") % words, url=link)
    own_url = reverse("contracts:contract", kwargs={"org": locked.org.slug, "contract": locked.pk})
    notify(user=data.signatory, org=locked.org, url=own_url,
           title=gettext("Contract %(number)s awaits your signature") % words)  # fmt: skip
    emit(locked.org, "contract.sent", _payload(locked, sending))
    return sending


def _payload(contract: Contract, sending: Sending) -> dict[str, Any]:
    return {
        "contract": contract.pk,
        "number": contract.number,
        "meeting": contract.meeting_id,
        "state": contract.state,
        "version": sending.version,
        "sha256": sending.document_sha256,
    }


@transaction.atomic
def renew_link(*, signer: Signer, actor: User | None, now: dt.datetime | None = None) -> str:
    """The client's signing link again, valid another 14 days (the old one no longer works)."""
    now = now or timezone.now()
    signer = Signer.objects.select_for_update().select_related("sending__contract__org").get(pk=signer.pk)
    contract = signer.sending.contract
    if contract.client_id is None or signer.side != Side.PARTY:
        raise SignerInvalid()
    _signable(signer, now, check_link=False)
    raw = new_secret()
    signer.token_hash = hash_secret(raw)
    signer.link_expires_at = now + dt.timedelta(days=LINK_DAYS)
    signer.save(update_fields=["token_hash", "link_expires_at"])
    log_action("contracts.contract.link_renewed", target=contract, actor=actor, org=contract.org, data={})
    words = {"org": contract.org.name, "number": contract.number, "title": contract.title,
             "link": party_link(contract, signer, raw), "days": LINK_DAYS, "client": True}  # fmt: skip
    _mail(gettext("%(org)s sends you contract %(number)s to sign") % words,
          "contracts/email/sign_request.txt", words, signer.email)  # fmt: skip
    return raw


# ---- signing ----------------------------------------------------------------------------------------


def _signable(signer: Signer, now: dt.datetime, *, check_link: bool = True) -> None:
    """What must hold for this signer to sign now (``sign`` checks it again under the contract's lock)."""
    sending = signer.sending
    contract = sending.contract
    if signer.signed_at is not None:
        raise SignedAlready()
    newest = current_sending(contract)
    if (
        sending.withdrawn_at is not None
        or newest is None
        or newest.pk != sending.pk
        or contract.version != sending.version
        or pdf.digest(contract) != sending.digest
    ):
        raise ChangedSinceSent()
    if contract.state not in (State.SENT, State.PARTLY_SIGNED):
        raise WrongState()
    if check_link and signer.link_expires_at is not None and now > signer.link_expires_at:
        raise LinkExpired()


def _masked(email: str) -> str:
    name, _at, domain = email.partition("@")
    return f"{name[:2]}***@{domain}"


def request_code(*, signer: Signer, now: dt.datetime | None = None) -> str:
    """A six-digit code to the signer's e-mail, valid ten minutes; one a minute at most. Returns where
    it went (masked)."""
    now = now or timezone.now()
    with transaction.atomic():
        signer = Signer.objects.select_for_update().select_related("sending__contract__org").get(pk=signer.pk)
        _signable(signer, now)
        if signer.code_sent_at and (now - signer.code_sent_at).total_seconds() < CODE_EVERY_SECONDS:
            raise CodeTooSoon()
        code = f"{secrets.randbelow(10**6):06d}"
        signer.code_hash = hash_secret(f"{signer.pk}:{code}")
        signer.code_sent_at = now
        signer.code_expires_at = now + dt.timedelta(minutes=CODE_MINUTES)
        signer.code_tries = 0
        signer.save(update_fields=["code_hash", "code_sent_at", "code_expires_at", "code_tries"])
        contract = signer.sending.contract
        log_action("contracts.contract.code_sent", target=contract, actor=signer.user, org=contract.org,
                   data={"side": signer.side, "to": _masked(signer.email)})  # fmt: skip
        words = {"code": code, "minutes": CODE_MINUTES, "number": contract.number, "org": contract.org.name}
        _mail(gettext("Your code to sign contract %(number)s: %(code)s") % words,
              "contracts/email/sign_code.txt", words, signer.email)  # fmt: skip
    return _masked(signer.email)


def _check_code(signer_pk: int, code: str, now: dt.datetime) -> None:
    """The code, checked in its own transaction: a wrong try is counted even though signing stops."""
    with transaction.atomic():
        signer = Signer.objects.select_for_update().get(pk=signer_pk)
        if signer.code_tries >= CODE_TRIES:
            raise CodeLocked()
        if not signer.code_hash or signer.code_expires_at is None or now > signer.code_expires_at:
            raise CodeExpired()
        if not secrets.compare_digest(signer.code_hash, hash_secret(f"{signer.pk}:{(code or '').strip()}")):
            Signer.objects.filter(pk=signer.pk).update(code_tries=signer.code_tries + 1)
            wrong = CodeWrong()
        else:
            return
    raise wrong


@dataclass(frozen=True, kw_only=True)
class SignInput:
    code: str
    seen: str  # the SHA-256 of the contract's content the signer was shown (``pdf.digest``)
    ip: str | None = None
    user_agent: str = ""


def sign(*, signer: Signer, data: SignInput, now: dt.datetime | None = None) -> Contract:
    """The signer's signature, after their code: appended to the PDF under the contract's lock."""
    now = now or timezone.now()
    signer = Signer.objects.select_related("sending__contract__org").get(pk=signer.pk)
    _signable(signer, now)
    if data.seen != signer.sending.digest:
        raise ChangedSinceSent()
    _check_code(signer.pk, data.code, now)
    with transaction.atomic():
        contract = (
            Contract.objects.select_for_update()
            .select_related("org", "meeting")
            .get(pk=signer.sending.contract_id)
        )
        signer = Signer.objects.select_for_update().select_related("sending").get(pk=signer.pk)
        signer.sending.contract = contract
        _signable(signer, now)
        sending = signer.sending
        source = sending.signed if sending.signed else sending.document
        with source.open("rb") as handle:
            before = handle.read()
        found = authority(contract.org)
        organisation = contract.org.name if signer.side == Side.AGENCY else contract.party.name
        if signer.side == Side.AGENCY:
            keys = _own(found)
        else:
            keys = esign.issue(_ca(found), common=signer.name, org=organisation, email=signer.email,
                               now=now, days=3649)  # fmt: skip
        before_sha = esign.sha256(before)
        stamp = pdf.stamp_pdf(name=signer.name, organisation=organisation, at=now, sha256=before_sha)
        after = esign.sign(
            before, field_name=signer.side, signer=keys, ca=_ca(found), name=signer.name,
            reason=gettext("Signs contract %(number)s") % {"number": contract.number},
            location=contract.meeting.city or "", stamp_pdf=stamp,
        )  # fmt: skip
        _save(sending.signed, f"{pdf.document_id(contract)}-s{sending.number}-signed.pdf", after)
        sending.signed_sha256 = esign.sha256(after)
        sending.save(update_fields=["signed", "signed_sha256"])
        signer.signed_at = now
        signer.ip = data.ip or None
        signer.user_agent = (data.user_agent or "")[:300]
        signer.sha256_before = before_sha
        signer.sha256_after = sending.signed_sha256
        signer.certificate = f"CN={signer.name}, O={organisation}"[:300]
        signer.code_hash = ""
        signer.save()
        log_action("contracts.contract.signed", target=contract, actor=signer.user, org=contract.org,
                   data={"side": signer.side, "name": signer.name, "ip": signer.ip or "",
                         "sha256_before": before_sha, "sha256_after": sending.signed_sha256})  # fmt: skip
        everyone = not sending.signers.filter(signed_at__isnull=True).exists()
        if everyone:
            contract.signed_at = now
            contract.save(update_fields=["signed_at", "updated_at"])
        if everyone or contract.state != State.PARTLY_SIGNED:
            move(contract, State.SIGNED if everyone else State.PARTLY_SIGNED, signer.user)
        _tell_signed(contract, signer, everyone)
        if everyone:
            emit(contract.org, "contract.signed", _payload(contract, sending))
    return contract


def _tell_signed(contract: Contract, signer: Signer, everyone: bool) -> None:
    words = {"number": contract.number, "name": signer.name}
    title = (
        gettext("Contract %(number)s is signed by both parties") % words
        if everyone
        else gettext("%(name)s signed contract %(number)s") % words
    )
    url = reverse("contracts:contract", kwargs={"org": contract.org.slug, "contract": contract.pk})
    told = {u for u in (contract.meeting.owner,) if u is not None}
    told |= {s.user for s in signer.sending.signers.select_related("user") if s.user is not None}
    for user in told:
        is_member = Membership.objects.filter(org=contract.org, user=user, is_active=True).exists()
        notify(user=user, org=contract.org if is_member else None, title=title,
               url=url if is_member else party_link(contract, signer))  # fmt: skip


# ---- signed on paper --------------------------------------------------------------------------------

_KINDS = {b"%PDF-": ".pdf", b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}


@transaction.atomic
def record_paper(
    *, contract: Contract, actor: User | None, scan: bytes, signed_on: dt.date, now: dt.datetime | None = None
) -> Contract:
    """Signed on paper: the scanned copy kept with its hash; a PDF that carries digital signatures must
    carry ones that hold (this organisation's, intact, of this contract)."""
    now = now or timezone.now()
    locked = Contract.objects.select_for_update().select_related("org").get(pk=contract.pk)
    if locked.state not in (State.APPROVED, State.SENT, State.PARTLY_SIGNED):
        raise WrongState()
    suffix = next((s for magic, s in _KINDS.items() if scan.startswith(magic)), None)
    if suffix is None or len(scan) > SCAN_BYTES:
        raise ScanInvalid(details={"field": "scan"})
    if signed_on > timezone.localdate(now):
        raise ScanInvalid(
            gettext("The day it was signed cannot be in the future."), details={"field": "signed_on"}
        )
    if suffix == ".pdf" and b"/ByteRange" in scan:
        verdict = esign.verify(scan, ca_cert_pem=authority(locked.org).ca_cert.encode())
        if not verdict.good:
            raise SignatureInvalid(details={"field": "scan"})
    _save(locked.scan, f"{locked.number}-paper{suffix}", scan)
    locked.scan_sha256 = esign.sha256(scan)
    locked.paper_signed_on = signed_on
    locked.paper_recorded_by = actor
    locked.signed_at = now
    locked.save()
    move(locked, State.SIGNED, actor)
    Sending.objects.filter(contract=locked, withdrawn_at__isnull=True).update(withdrawn_at=now)
    log_action("contracts.contract.paper", target=locked, actor=actor, org=locked.org,
               data={"signed_on": signed_on.isoformat(), "sha256": locked.scan_sha256})  # fmt: skip
    payload = {"contract": locked.pk, "number": locked.number, "meeting": locked.meeting_id,
               "state": locked.state, "version": locked.version, "paper": True}  # fmt: skip
    emit(locked.org, "contract.signed", payload)
    return locked


def verdict_of(contract: Contract, data: bytes | None = None) -> esign.Verdict | None:
    """What the stored signed PDF (or an uploaded copy of it) proves against what was sent."""
    sending = contract.sendings.exclude(signed="").order_by("-number").first()
    if sending is None:
        return None
    if data is None:
        with sending.signed.open("rb") as handle:
            data = handle.read()
    with sending.document.open("rb") as handle:
        original = handle.read()
    return esign.verify(data, ca_cert_pem=authority(contract.org).ca_cert.encode(), original=original)
