"""Columns, relationships and tables that models of several features declare alike, written once."""

from sqlalchemy import Column, ForeignKey, Integer, String, Table, update
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

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


def claim_once(row: db.Model, column: str, value: object) -> bool:
    """Fill a still-empty column of the row in one guarded UPDATE: of two workers doing the same once-only thing
    (announcing a report, telling of an overdue promise), one gets True and does it; the other gets False.
    The session's copy of the row is given the value, since an ORM bulk UPDATE may not carry it over."""
    model = type(row)
    table = model.__table__
    [key] = table.primary_key.columns
    claimed = db.session.execute(
        update(table).where(key == getattr(row, key.key), table.c[column].is_(None)).values({column: value})
    ).rowcount
    if claimed:
        set_committed_value(row, column, value)
    return bool(claimed)
