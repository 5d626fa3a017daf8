"""The fixed vocabularies of the domain, stored by their `value` and shown by `label`.

Values are lower-case identifiers that never change once written to a mission file;
labels are what a coordinator reads. `parse` accepts either, ignoring case, spaces,
hyphens and underscores, so "Very good", "very_good" and "VERY-GOOD" are one value.
"""

from __future__ import annotations

import enum
from typing import Self


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch not in " _-:/&,")


class Vocabulary(enum.StrEnum):
    """A StrEnum with human labels and forgiving parsing."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def parse(cls, text: str) -> Self:
        """The member named by `text` (value or label); ValueError listing the choices."""
        wanted = _squash(text)
        for member in cls:
            if wanted in (_squash(member.value), _squash(member.label)):
                return member
        raise ValueError(f"'{text}' is not one of: {cls.choices()}")

    @classmethod
    def choices(cls) -> str:
        return ", ".join(m.label.lower() for m in cls)


class Phase(Vocabulary):
    OPENING = "opening"
    VOTING = "voting"
    COUNTING = "counting"
    TABULATION = "tabulation"


class VisitStatus(Vocabulary):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


class Assessment(Vocabulary):
    VERY_GOOD = "very_good"
    GOOD = "good"
    BAD = "bad"
    VERY_BAD = "very_bad"


class AnswerType(Vocabulary):
    YES_NO = "yes_no"
    NUMBER = "number"
    CHOICE = "choice"
    SCALE = "scale"
    TEXT = "text"

    @property
    def label(self) -> str:
        return {"yes_no": "Yes/no", "scale": "4-point scale"}.get(self.value, super().label)


class DelegationKind(Vocabulary):
    MEMBER_STATE = "member_state"
    SECRETARIAT = "secretariat"
    ORGANISATION = "organisation"
    OBSERVER_STATE = "observer_state"


class MemberRole(Vocabulary):
    HEAD_OF_MISSION = "head_of_mission"
    DEPUTY = "deputy"
    COORDINATOR = "coordinator"
    OBSERVER = "observer"
    ANALYST = "analyst"
    INTERPRETER = "interpreter"
    DRIVER = "driver"
    STAFF = "staff"


class AccreditationStatus(Vocabulary):
    REQUESTED = "requested"
    SUBMITTED = "submitted"
    ACCREDITED = "accredited"
    REFUSED = "refused"


class MeetingKind(Vocabulary):
    MEETING = "meeting"
    BRIEFING = "briefing"
    PRESENTATION = "presentation"
    COURTESY_CALL = "courtesy_call"


class LocalityKind(Vocabulary):
    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"
    DISTRICT = "district"
    REGION = "region"


class IncidentCategory(Vocabulary):
    CAMPAIGN_MATERIAL = "campaign_material"
    PRESSURE_OR_COERCION = "pressure_or_coercion"
    BALLOT_STUFFING_OR_LEAKAGE = "ballot_stuffing_or_leakage"
    INTERFERENCE_BY_AUTHORITIES = "interference_by_authorities"
    OBSERVER_OBSTRUCTION = "observer_obstruction"
    PUBLIC_ORDER = "public_order"
    SECRECY_OF_THE_VOTE = "secrecy_of_the_vote"
    ACCESSIBILITY = "accessibility"
    TECHNOLOGY = "technology"
    OTHER = "other"

    @property
    def label(self) -> str:
        if self is IncidentCategory.TECHNOLOGY:
            return "Technology: e-voting/biometrics"
        return super().label


class Severity(Vocabulary):
    MINOR = "minor"
    SERIOUS = "serious"
    CRITICAL = "critical"
