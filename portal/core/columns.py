"""Columns, relationships and tables that models of several features declare alike, written once."""

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db


def owner_key(column: str):
    """The key of the row this one belongs to: indexed, and the database deletes this row with that one."""
    return mapped_column(ForeignKey(column, ondelete="CASCADE"), index=True)


def owned(order_by: str, back_populates: str | None = None):
    """The rows that belong to this one, in `order_by`: saved and deleted with it, and deleted when taken from it."""
    return relationship(back_populates=back_populates, order_by=order_by, cascade="all, delete-orphan")


def link_table(name: str, owner: tuple[str, str], other: tuple[str, str], *, index_other: bool | None = None) -> Table:
    """A many-to-many table whose links belong to the owner's row (deleted with it), not to the other's:
    `owner` and `other` are (column name, referenced column)."""
    return Table(
        name,
        db.metadata,
        Column(owner[0], ForeignKey(owner[1], ondelete="CASCADE"), primary_key=True),
        Column(other[0], ForeignKey(other[1]), primary_key=True, index=index_other),
    )


class StoredFile:
    """The columns of an upload kept by content hash in the portal's file storage (portal.core.files)."""

    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
