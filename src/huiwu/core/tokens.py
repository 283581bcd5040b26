import hashlib
import secrets


def new_secret(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
