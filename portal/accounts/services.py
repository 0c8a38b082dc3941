"""Officials' accounts: passwords, second factor, invitations, roles."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from portal.accounts.models import User
from portal.extensions import db

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    if not user.password_hash:
        return False
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))
