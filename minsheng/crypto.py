"""Field encryption of personal data and keyed hashes for looking it up.

The key comes from settings.MINSHENG_ENCRYPTION_KEY (a Fernet key). Lookups (by phone or ID
number) use HMAC-SHA256 with a key derived from it, so the database never holds a plain value
or an unkeyed hash that could be reversed by trying every phone number.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


@functools.lru_cache(maxsize=4)
def _fernet(key: str, old_keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.encode("ascii")) for k in (key, *old_keys)])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "MINSHENG_ENCRYPTION_KEY is not a valid key (32 url-safe base64-encoded bytes)."
        ) from exc


@functools.lru_cache(maxsize=4)
def _lookup_key(key: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"minsheng-lookup", info=b"lookup-hash"
    ).derive(base64.urlsafe_b64decode(key.encode("ascii")))


def _key() -> str:
    key: str = settings.MINSHENG_ENCRYPTION_KEY
    if not key:
        raise ImproperlyConfigured(
            "Set MINSHENG_ENCRYPTION_KEY (or run `make demo`, which writes var/encryption.key)."
        )
    return key


def encrypt(value: str) -> str:
    old = tuple(settings.MINSHENG_OLD_ENCRYPTION_KEYS)
    return _fernet(_key(), old).encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The plain text. Raises ImproperlyConfigured if no configured key opens it."""
    old = tuple(settings.MINSHENG_OLD_ENCRYPTION_KEYS)
    try:
        return _fernet(_key(), old).decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Personal data cannot be decrypted with the configured MINSHENG_ENCRYPTION_KEY."
        ) from exc


def normalise_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def normalise_id_number(value: str) -> str:
    return re.sub(r"\s", "", value).upper()


def lookup_hash(kind: str, value: str) -> str:
    """A keyed hash of a normalised phone or ID number, '' for an empty value."""
    if not value:
        return ""
    norm = normalise_phone(value) if kind == "phone" else normalise_id_number(value)
    if not norm:
        return ""
    mac = hmac.new(_lookup_key(_key()), f"{kind}:{norm}".encode(), hashlib.sha256)
    return mac.hexdigest()


def mask_name(name: str) -> str:
    """张*明 style: first and last characters kept (for public notices)."""
    if len(name) <= 1:
        return "*"  # a one-character name kept would be the whole name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    digits = normalise_phone(phone)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
