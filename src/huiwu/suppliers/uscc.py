"""The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last a check
character over the first 17 (weights 3^i mod 31, alphabet without I, O, S, V, Z)."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def check_character(body: str) -> str:
    """The 18th character for a 17-character ``body`` of the alphabet."""
    total = sum(VALUES[c] * w for c, w in zip(body, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalise(value: str) -> str:
    """Upper case, without spaces and hyphens (as people copy it from a licence)."""
    return "".join(str(value or "").split()).replace("-", "").upper()


def is_valid(code: str) -> bool:
    return len(code) == 18 and all(c in VALUES for c in code) and check_character(code[:17]) == code[17]
