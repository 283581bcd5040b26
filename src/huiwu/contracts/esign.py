"""PAdES signatures on the contract PDF, with pyHanko; no database here.

Each organisation has its own certificate authority (an EC P-256 key, ten years), made when the
organisation is set up; its private keys are kept encrypted with the field keys. The CA issues the
organisation's signing certificate (the agency's signatory) and, at the moment of signing, a
certificate for the counterparty's signer whose identity a one-time code confirmed (its key is used
once and never stored). A signature fills one of the document's prepared signature fields, appended as
an incremental update, so every earlier signature stays valid; its visible stamp names the signer,
the organisation, the time and the SHA-256 of the document signed.

``verify`` is the one judge of a signed PDF: every signature intact, cryptographically valid and
issued by this organisation's CA, nothing changed after it beyond the later signatures, and the
document underneath exactly the one sent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

logger = logging.getLogger(__name__)
# The signature page (``contract_pdf.html``, its last page) keeps two places free for the stamps,
# in points from the page's bottom left: Party A (甲方) on the left, Party B on the right.
LEFT = (57, 312, 281, 425)
RIGHT = (315, 312, 539, 425)


@dataclass(frozen=True)
class KeyPair:
    cert_pem: bytes
    key_pem: bytes


def _name(common: str, org: str, email: str = "") -> x509.Name:
    parts = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, org[:64] or "-"),
        x509.NameAttribute(NameOID.COMMON_NAME, common[:64] or "-"),
    ]
    if email:
        parts.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email[:128]))
    return x509.Name(parts)


def _usage(**on: bool) -> x509.KeyUsage:
    names = ["digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
             "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"]  # fmt: skip
    return x509.KeyUsage(**{n: on.get(n, False) for n in names})


def _pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def make_ca(org_name: str, *, now: dt.datetime) -> KeyPair:
    """The organisation's own root: signs only certificates (path length 0), ten years."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(f"{org_name} 电子签章 CA", org_name)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return KeyPair(cert.public_bytes(serialization.Encoding.PEM), _pem(key))


def issue(ca: KeyPair, *, common: str, org: str, email: str = "", now: dt.datetime, days: int) -> KeyPair:
    """A signing certificate from the organisation's CA for one signer (non-repudiation)."""
    ca_cert = x509.load_pem_x509_certificate(ca.cert_pem)
    ca_key = serialization.load_pem_private_key(ca.key_pem, password=None)
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common, org, email))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(digital_signature=True, content_commitment=True), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return KeyPair(cert.public_bytes(serialization.Encoding.PEM), _pem(key))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def prepare(pdf: bytes, *, left: str, right: str) -> bytes:
    """The document as sent: two empty signature fields on its last page, named for who signs there."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    last = int(writer.root["/Pages"]["/Count"]) - 1
    for name, box in ((left, LEFT), (right, RIGHT)):
        spec = fields.SigFieldSpec(sig_field_name=name, on_page=last, box=box)
        fields.append_signature_field(writer, spec)
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def _stamp_style(stamp_pdf: bytes) -> Any:
    """The stamp's look: the first page of a small PDF (rendered with the CJK fonts), drawn in the field."""
    from pyhanko.pdf_utils import content, layout
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle

    class Page(content.PdfContent):
        def render(self) -> bytes:
            writer = self._ensure_writer
            xobj = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(stamp_pdf)), page_ix=0)
            name = "/ImportStamp"
            self.resources.xobject[name] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return name.encode() + b" Do"

    return StaticStampStyle(background=Page(), border_width=0)


def sign(
    pdf: bytes,
    *,
    field_name: str,
    signer: KeyPair,
    ca: KeyPair,
    name: str,
    reason: str,
    location: str,
    stamp_pdf: bytes,
) -> bytes:
    """One PAdES (B-B) signature filling ``field_name``, appended to ``pdf``; returns the new file."""
    from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    simple = signers.SimpleSigner(
        signing_cert=next(load_certs_from_pemder_data(signer.cert_pem)),
        signing_key=load_private_key_from_pemder_data(signer.key_pem, passphrase=None),
        cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
            list(load_certs_from_pemder_data(ca.cert_pem))
        ),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
        name=name, reason=reason, location=location,
    )  # fmt: skip
    pdf_signer = signers.PdfSigner(meta, signer=simple, stamp_style=_stamp_style(stamp_pdf))
    out = io.BytesIO()
    pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), output=out)
    return out.getvalue()


def _in_a_thread_if_a_loop_runs(func: Any, *args: Any) -> Any:
    """pyHanko's validator runs its own event loop: from code that already runs one (an async view, a
    browser test), it runs in a worker thread instead."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return func(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func, *args).result()


@dataclass
class Found:
    """One signature of a checked PDF, as the validator sees it."""

    field: str
    signer: str  # the certificate's subject
    organisation: str
    name: str  # who signed, as the signature names them
    signed_at: dt.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    changed_after: bool  # something other than a later signature was changed after it

    @property
    def good(self) -> bool:
        return self.intact and self.valid and self.trusted and not self.changed_after


@dataclass
class Verdict:
    signatures: list[Found] = field(default_factory=list)
    readable: bool = True
    ours: bool = True  # the signed document is exactly the one sent
    trailing: bool = False  # bytes appended after the last signature

    @property
    def good(self) -> bool:
        return self.readable and self.ours and not self.trailing and all(s.good for s in self.signatures)

    def fields(self) -> set[str]:
        return {s.field for s in self.signatures if s.good}


def verify(pdf: bytes, *, ca_cert_pem: bytes, original: bytes | None = None) -> Verdict:
    """What a signed PDF proves: each signature checked against the organisation's CA only, with the
    changes after it analysed; ``original``, the document as sent, must be what was signed."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    verdict = Verdict()
    if original is not None and not pdf.startswith(original):
        verdict.ours = False
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        verdict.readable = False
        return verdict
    root = asn1_x509.Certificate.load(x509.load_pem_x509_certificate(ca_cert_pem).public_bytes(
        serialization.Encoding.DER))  # fmt: skip
    for sig in embedded:
        try:
            context = ValidationContext(trust_roots=[root], allow_fetching=False)
            status = _in_a_thread_if_a_loop_runs(validate_pdf_signature, sig, context)
        except Exception:
            logger.warning("a signature in field %s could not be validated", sig.field_name, exc_info=True)
            verdict.signatures.append(Found(sig.field_name, "", "", "", None, False, False, False, True))
            continue
        subject = status.signing_cert.subject.native if status.signing_cert else {}
        level = status.modification_level
        changed = status.coverage != SignatureCoverageLevel.ENTIRE_FILE and (
            level is None or level > ModificationLevel.FORM_FILLING
        )
        verdict.signatures.append(
            Found(
                field=sig.field_name, signer=str(subject.get("common_name", "")),
                organisation=str(subject.get("organization_name", "")),
                name=str(sig.sig_object.get("/Name", "")), signed_at=status.signer_reported_dt,
                intact=bool(status.intact), valid=bool(status.valid), trusted=bool(status.trusted),
                changed_after=changed,
            )
        )  # fmt: skip
    if embedded:
        last = max(embedded, key=lambda s: s.signed_revision)
        try:
            covered = last.coverage == SignatureCoverageLevel.ENTIRE_FILE
        except Exception:
            covered = False
        verdict.trailing = not covered
    return verdict
