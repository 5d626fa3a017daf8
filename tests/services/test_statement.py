"""The statement's draft from data, its placeholders, and what gets printed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import IncidentCategory, Phase, Severity
from coordinator.db.models import ChecklistQuestion, KeyPoint, Meeting, PollingStation, Visit
from coordinator.errors import UserError
from coordinator.services.answers import set_answers
from coordinator.services.incidents import IncidentFields, create_incident
from coordinator.services.statement import (
    SourceKind,
    draft_statement,
    fill_placeholders,
    placeholder_values,
    statement_heading,
    statement_sections_for_print,
    unknown_placeholders,
)
from coordinator.services.statement_facts import (
    PLACEHOLDERS,
    in_running_text,
    join_words,
    numbered,
    people_of,
    with_article,
)
from coordinator.services.statement_sections import SectionFields, add_section


def printed(session: Session) -> str:
    return "\n\n".join(s.text for s in statement_sections_for_print(session))


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- the demo says what the reference statement says ------------------------------------------


REFERENCE_FACTS = (
    "Upon the invitation extended by the Central Commission on Elections and Referendums of "
    "the Kyrgyz Republic, the Secretariat of the Organization of Turkic States (OTS) deployed "
    "an Election Observation Mission (EOM) to observe the Elections of Deputies of Local "
    "Councils of the Kyrgyz Republic which were held on 17 November 2024.",
    "officials from the Secretariat of the OTS, the Republic of Azerbaijan, the Republic of "
    "Kazakhstan and the Republic of Uzbekistan",
    "in accordance with the national legislation of the Kyrgyz Republic",
    "the Mission had a meeting with Ms. Nurzhan Shaildabekova, Chairman of the Central "
    "Commission on Elections and Referendums of the Kyrgyz Republic.",
    "made a presentation in Bishkek on 16 November 2024",
    "three important items were noted. Firstly, the election threshold was reduced from 7% to 5%. "
    "Secondly, in the elections of Deputies of Local Councils, e-voting system is being used "
    "for the first time. Thirdly, updated biometric identification system was adopted.",
    "On the Election Day, the Mission visited 16 polling stations in Bishkek and Kant.",
    "Tabulation of ballots and results was conducted in time according to the national "
    "election legislation.",
    "All necessary administrative measures were taken to ensure the free will of the people",
    "In the 16 polling stations visited, the Mission did not detect any campaign materials, "
    "coercion of voters by any political group, ballot stuffing or leakage of voting "
    "bulletins, interference of administrative or law-enforcement authorities",
    "attempt by any outsider to influence voters on how to vote",
    "the Mission was given full access to the polling stations",
    "the Mission received detailed information from the polling station officials",
    "public order was secured at the visited polling stations",
    "the polls were prepared in compliance with the electoral law",
    "participation of national and international observers",
    "The Mission did not detect any serious issues, which would affect the results",
    "affirms the compliance of the voting process with the domestic legislation and "
    "international standards",
    "We would like to congratulate the Kyrgyz Republic and the fraternal Kyrgyz people",
)


def test_the_demo_draft_says_what_the_reference_says(demo: Session) -> None:
    text = one_line(printed(demo))
    for fact in REFERENCE_FACTS:
        assert fact in text
    assert "{" not in text and "}" not in text


def test_the_heading_is_the_reference_title_block(demo: Session) -> None:
    heading = statement_heading(demo)
    assert heading.mission_name == (
        "International Election Observation Mission of the Organization of Turkic States"
    )
    assert heading.election == "Elections of Deputies of Local Councils of the Kyrgyz Republic"
    assert heading.date_line == "(18 November 2024)"
    assert (heading.place, heading.date) == ("Bishkek", "18 November 2024")


def test_each_section_names_its_sources(demo: Session) -> None:
    draft = draft_statement(demo)
    by_topic = {section.topic: section for section in draft}
    chairman = by_topic["Pre-election meetings"]
    meeting_ids = [
        i for s in chairman.sources if s.kind is SourceKind.MEETING for i in s.record_ids
    ]
    meeting = demo.get(Meeting, meeting_ids[0])
    assert meeting is not None
    assert meeting.interlocutors[0].name == "Ms. Nurzhan Shaildabekova"

    presentation = by_topic["Presentation"]
    points = [
        i for s in presentation.sources if s.kind is SourceKind.KEY_POINT for i in s.record_ids
    ]
    flagged = demo.scalars(sa.select(KeyPoint.id).where(KeyPoint.for_statement.is_(True))).all()
    assert sorted(points) == sorted(flagged) and len(points) == 3

    assert by_topic["Election day"].sources[0].facts == ("stations_visited", "localities")
    questions = {
        i
        for section in draft
        if section.topic == "Findings"
        for s in section.sources
        for i in s.record_ids
    }
    campaign = demo.scalar(sa.select(ChecklistQuestion.id).where(ChecklistQuestion.code == "V1"))
    assert campaign in questions
    assert all(section.sources for section in draft)


def test_the_draft_keeps_placeholders_so_numbers_follow_the_data(demo: Session) -> None:
    draft = {section.topic: section.text for section in draft_statement(demo)}
    assert "{stations_visited}" in draft["Election day"]
    assert "{localities}" in draft["Election day"]


# --- what was found is counted ----------------------------------------------------------------


def _voting_visits(session: Session, count: int) -> list[int]:
    """Done voting visits at `count` different stations."""
    rows = session.execute(
        sa.select(Visit.id, Visit.station_id).where(Visit.phase == Phase.VOTING).order_by(Visit.id)
    ).all()
    chosen: dict[int, int] = {}
    for visit_id, station_id in rows:
        chosen.setdefault(station_id, visit_id)
    return list(chosen.values())[:count]


def _question(session: Session, code: str) -> int:
    found = session.scalar(sa.select(ChecklistQuestion.id).where(ChecklistQuestion.code == code))
    assert found is not None
    return found


def test_a_negative_answer_is_counted_in_stations(demo: Session) -> None:
    campaign = _question(demo, "V1")
    access = _question(demo, "V6")
    for visit_id in _voting_visits(demo, 2):
        set_answers(demo, visit_id, {campaign: ("yes", "")})
    set_answers(demo, _voting_visits(demo, 1)[0], {access: ("no", "")})
    text = one_line(printed(demo))
    assert (
        "In two of the 16 polling stations visited, campaign material was displayed in or near "
        "the polling station." in text
    )
    assert "In one of the 16 polling stations visited, the Mission was not given full access" in (
        text
    )
    assert "did not detect any campaign materials" not in text
    assert "was given full access to the polling stations" not in text
    # Neither question's answer is critical... but V6 "no" is: no affirmation of compliance.
    assert "affirms the compliance" not in text


def test_an_incident_is_reported_with_its_count_not_denied(demo: Session) -> None:
    visit_id = _voting_visits(demo, 1)[0]
    create_incident(
        demo,
        IncidentFields(
            visit_id,
            None,
            IncidentCategory.PRESSURE_OR_COERCION,
            Severity.MINOR,
            observed=False,
            description="A party agent told voters how to vote.",
        ),
    )
    text = one_line(printed(demo))
    assert (
        "The Mission recorded one incident of pressure or coercion at one of the 16 polling "
        "stations visited (reported to the Mission rather than seen)." in text
    )
    assert "coercion of voters by any political group" not in text
    assert "affirms the compliance" in text  # a minor incident, no critical answer


def test_a_serious_incident_withholds_the_affirmation(demo: Session) -> None:
    create_incident(
        demo,
        IncidentFields(
            _voting_visits(demo, 1)[0],
            None,
            IncidentCategory.OTHER,
            Severity.SERIOUS,
            description="Ballots found outside the station.",
        ),
    )
    text = one_line(printed(demo))
    assert "did not detect any serious issues" not in text
    assert "shortcomings set out above" in text


# --- placeholders ---------------------------------------------------------------------------


def test_placeholders_fill_from_the_data(demo: Session) -> None:
    values = placeholder_values(demo)
    assert set(values) == set(PLACEHOLDERS)
    assert values["stations_visited"] == "16"
    assert values["localities"] == "Bishkek and Kant"
    assert values["election_day"] == "17 November 2024"
    assert values["statement_date"] == "18 November 2024"
    assert values["organisation_short"] == "OTS"
    assert values["delegations"].startswith("Secretariat of the OTS, Republic of Azerbaijan")
    assert int(values["observations"]) > int(values["stations_visited"])
    text = "{Stations visited} stations, {stations-visited}, {{literal}}, {localities}."
    assert fill_placeholders(text, values) == "16 stations, 16, {literal}, Bishkek and Kant."


def test_unknown_placeholders_are_named_once_each() -> None:
    text = "{stations_visited} {turnout} {turnout} {{escaped}} {not a: name} {} { }"
    assert unknown_placeholders(text) == ["{turnout}", "{ }"]
    assert unknown_placeholders("{{stations}}") == []


def test_an_unknown_placeholder_stops_printing_naming_the_section(demo: Session) -> None:
    add_section(demo, SectionFields("Opening", "We visited {stations_visited} stations."))
    add_section(demo, SectionFields("Turnout", "Turnout was {turnout}."))
    with pytest.raises(UserError) as raised:
        statement_sections_for_print(demo)
    assert "Section 2 (Turnout)" in str(raised.value)
    assert "{turnout}" in str(raised.value)


def test_a_placeholder_without_a_value_is_reported(session: Session) -> None:
    from coordinator.services.mission import MissionFields, save_mission

    save_mission(
        session,
        MissionFields(
            name="EOM",
            organisation="OTS",
            election="Elections",
            country="Azerbaijan",
            election_date=dt.date(2024, 11, 17),
        ),
    )
    add_section(session, SectionFields("", "Signed by {head_of_mission}."))
    with pytest.raises(UserError, match=r"\{head_of_mission\}, but the mission has no value"):
        statement_sections_for_print(session)


def test_the_missions_own_sections_replace_the_draft(demo: Session) -> None:
    add_section(demo, SectionFields("", "The Mission visited {stations_visited} stations."))
    sections = statement_sections_for_print(demo)
    assert [(s.title, s.text) for s in sections] == [("", "The Mission visited 16 stations.")]


def test_no_mission_settings_is_a_plain_error(session: Session) -> None:
    with pytest.raises(UserError, match="Mission page"):
        draft_statement(session)


def test_an_observed_station_with_no_checklist_still_drafts(session: Session) -> None:
    """A mission with settings and nothing else gets a draft without findings."""
    from coordinator.services.mission import MissionFields, save_mission

    save_mission(
        session,
        MissionFields(
            name="EOM",
            organisation="OTS",
            election="Presidential election",
            country="Azerbaijan",
            election_date=dt.date(2024, 2, 7),
        ),
    )
    assert session.scalar(sa.select(sa.func.count()).select_from(PollingStation)) == 0
    text = one_line(printed(session))
    assert "national legislation of Azerbaijan" in text
    assert "the people of Azerbaijan" in text
    # No secretariat delegation: the organisation itself deployed the mission.
    assert "Upon invitation, the OTS deployed" in text
    assert "Secretariat" not in text
    assert "Presidential election which was held on 7 February 2024" in text


# --- words ----------------------------------------------------------------------------------


def test_words() -> None:
    assert join_words(["A"]) == "A"
    assert join_words(["A", "B"]) == "A and B"
    assert join_words(["A", "B", "C"], "or") == "A, B or C"
    assert with_article("Kyrgyz Republic") == "the Kyrgyz Republic"
    assert with_article("Azerbaijan") == "Azerbaijan"
    assert with_article("Secretariat of the OTS") == "the Secretariat of the OTS"
    assert people_of("Kyrgyz Republic") == "the fraternal Kyrgyz people"
    assert in_running_text("The threshold fell.") == "the threshold fell."
    assert in_running_text("CEC members spoke.") == "CEC members spoke."
    assert in_running_text("Bishkek voted early.", ["Bishkek"]) == "Bishkek voted early."
    assert numbered(["A is one", "b is two."]) == "Firstly, a is one. Secondly, b is two."
    assert numbered(["x"] * 11).endswith("Tenthly, x. In addition, x.")


def test_the_placeholders_are_documented() -> None:
    documented = (Path(__file__).parents[2] / "docs" / "placeholders.md").read_text("utf-8")
    for name in PLACEHOLDERS:
        assert f"`{{{name}}}`" in documented, name


def test_braces_in_user_text_print_as_typed(demo: Session) -> None:
    from coordinator.services.debrief import DebriefFields, create_debrief_note

    create_debrief_note(
        demo,
        DebriefFields(
            dt.date(2024, 11, 18),
            topic="Sic",
            text="A poster read {vote} and {{twice}}.",
            for_statement=True,
        ),
    )
    assert "A poster read {vote} and {{twice}}." in printed(demo)


def test_a_briefing_with_one_key_point(demo: Session) -> None:
    from coordinator.db.enums import MeetingKind
    from coordinator.services.meetings import (
        InterlocutorFields,
        KeyPointFields,
        MeetingFields,
        create_meeting,
    )

    create_meeting(
        demo,
        MeetingFields(
            dt.date(2024, 11, 16),
            kind=MeetingKind.BRIEFING,
            location="Osh",
            interlocutors=(
                InterlocutorFields("Mr. A. Bekov", "Head", "Osh Territorial Commission"),
            ),
            key_points=(
                KeyPointFields("The Voter lists were published {early}.", for_statement=True),
                KeyPointFields("Not for print.", for_statement=False),
            ),
        ),
    )
    text = one_line(printed(demo))
    assert (
        "Furthermore, the Osh Territorial Commission gave a briefing in Osh on 16 November 2024 "
        "for the international observation missions. At the briefing, it was noted that the "
        "Voter lists were published {early}." in text
    )
    assert "Not for print" not in text
