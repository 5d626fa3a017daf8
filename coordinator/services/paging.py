"""Pages of long lists, filtered and sorted in SQL so 100,000 rows stay instant.

A table in the window asks for one page at a time (`PageRequest`) and gets the rows of
that page and the total that match (`Page`). Sorting always ends on the record id so
that pages never overlap or skip rows when many rows share a value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute, Session

from coordinator.db.text import fold

RowT = TypeVar("RowT")

# A column to search or sort by: a mapped attribute or any SQL expression.
Column = QueryableAttribute[Any] | sa.ColumnElement[Any]
AnySelect = sa.Select[*tuple[Any, ...]]

MAX_PAGE = 5000
# Below this many matching rows, a page is sorted from the matches, not along an index.
FEW_MATCHES = 2000


@dataclass(frozen=True)
class PageRequest:
    """Which rows a list wants: words to find, the column to sort by, and the window."""

    search: str = ""
    sort: str = ""
    descending: bool = False
    offset: int = 0
    limit: int = 200
    filters: Mapping[str, object] = field(default_factory=dict)
    # Counting every match costs a second pass; a list scrolling on asks only once.
    count_total: bool = True


@dataclass(frozen=True)
class Page(Generic[RowT]):
    """One page of rows; `total` is how many rows match (None when not counted)."""

    rows: list[RowT]
    total: int | None
    offset: int


def search_terms(text: str) -> list[str]:
    """The folded words of a search box: every word must match somewhere."""
    return fold(text).split()


def contains_all(columns: Sequence[Column], text: str) -> sa.ColumnElement[bool] | None:
    """A condition that each word of `text` occurs in one of the folded `columns`."""
    terms = search_terms(text)
    if not terms:
        return None
    return sa.and_(
        *(sa.or_(*(column.contains(term, autoescape=True) for column in columns)) for term in terms)
    )


def fetch_page(
    session: Session,
    select: AnySelect,
    request: PageRequest,
    *,
    sort_columns: Mapping[str, Column],
    default_sort: str,
    id_column: Column,
    make_row: Callable[[Any], RowT],
) -> Page[RowT]:
    """Run `select` for one page: count the matches, sort, slice, and build the rows."""
    total = (
        session.execute(
            sa.select(sa.func.count()).select_from(select.order_by(None).subquery())
        ).scalar_one()
        if request.count_total
        else None
    )
    if total == 0:
        return Page([], 0, request.offset)
    key = sort_columns.get(request.sort) if request.sort else None
    if key is None:
        key = sort_columns[default_sort]
    if total is not None and total <= FEW_MATCHES:
        # Few rows match: reading the table once and sorting them beats walking the sort
        # column's index past every row that does not (a search for a rare word on
        # 100,000 stations). coalesce(key, key) sorts the same but hides the index.
        key = sa.func.coalesce(key, key)
    order = [key.desc(), id_column.desc()] if request.descending else [key.asc(), id_column.asc()]
    limit = max(1, min(request.limit, MAX_PAGE))
    result = session.execute(select.order_by(*order).offset(max(0, request.offset)).limit(limit))
    return Page([make_row(row) for row in result], total, request.offset)
