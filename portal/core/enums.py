"""Choices whose members carry the title people read: written beside the member, so a title cannot go missing.

Two lists of members look alike line by line (the `duplicates` tool pairs them by shape); each is its own
vocabulary, stored in its own column, so they stay apart.
"""

import enum

from portal.core.errors import InvalidInput


class TitledEnum(enum.StrEnum):
    """A StrEnum whose members are written `member = "value", _l("Title")`; the stored value stays the string."""

    def __new__(cls, value: str, *description):
        member = str.__new__(cls, value)
        member._value_ = value
        return member

    def __init__(self, value: str, title):
        self._title = title

    @property
    def title(self):
        return self._title


class GroundedEnum(TitledEnum):
    """A TitledEnum whose members also name the provision of law they rest on, written beside them as a third item:
    `member = "value", _l("Title"), _l("Law ..., Art. ...")`."""

    def __init__(self, value: str, title, legal_basis):
        super().__init__(value, title)
        self._legal_basis = legal_basis

    @property
    def legal_basis(self):
        return self._legal_basis


def enum_choice(enum_type: type[enum.Enum], value: str, message: str, field: str | None = None):
    """The member a form's value names, or a refusal with the form's own message: a value outside the list can only
    come from a page that was changed or not reloaded, and the person is told to choose again."""
    try:
        return enum_type(value)
    except ValueError:
        raise InvalidInput(message, field=field) from None
