"""Passwords: argon2 hashes, the rules a new one must meet, and a verification spent when there is nothing to
verify, so that a refusal takes as long as a check."""

import contextlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from portal.accounts.models import User
from portal.core.errors import InvalidInput
from portal.core.i18n import _

MIN_PASSWORD_LENGTH = 12


MAX_PASSWORD_LENGTH = 1024


_hasher = PasswordHasher()


_DUMMY_HASH = _hasher.hash("not a real password, used to keep timing even")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    if not user.password_hash:
        return False
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_new_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InvalidInput(_("Choose a password of at least %(count)d characters.", count=MIN_PASSWORD_LENGTH),
                           field="password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(_("Choose a password of at most %(count)d characters.", count=MAX_PASSWORD_LENGTH),
                           field="password")


def spend_a_verification(password: str) -> None:
    """Spend one argon2 verification on nothing, so that a refusal takes as long as a check of a real password."""
    with contextlib.suppress(VerificationError):
        _hasher.verify(_DUMMY_HASH, password or "")
