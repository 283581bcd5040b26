"""The contract as a PDF (WeasyPrint, the CJK fonts): the parties, the price, the clauses, the signature
blocks; on every page the document id (number and version) and the SHA-256 of the contract's content,
so a printed page names exactly the text it belongs to."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone


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


def contract_pdf(contract: Any) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "contracts/contract_pdf.html",
        {
            "contract": contract,
            "clauses": list(contract.clauses.all()),
            "digest": digest(contract),
            "document_id": document_id(contract),
            "now": timezone.now(),
        },
    )
    return HTML(string=html).write_pdf()
