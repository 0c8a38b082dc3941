"""Choices whose members carry the title people read: written beside the member, so a title cannot go missing."""

import enum


class TitledEnum(enum.StrEnum):
    """A StrEnum whose members are written `member = "value", _l("Title")`; the stored value stays the string."""

    def __new__(cls, value: str, title):
        member = str.__new__(cls, value)
        member._value_ = value
        member._title = title
        return member

    @property
    def title(self):
        return self._title
