"""Importing the Localities sheet: every city, town and village, those no station is in too.

The Stations sheet makes the localities its stations name; this sheet keeps the others
(a village where the mission has no station yet) through an export and import. It is
read before the Stations sheet, so a locality it gives is the one the stations find,
and a station row that gives the same locality another kind is a problem, as two
station rows would be. A workbook without the sheet imports as before.
"""

from __future__ import annotations

from functools import partial

import sqlalchemy as sa

from coordinator.db.enums import LocalityKind
from coordinator.db.models import Locality
from coordinator.exchange import sheets
from coordinator.exchange.context import ImportContext, attempt, repeated
from coordinator.exchange.rows import SheetData
from coordinator.services import stations
from coordinator.services.unit import clean

Place = tuple[str, str, str]


def place_of(locality: stations.LocalityFields) -> Place:
    """A locality's key as the file stores it: name, district and region, cleaned (NFC)."""
    return clean(locality.name), clean(locality.district), clean(locality.region)


def write_localities(ctx: ImportContext, data: SheetData) -> None:
    """Create each row's locality, or give the one the file has the row's kind."""
    count = ctx.count(sheets.LOCALITIES.name)
    existing = {
        (locality.name, locality.district, locality.region): locality
        for locality in ctx.session.scalars(sa.select(Locality))
    }
    seen: dict[tuple[object, ...], int] = {}
    for row in data.rows(ctx.problems):
        fields = stations.LocalityFields(
            row.text("name"),
            row.value("kind") or LocalityKind.CITY,
            row.text("district"),
            row.text("region"),
        )
        if not fields.name:
            row.problem("name", "a value is required.")
        place = place_of(fields)
        if row.failed or repeated(row, place, seen):
            continue
        record = existing.get(place)
        if record is None:
            saved = attempt(row, partial(stations.create_locality, ctx.session, fields))
            count.new += saved is not None
        elif row.text("kind") and record.kind is not fields.kind:
            update = partial(stations.update_locality, ctx.session, record.id, fields)
            saved = attempt(row, update)
            count.updated += saved is not None
        else:
            saved = record
            count.unchanged += 1
        if saved is None:
            continue
        ctx.localities[place] = saved.id
        # A kind the row gives binds the Stations sheet; an empty one leaves it free to.
        given = f"Localities row {row.number}" if row.text("kind") else None
        ctx.locality_kinds[place] = (saved.kind, given)
        if ctx.problems.full:
            return
