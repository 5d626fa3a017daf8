"""Delegations through the services, on a real mission file."""

from __future__ import annotations

import importlib

import pytest
from sqlalchemy.orm import Session

from coordinator.db.enums import DelegationKind
from coordinator.db.text import search_key
from coordinator.services.delegations import (
    DelegationFields,
    create_delegation,
    delegation_delete_impact,
    delegation_fields,
    delete_delegation,
    list_delegations,
    update_delegation,
)
from coordinator.services.errors import NotFoundError, ValidationError
from coordinator.services.members import MemberFields, create_member, delete_member


def test_name_and_country_are_trimmed_and_kind_kept(session: Session) -> None:
    created = create_delegation(
        session,
        DelegationFields("\u00a0Kyrgyz Republic ", DelegationKind.MEMBER_STATE, " Kyrgyzstan"),
    )
    assert (created.name, created.country) == ("Kyrgyz Republic", "Kyrgyzstan")
    rows = list_delegations(session)
    assert [(r.name, r.kind, r.members) for r in rows] == [
        ("Kyrgyz Republic", DelegationKind.MEMBER_STATE, 0)
    ]


def test_search_key_uses_the_columns_the_migration_lists(session: Session) -> None:
    migration = importlib.import_module("coordinator.db.migrations.versions.0002_search_keys")
    created = create_delegation(session, DelegationFields("Türkiye", country="Ankara İli"))
    columns = migration.SEARCHED["delegation"]
    assert created.search_key == search_key(*(getattr(created, c) for c in columns))


def test_missing_name_is_refused_naming_the_field(session: Session) -> None:
    with pytest.raises(ValidationError) as raised:
        create_delegation(session, DelegationFields("  "))
    assert raised.value.for_field("name") == "Name is required."
    assert list_delegations(session) == []


def test_duplicate_name_is_refused_but_own_name_is_kept(session: Session) -> None:
    first = create_delegation(session, DelegationFields("Azerbaijan")).id
    with pytest.raises(ValidationError) as raised:
        create_delegation(session, DelegationFields(" Azerbaijan "))
    assert raised.value.for_field("name") == "Another delegation is already called Azerbaijan."
    update_delegation(session, first, DelegationFields("Azerbaijan", country="Baku"))
    assert [(r.name, r.country) for r in list_delegations(session)] == [("Azerbaijan", "Baku")]


def test_renaming_onto_another_delegation_is_refused(session: Session) -> None:
    create_delegation(session, DelegationFields("Hungary"))
    turkey = create_delegation(session, DelegationFields("Türkiye")).id
    with pytest.raises(ValidationError) as raised:
        update_delegation(session, turkey, DelegationFields("Hungary"))
    assert raised.value.for_field("name") == "Another delegation is already called Hungary."
    assert sorted(r.name for r in list_delegations(session)) == ["Hungary", "Türkiye"]


def test_kind_outside_the_vocabulary_is_refused(session: Session) -> None:
    fields = DelegationFields("OTS Secretariat", kind="ministry")  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as raised:
        create_delegation(session, fields)
    message = raised.value.for_field("kind")
    assert message is not None
    assert "member state, secretariat, organisation, observer state" in message


def test_delegation_with_members_is_not_deleted(session: Session) -> None:
    # Ids, not records: a refused action rolls back, which expires the session's records.
    delegation = create_delegation(session, DelegationFields("Kazakhstan")).id
    members = [
        create_member(session, MemberFields(f"Observer {n}", delegation)).id for n in range(5)
    ]
    assert delegation_delete_impact(session, delegation) == {"members": 5}
    with pytest.raises(ValidationError) as raised:
        delete_delegation(session, delegation)
    assert raised.value.for_field("name") == "It still has 5 members; move or delete them first."
    assert [r.members for r in list_delegations(session)] == [5]

    for member_id in members[1:]:
        delete_member(session, member_id)
    with pytest.raises(ValidationError) as raised:
        delete_delegation(session, delegation)
    assert raised.value.for_field("name") == "It still has 1 member; move or delete them first."

    delete_member(session, members[0])
    delete_delegation(session, delegation)
    assert list_delegations(session) == []
    with pytest.raises(NotFoundError):
        delete_delegation(session, delegation)


def test_list_counts_members_sorts_by_name_and_searches_folded(session: Session) -> None:
    uzbekistan = create_delegation(session, DelegationFields("Uzbekistan", country="Ўзбекистон"))
    create_delegation(session, DelegationFields("Azerbaijan", country="Azərbaycan"))
    for name in ("A", "B"):
        create_member(session, MemberFields(name, uzbekistan.id))
    rows = list_delegations(session)
    assert [(r.name, r.members) for r in rows] == [("Azerbaijan", 0), ("Uzbekistan", 2)]
    assert [r.name for r in list_delegations(session, "AZERBAYCAN")] == ["Azerbaijan"]
    assert [r.name for r in list_delegations(session, "ўзбек")] == ["Uzbekistan"]
    assert [r.name for r in list_delegations(session, "stan")] == ["Uzbekistan"]


def test_fields_round_trip(session: Session) -> None:
    fields = DelegationFields("OTS", DelegationKind.SECRETARIAT, "Türkiye", "Istanbul office")
    created = create_delegation(session, fields)
    assert delegation_fields(created) == fields
    updated = update_delegation(session, created.id, delegation_fields(created))
    assert delegation_fields(updated) == fields
