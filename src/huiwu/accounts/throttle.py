"""Wrong passwords and codes slow an account down, whatever door they come through.

One counter per *account* (not per name typed: the user name and the e-mail address of one account
share it), kept in the shared cache so every app server sees it. The first ``FREE`` failures cost
nothing; after that each attempt must wait ``2^(n-FREE)`` seconds after the last failure, at most
``MAX_WAIT``: a guesser gets a handful of tries an hour, while the owner, whose right password is
refused only during a wait, is never locked out for good by someone who knows their name. A second
counter per client address stops one address from spraying many accounts.
"""

from __future__ import annotations

import time

from django.core.cache import cache

from huiwu.core.tokens import hash_secret

FREE = 5
MAX_WAIT = 15 * 60
KEEP = 24 * 3600  # a counter is forgotten a day after the last failure
PER_ADDRESS = 50  # failures from one address within KEEP before it waits too


def _key(kind: str, value) -> str:
    return f"huiwu:signin:{kind}:" + hash_secret(str(value))[:32]


def _wait(entry) -> float:
    if not entry:
        return 0.0
    failures, last = entry
    if failures < FREE:
        return 0.0
    return max(0.0, last + min(2 ** (failures - FREE), MAX_WAIT) - time.time())


def wait_for(*, account_id: int | None, address: str = "") -> float:
    """Seconds until this account (and this address) may try again; 0 when it may now."""
    waits = [_wait(cache.get(_key("account", account_id)))] if account_id else [0.0]
    if address:
        entry = cache.get(_key("address", address))
        if entry and entry[0] >= PER_ADDRESS:
            waits.append(_wait((entry[0] - PER_ADDRESS + FREE, entry[1])))
    return max(waits)


def failed(*, account_id: int | None, address: str = "") -> None:
    now = time.time()
    for kind, value in (("account", account_id), ("address", address)):
        if value:
            key = _key(kind, value)
            failures = (cache.get(key) or (0, now))[0]
            cache.set(key, (failures + 1, now), KEEP)


def succeeded(*, account_id: int) -> None:
    cache.delete(_key("account", account_id))
