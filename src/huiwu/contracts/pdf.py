"""The contract as a PDF (WeasyPrint, the CJK fonts): the parties, the price, the clauses, the signature
blocks; on every page the document id (number and version) and the SHA-256 of the contract's content,
so a printed page names exactly the text it belongs to."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from .enums import ContractKind, Side


def content(contract: Any) -> dict[str, Any]:
    """What the contract says, in a canonical form: what its hash is of."""
    party = contract.party
    return {
        "number": contract.number,
        "version": contract.version,
        "meeting": contract.meeting.name,
        "agency": contract.org.name,
        "party": party.name if party else "",
        "total": str(contract.total),
        "currency": contract.currency,
        "clauses": [[c.title, c.text] for c in contract.clauses.all()],
    }


def digest(contract: Any) -> str:
    raw = json.dumps(content(contract), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def document_id(contract: Any) -> str:
    return f"{contract.number}-v{contract.version}"


def sides(contract: Any) -> tuple[str, str]:
    """Which side is Party A (the left stamp) and which Party B: the agency buys from a supplier (Party A)
    and serves the client (Party B)."""
    if contract.kind == ContractKind.CLIENT:
        return Side.PARTY, Side.AGENCY
    return Side.AGENCY, Side.PARTY


def contract_pdf(contract: Any, *, signatories: dict[str, str] | None = None) -> bytes:
    """The contract; its last page the signature page, the stamps' places kept free (``esign.LEFT``,
    ``esign.RIGHT``)."""
    from weasyprint import HTML

    names = {Side.AGENCY: contract.org, Side.PARTY: contract.party}
    left, right = sides(contract)
    signatories = signatories or {}
    html = render_to_string(
        "contracts/contract_pdf.html",
        {
            "contract": contract,
            "clauses": list(contract.clauses.all()),
            "digest": digest(contract),
            "document_id": document_id(contract),
            "now": timezone.now(),
            "left": names[left],
            "right": names[right],
            "left_signer": signatories.get(left, ""),
            "right_signer": signatories.get(right, ""),
        },
    )
    return HTML(string=html).write_pdf()


def stamp_pdf(*, name: str, organisation: str, at: dt.datetime, sha256: str) -> bytes:
    """A signature's visible stamp: who, of which organisation, when, and the hash of what was signed."""
    from weasyprint import HTML

    html = render_to_string(
        "contracts/stamp_pdf.html", {"name": name, "organisation": organisation, "at": at, "sha256": sha256}
    )
    return HTML(string=html).write_pdf()
