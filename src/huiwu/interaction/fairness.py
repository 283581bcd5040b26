"""How a lottery's winners follow from its frozen pool and its seed — the whole rule, in the standard
library only, so that anyone can run this file on the draw's proof and get the same winners.

    python fairness.py proof.json

The proof (``/i/lottery/<id>/proof.json``) holds the pool (one entry per line, sorted), its SHA-256, the
seed's SHA-256 published before the draw, the seed revealed after it, and the winners in the order drawn.

The rule: pick ``k`` (0, 1, 2, …) takes, from the entries not yet picked (in pool order), the one at
``HMAC-SHA256(key=seed, message="<pool hash>:<k>") mod <entries left>``. The first ``quantity`` picks are
the winners; a winner found absent is replaced by the next pick, so redraws are in the sequence too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sys
from collections.abc import Iterable, Iterator
from typing import Any


def canonical(entries: Iterable[str]) -> str:
    """The pool as hashed: the entries sorted, one per line, no duplicates."""
    return "\n".join(sorted(set(entries)))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_seed() -> str:
    return secrets.token_hex(32)


def picks(pool_text: str, seed: str) -> Iterator[str]:
    """The entries in the order the seed picks them."""
    left = pool_text.split("\n") if pool_text else []
    pool_hash = digest(pool_text)
    k = 0
    while left:
        mac = hmac.new(seed.encode("ascii"), f"{pool_hash}:{k}".encode("ascii"), hashlib.sha256).digest()
        yield left.pop(int.from_bytes(mac, "big") % len(left))
        k += 1


def first(pool_text: str, seed: str, n: int) -> list[str]:
    out: list[str] = []
    for entry in picks(pool_text, seed):
        if len(out) == n:
            break
        out.append(entry)
    return out


def verify(proof: dict[str, Any]) -> list[str]:
    """The problems found in a proof (empty: the winners follow from the pool and the seed)."""
    problems = []
    pool = proof["pool"]
    if digest(pool) != proof["pool_hash"]:
        problems.append("the pool does not match its published hash")
    if digest(proof["seed"]) != proof["seed_hash"]:
        problems.append("the seed does not match the hash committed before the draw")
    drawn = [w["entry"] for w in proof["winners"]]
    if first(pool, proof["seed"], len(drawn)) != drawn:
        problems.append("the winners are not the ones the seed picks from the pool")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python fairness.py proof.json")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        proof = json.load(f)
    problems = verify(proof)
    for n, entry in enumerate(first(proof["pool"], proof["seed"], len(proof["winners"]))):
        print(n, entry)
    if problems:
        print("NOT VERIFIED:", "; ".join(problems))
        return 1
    print(f"verified: {len(proof['winners'])} picks from {proof['pool_size']} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
