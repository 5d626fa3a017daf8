"""Submissions from phones come back as visits, in every export shape Kobo and ODK Central make.

The exports are built from the form the program wrote (tests/exchange/field_exports.py);
a real mission file is imported into, and what the visits hold afterwards is checked.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coordinator.db.enums import Assessment, IncidentCategory, Phase, Severity, VisitStatus
from coordinator.db.missionfile import create_mission_file, open_mission_file
from coordinator.db.models import Answer, ChecklistQuestion, Incident, PollingStation, Team, Visit
from coordinator.exchange.submissions import ExportReadError, import_export
from coordinator.exchange.xlsform import export_field_form
from coordinator.services.mission import MissionFields, save_mission
from coordinator.services.submissions import SubmissionImportError
from tests.exchange.field_exports import (
    SHAPES,
    Form,
    Observed,
    read_form,
    write_export,
    write_kobo_csv,
    write_kobo_xlsx,
    write_odk_zip,
)
from tests.services.builders import building

DAY = dt.date(2024, 11, 17)
V, OP = Phase.VOTING, Phase.OPENING
# code -> (phase, answer type, choices); "1a" and "location" are not usable XML names as they are.
QUESTIONS = {
    "V1": (V, "yes_no", ""),
    "V2": (V, "number", ""),
    "1a": (V, "scale", ""),
    "location": (V, "choice", "Inside;Outside the station;Both"),
    "O1": (OP, "yes_no", ""),
    "O.note": (OP, "text", ""),
}
VALUES = {
    "yes_no": st.sampled_from(["yes", "no"]),
    "number": st.integers(0, 3000).map(str),
    "scale": st.sampled_from(["1", "2", "3", "4"]),
    "choice": st.sampled_from(["Inside", "Outside the station", "Both"]),
    # Text is kept in Unicode's composed form (NFC), as everything typed or imported is.
    "text": st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=12)
    .map(lambda t: unicodedata.normalize("NFC", " ".join(t.split())))
    .filter(bool),
}
STATIONS = ("0001", "0012", "1003")
TEAMS = ("T1", "T2")


def _build(path: Path) -> None:
    from coordinator.db.enums import AnswerType

    mission_file = create_mission_file(path)
    try:
        with mission_file.session() as session:
            save_mission(
                session,
                MissionFields(
                    "International Election Observation Mission to Somewhere",
                    "Organization of Turkic States",
                    "Local elections",
                    "Kyrgyz Republic",
                    DAY,
                    organisation_short="OTS",
                ),
            )
            with building(session) as mission:
                locality = mission.locality("Bishkek")
                stations = [mission.station(locality, code) for code in STATIONS]
                teams = [mission.team(code) for code in TEAMS]
                for code, (phase, kind, _choices) in QUESTIONS.items():
                    mission.question(phase, AnswerType(kind), code=code, text=f"Question {code}?")
                # T1 is to be at 0001 while voting; T2 at 1003 at the opening.
                mission.visit(stations[0], V, VisitStatus.PLANNED, team_id=teams[0])
                mission.visit(stations[2], OP, VisitStatus.PLANNED, team_id=teams[1])
            with session.begin():
                question = session.scalars(
                    sa.select(ChecklistQuestion).where(ChecklistQuestion.code == "location")
                ).one()
                question.choices = QUESTIONS["location"][2]
            export_field_form(session, path.with_name("form.xlsx"))
    finally:
        mission_file.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Form]:
    folder = tmp_path_factory.mktemp("field")
    _build(folder / "mission.eom")
    return folder / "mission.eom", read_form(folder / "form.xlsx")


@pytest.fixture
def field(template: tuple[Path, Form], tmp_path: Path) -> Iterator[tuple[Session, Form]]:
    shutil.copy(template[0], tmp_path / "mission.eom")
    with open_mission_file(tmp_path / "mission.eom") as mission_file, mission_file.session() as s:
        yield s, template[1]


def _visits(session: Session) -> dict[str, Visit]:
    """Done visits by the submission's first-version id."""
    return {
        v.submission_root: v
        for v in session.scalars(sa.select(Visit).where(Visit.submission_root.is_not(None)))
        if v.submission_root
    }


def _answers(session: Session, visit_id: int) -> dict[str, str]:
    rows = session.execute(
        sa.select(ChecklistQuestion.code, Answer.value)
        .join(ChecklistQuestion, Answer.question_id == ChecklistQuestion.id)
        .where(Answer.visit_id == visit_id)
    )
    return dict(rows.all())


def _incidents(
    session: Session, visit_id: int
) -> list[tuple[str | None, IncidentCategory, Severity, str]]:
    rows = session.scalars(
        sa.select(Incident).where(Incident.visit_id == visit_id).order_by(Incident.id)
    )
    return [
        (f"{i.time:%H:%M}" if i.time else None, i.category, i.severity, i.description) for i in rows
    ]


def _observed_strategy() -> st.SearchStrategy[list[Observed]]:
    times = st.none() | st.times().map(lambda t: f"{t:%H:%M}")

    @st.composite
    def one(draw: st.DrawFn, key: tuple[str, str, Phase], number: int) -> Observed:
        team, station, phase = key
        answers = {
            code: draw(VALUES[kind])
            for code, (asked, kind, _c) in QUESTIONS.items()
            if asked is phase and draw(st.booleans())
        }
        incidents = draw(
            st.lists(
                st.tuples(
                    times,
                    st.sampled_from(IncidentCategory),
                    st.sampled_from(Severity),
                    VALUES["text"],
                ),
                max_size=2,
            )
        )
        return Observed(
            f"0b1c{number:04d}-aaaa-4bbb-8ccc-{number:012d}",
            team,
            station,
            DAY,
            phase,
            arrival=draw(times),
            departure=draw(times),
            voters_voted=draw(st.none() | st.integers(0, 5000)),
            overall=draw(st.none() | st.sampled_from(Assessment)),
            notes=draw(st.just("") | VALUES["text"]),
            answers=answers,
            incidents=incidents,
            latitude=draw(st.none() | st.floats(-89, 89).map(lambda x: round(x, 5))),
            longitude=74.6,
        )

    keys = st.lists(
        st.tuples(st.sampled_from(TEAMS), st.sampled_from(STATIONS), st.sampled_from([V, OP])),
        min_size=1,
        max_size=5,
        unique=True,
    )
    return keys.flatmap(lambda ks: st.tuples(*[one(k, n) for n, k in enumerate(ks)]).map(list))


OPTIONS = {
    "odk_csv": [{}, {"group_paths": False}],
    "odk_zip": [{}, {"group_paths": False}],
    "kobo_xlsx": [{}, {"labels": True}, {"groups": False}, {"as_text": True}],
    "kobo_csv": [{}, {"labels": True}, {"groups": False}, {"labels": True, "groups": False}],
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(observed=_observed_strategy(), data=st.data())
def test_submissions_come_back_as_the_same_visits_in_every_shape(
    template: tuple[Path, Form], observed: list[Observed], data: st.DataObject
) -> None:
    shape = data.draw(st.sampled_from(SHAPES))
    options = data.draw(st.sampled_from(OPTIONS[shape]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mission.eom"
        shutil.copy(template[0], path)
        export = write_export(shape, Path(folder), template[1], observed, **options)
        with open_mission_file(path) as mission_file, mission_file.session() as session:
            report = import_export(session, export)
            assert report.problems == []
            # Kobo's default export has station codes as Excel numbers: said, and matched.
            assert all("leading zeros" in warning for warning in report.warnings)
            visits = _visits(session)
            assert len(visits) == len(observed)
            for o in observed:
                visit = visits[o.instance_id]
                assert visit.status is VisitStatus.DONE
                assert (visit.team.code, visit.station.code, visit.date, visit.phase) == (
                    o.team,
                    o.station,
                    o.date,
                    o.phase,
                )
                assert (
                    f"{visit.actual_arrival:%H:%M}" if visit.actual_arrival else None
                ) == o.arrival
                assert (
                    f"{visit.actual_departure:%H:%M}" if visit.actual_departure else None
                ) == o.departure
                assert (visit.voters_voted, visit.overall, visit.notes) == (
                    o.voters_voted,
                    o.overall,
                    o.notes,
                )
                assert visit.latitude == o.latitude
                assert _answers(session, visit.id) == o.answers
                if shape not in {"odk_csv", "kobo_csv"}:  # CSV exports hold no repeats
                    assert _incidents(session, visit.id) == o.incidents
                assert visit.submission_id == o.instance_id
                assert visit.submitted_by == o.submitted_by
                assert visit.form_version == template[1].version
            planned = {
                (v.team.code, v.station.code, v.phase)
                for v in session.scalars(sa.select(Visit).where(Visit.id.in_([1, 2])))
                if v.status is VisitStatus.DONE
            }
            filled = {("T1", "0001", V), ("T2", "1003", OP)} & {
                (o.team, o.station, o.phase) for o in observed
            }
            assert planned == filled
            assert report.planned_done == len(filled)
            assert report.new_visits == len(observed) - len(filled)
            # The same export again changes nothing.
            again = import_export(session, export)
            assert (again.unchanged, again.changed) == (len(observed), 0)


def _one(**changes: object) -> Observed:
    base = Observed(
        "11111111-1111-4111-8111-111111111111",
        "T1",
        "0001",
        DAY,
        V,
        "09:40",
        "10:15",
        312,
        Assessment.GOOD,
        "Calm",
        {"V1": "no", "V2": "25", "1a": "2", "location": "Outside the station"},
        [("10:00", IncidentCategory.CAMPAIGN_MATERIAL, Severity.MINOR, "Posters at the door")],
        42.87,
        74.6,
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_kobo_stores_station_codes_as_numbers_and_they_are_matched_back(
    field: tuple[Session, Form], tmp_path: Path
) -> None:
    session, form = field
    export = write_kobo_xlsx(tmp_path / "k.xlsx", form, [_one(station="0012", instance_id="a")])
    report = import_export(session, export)
    assert _visits(session)["a"].station.code == "0012"
    assert "leading zeros" in " ".join(report.warnings)


def test_two_codes_that_one_number_could_be_are_a_problem(
    field: tuple[Session, Form], tmp_path: Path
) -> None:
    session, form = field
    session.commit()
    with session.begin():
        locality_id = session.scalar(sa.select(PollingStation.locality_id))
        session.add(PollingStation(code="12", locality_id=locality_id))
    export = write_kobo_xlsx(tmp_path / "k.xlsx", form, [_one(station="0012")])
    with pytest.raises(SubmissionImportError) as raised:
        import_export(session, export)
    assert "0012, 12" in str(raised.value) and "column 'station'" in str(raised.value)
    assert _visits(session) == {}


def test_an_edit_updates_its_visit_and_says_so(field: tuple[Session, Form], tmp_path: Path) -> None:
    session, form = field
    first = _one()
    import_export(session, write_odk_zip(tmp_path / "a.zip", form, [first]))
    visit = _visits(session)[first.instance_id]
    session.commit()
    with session.begin():  # an incident the coordinator typed in stays
        session.add(
            Incident(visit_id=visit.id, category=IncidentCategory.OTHER, description="Typed")
        )
    edited = _one(
        instance_id="22222222-2222-4222-8222-222222222222",
        stable_id=first.instance_id,
        deprecated_id=first.instance_id,
        overall=Assessment.BAD,
        answers={"V1": "yes"},
        incidents=[("11:00", IncidentCategory.PUBLIC_ORDER, Severity.SERIOUS, "A fight")],
    )
    report = import_export(session, write_odk_zip(tmp_path / "b.zip", form, [edited]))
    assert (report.updated, report.new_visits) == (1, 0)
    assert any("updated" in line and "edit" in line for line in report.lines())
    session.expire_all()
    visit = _visits(session)[first.instance_id]
    assert visit.submission_id == edited.instance_id and visit.overall is Assessment.BAD
    assert _answers(session, visit.id) == {"V1": "yes"}
    assert [i[3] for i in _incidents(session, visit.id)] == ["Typed", "A fight"]


def test_kobo_edits_keep_their_root_uuid(field: tuple[Session, Form], tmp_path: Path) -> None:
    session, form = field
    first = _one()
    edited = _one(instance_id="e2", stable_id=first.instance_id, voters_voted=400)
    import_export(session, write_kobo_xlsx(tmp_path / "a.xlsx", form, [first]))
    report = import_export(session, write_kobo_xlsx(tmp_path / "b.xlsx", form, [edited]))
    assert report.updated == 1
    session.expire_all()
    assert _visits(session)[first.instance_id].voters_voted == 400


def test_both_versions_in_one_file_keep_the_newest(
    field: tuple[Session, Form], tmp_path: Path
) -> None:
    session, form = field
    first = _one()
    edited = _one(
        instance_id="e2",
        stable_id=first.instance_id,
        deprecated_id=first.instance_id,
        notes="Edited",
    )
    report = import_export(session, write_kobo_xlsx(tmp_path / "a.xlsx", form, [edited, first]))
    assert (report.older_versions, report.planned_done) == (1, 1)
    assert _visits(session)[first.instance_id].notes == "Edited"


def test_rejected_submissions_are_left_out_and_counted(
    field: tuple[Session, Form], tmp_path: Path
) -> None:
    session, form = field
    observed = [_one(review="rejected"), _one(instance_id="b", team="T2", review="approved")]
    report = import_export(session, write_odk_zip(tmp_path / "a.zip", form, observed))
    assert (report.rejected, report.new_visits) == (1, 1)
    assert set(_visits(session)) == {"b"}


def test_approved_only_leaves_out_what_kobo_reviewers_did_not_approve(
    field: tuple[Session, Form], tmp_path: Path
) -> None:
    session, form = field
    observed = [
        _one(review="on_hold"),
        _one(instance_id="b", team="T2", review="approved"),
        _one(instance_id="c", station="0012"),
    ]
    export = write_kobo_xlsx(tmp_path / "a.xlsx", form, observed, labels=True)
    report = import_export(session, export, approved_only=True)
    assert (report.not_approved, report.changed) == (2, 1)
    assert set(_visits(session)) == {"b"}


def test_two_submissions_for_one_visit_are_a_conflict_never_merged(
    field: tuple[Session, Form], tmp_path: Path
) -> None:
    session, form = field
    observed = [_one(), _one(instance_id="b", notes="Other"), _one(instance_id="c", team="T2")]
    report = import_export(session, write_kobo_csv(tmp_path / "a.csv", form, observed))
    assert (report.conflicts, report.changed) == (2, 1)
    assert set(_visits(session)) == {"c"}
    assert any(line.startswith("Conflict:") for line in report.lines())
    planned = session.get(Visit, 1)
    assert planned is not None and planned.station.code == "0001"
    assert planned.status is VisitStatus.PLANNED


def test_the_preview_says_what_would_change_and_writes_nothing(
    field: tuple[Session, Form], tmp_path: Path
) -> None:
    session, form = field
    export = write_odk_zip(tmp_path / "a.zip", form, [_one(), _one(instance_id="b", team="T2")])
    report = import_export(session, export, preview=True)
    assert (report.planned_done, report.new_visits) == (1, 1)
    assert any(line.startswith("New visit") for line in report.lines())
    assert _visits(session) == {}


def test_every_problem_is_listed_with_its_submission_and_column_and_nothing_is_written(
    field: tuple[Session, Form], tmp_path: Path
) -> None:
    session, form = field
    observed = [
        _one(station="9999"),
        _one(instance_id="b", team="T2", arrival="25:00"),
        _one(instance_id="c", team="T2", station="1003", answers={"V1": "maybe"}),
    ]
    tables = write_odk_zip(tmp_path / "a.zip", form, observed)
    with pytest.raises(SubmissionImportError) as raised:
        import_export(session, tables)
    problems = [str(p) for p in raised.value.report.problems]
    assert any("station '9999'" in p and "column 'station'" in p and "row 2" in p for p in problems)
    assert any(
        "'25:00:00.000+06:00' is not a time" in p and "column 'arrival'" in p for p in problems
    )
    assert any("maybe" in p and "column 'voting-V1'" in p for p in problems)
    assert _visits(session) == {}
    assert session.scalar(sa.select(sa.func.count()).select_from(Incident)) == 0


def test_another_forms_export_is_refused(field: tuple[Session, Form], tmp_path: Path) -> None:
    session, _form = field
    other = tmp_path / "other.csv"
    other.write_text("SubmissionDate,name,age,KEY\n2018-01-01T00:00:00.000Z,Alice,30,one\n")
    with pytest.raises(ExportReadError, match="not an export of this mission's field form"):
        import_export(session, other)


def test_a_truncated_zip_is_refused_plainly(field: tuple[Session, Form], tmp_path: Path) -> None:
    session, form = field
    whole = write_odk_zip(tmp_path / "a.zip", form, [_one()])
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(ExportReadError, match="cut short"):
        import_export(session, cut)
    assert _visits(session) == {}


def test_unknown_columns_are_left_out_with_a_warning(
    field: tuple[Session, Form], tmp_path: Path
) -> None:
    session, form = field
    export = write_odk_zip(tmp_path / "a.zip", form, [_one()])
    with zipfile.ZipFile(export) as archive:
        main = archive.read(f"{form.form_id}.csv").decode()
    lines = main.split("\n")
    lines[0] += ",extra"
    lines[1] += ",x"
    single = tmp_path / "main.csv"
    single.write_text("\n".join(lines))
    report = import_export(session, single)
    assert report.changed == 1
    assert report.warnings == ["column 'extra' is not part of the form; it was left out."]


def test_wrong_types_are_problems(field: tuple[Session, Form], tmp_path: Path) -> None:
    session, form = field
    observed = [_one(answers={"V2": "many", "1a": "9"})]
    with pytest.raises(SubmissionImportError) as raised:
        import_export(session, write_kobo_csv(tmp_path / "a.csv", form, observed, separator=","))
    text = str(raised.value)
    assert "'many' is not a whole number" in text and "'9' is not on the 4-point scale" in text
    assert session.scalar(sa.select(sa.func.count()).select_from(Team)) == 2


def test_a_kobo_export_in_the_forms_second_language_is_read(
    field: tuple[Session, Form], tmp_path: Path
) -> None:
    """Kobo exports labels in the language the user picks: the Russian headers and
    answers of a form in English and Russian come back as the same visit."""
    from coordinator.services.statement_languages import save_translations, set_statement_languages

    session, _form = field
    set_statement_languages(session, ["ru"])
    save_translations(
        session,
        "ru",
        {"Question V1?": "Вопрос V1?", "Outside the station": "Снаружи участка"},
    )
    export_field_form(session, tmp_path / "form.xlsx")
    form = read_form(tmp_path / "form.xlsx", "Russian (ru)")
    observed = [_one()]
    export = write_kobo_xlsx(tmp_path / "a.xlsx", form, observed, labels=True)
    book = openpyxl.load_workbook(export, read_only=True)
    main = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    row = dict(zip(main[0], main[1], strict=True))
    assert row["Голосование/Вопрос V1?"] == "Нет"
    assert row["Голосование/Question location?"] == "Снаружи участка"
    assert (row["Этап"], row["Общая оценка"]) == ("Голосование", "Хорошо")
    report = import_export(session, export)
    assert report.problems == [] and report.changed == 1
    assert all("leading zeros" in warning for warning in report.warnings)
    visit = _visits(session)[observed[0].instance_id]
    assert (visit.team.code, visit.station.code, visit.phase) == ("T1", "0001", V)
    assert (visit.overall, visit.voters_voted, visit.notes) == (Assessment.GOOD, 312, "Calm")
    assert _answers(session, visit.id) == observed[0].answers
    assert _incidents(session, visit.id) == observed[0].incidents


@pytest.mark.parametrize("shape", SHAPES)
def test_a_submission_without_an_answer_to_a_required_question_is_accepted(
    field: tuple[Session, Form], tmp_path: Path, shape: str
) -> None:
    """The phone enforces required questions; a form of an older version may not have."""
    session, form = field
    with session.begin():
        session.execute(
            sa.update(ChecklistQuestion)
            .where(ChecklistQuestion.code.in_(["V1", "O1"]))
            .values(required=True)
        )
    observed = _one(answers={"V2": "25"})
    report = import_export(session, write_export(shape, tmp_path, form, [observed]))
    assert report.problems == []
    assert (report.planned_done, report.new_visits) == (1, 0)  # T1 was to be there
    session.expire_all()
    visit = _visits(session)[observed.instance_id]
    assert visit.status is VisitStatus.DONE
    assert _answers(session, visit.id) == {"V2": "25"}


def test_a_kobo_export_of_a_form_with_the_former_turkish_words_is_read(
    field: tuple[Session, Form], tmp_path: Path
) -> None:
    """A form written before the phases were worded once called voting "Oylama": its
    labelled export (headers and the phase's cell) still comes back as the visit."""
    from coordinator.services.statement_languages import set_statement_languages

    session, _form = field
    set_statement_languages(session, ["tr"])
    export_field_form(session, tmp_path / "form.xlsx")
    form = read_form(tmp_path / "form.xlsx", "Turkish (tr)")
    observed = [_one()]
    written = write_kobo_xlsx(tmp_path / "new.xlsx", form, observed, labels=True)
    book = openpyxl.load_workbook(written)
    renamed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "Oy verme" in cell.value:
                    cell.value = cell.value.replace("Oy verme", "Oylama")
                    renamed += 1
    assert renamed >= 3  # the phase's cell and the voting questions' headers
    export = tmp_path / "older.xlsx"
    book.save(export)
    report = import_export(session, export)
    assert report.problems == [] and report.changed == 1
    assert not any("Oylama" in warning for warning in report.warnings)
    visit = _visits(session)[observed[0].instance_id]
    assert (visit.team.code, visit.station.code, visit.phase) == ("T1", "0001", V)
    assert _answers(session, visit.id) == observed[0].answers
