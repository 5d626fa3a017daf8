"""The field form: pyxform (the official XLSForm converter) accepts it, for the demo and for
generated missions with questions of every answer type and codes that are not XML names."""

from __future__ import annotations

import csv
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyxform.xls2xform import convert
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, Phase
from coordinator.db.models import ChecklistQuestion
from coordinator.errors import UserError
from coordinator.exchange.xlsform import export_field_form
from coordinator.services import field_form as ff
from coordinator.services.statement_languages import save_translations, set_statement_languages
from tests.conftest import new_empty_mission
from tests.services.builders import building


def _survey(path: Path) -> list[dict[str, str]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book["survey"].iter_rows(values_only=True))
    book.close()
    return [{str(k): str(v or "") for k, v in zip(rows[0], row, strict=True)} for row in rows[1:]]


def test_the_demo_form_converts_and_asks_each_question_in_its_phase(
    demo: Session, tmp_path: Path
) -> None:
    path = tmp_path / "form.xlsx"
    assert export_field_form(demo, path) == [path]
    result = convert(xlsform=str(path))
    assert result.warnings == []
    assert "O1" in result.xform and "<incident" in result.xform
    survey = _survey(path)
    names = [row["name"] for row in survey]
    for name in ("team", "station", "date", "phase", "arrival", "departure", "voters_voted"):
        assert name in names
    assert names.index("overall") < names.index("opening")
    groups = {row["name"]: row["relevant"] for row in survey if row["type"] == "begin_group"}
    assert groups == {p.value: f"${{phase}} = '{p.value}'" for p in Phase}
    types = {row["name"]: row["type"] for row in survey if not row["type"].startswith("end_")}
    assert types["V1"] == "select_one yes_no"
    assert types["V16"] == "integer"  # a number question
    assert types["V17"] == "select_one scale"
    assert types["location"] == "geopoint"
    assert types["incident"] == "begin_repeat"
    assert {row["name"] for row in survey if row["required"] == "yes"} >= {
        "team",
        "station",
        "date",
        "phase",
    }
    book = openpyxl.load_workbook(path, read_only=True)
    settings_rows = list(book["settings"].iter_rows(values_only=True))
    book.close()
    settings_ = dict(zip(settings_rows[0], settings_rows[1], strict=True))
    assert settings_["form_id"] == "ots_20241117_checklist"
    assert settings_["instance_name"] == "concat(${team}, ' ', ${station}, ' ', ${phase})"
    assert f'version="{settings_["version"]}"' in result.xform


XFORMS = "{http://www.w3.org/2002/xforms}"
JR = "{http://openrosa.org/javarosa}"


def required_binds(xform: str) -> dict[str, str]:
    """{path of each field the XForm requires: the relevant that holds where it sits}.

    A field inside a group is relevant only where the group is (ODK and Enketo evaluate
    `relevant` down the tree), and a field that is not relevant is never required.
    """
    root = ET.fromstring(xform)
    binds = {bind.get("nodeset", ""): bind for bind in root.iter(f"{XFORMS}bind")}
    found = {}
    for path, bind in binds.items():
        if bind.get("required") == "true()":
            group = binds.get(path.rsplit("/", 1)[0])
            found[path] = (group.get("relevant") or "") if group is not None else ""
    return found


def in_a_phase(path: str) -> bool:
    """Whether the field at `path` is a checklist question (in its phase's group)."""
    return any(path.startswith(f"/data/{phase.value}/") for phase in Phase)


def itext(xform: str, language: str, text_id: str) -> str:
    """The text with `text_id` in `language` of the XForm's translations."""
    root = ET.fromstring(xform)
    for translation in root.iter(f"{XFORMS}translation"):
        if translation.get("lang") == language:
            for text in translation.iter(f"{XFORMS}text"):
                if text.get("id") == text_id:
                    value = text.find(f"{XFORMS}value")
                    assert value is not None
                    return value.text or ""
    raise AssertionError(f"no text {text_id} in {language}")


def test_the_required_questions_are_required_in_their_phase_only(
    demo: Session, tmp_path: Path
) -> None:
    path = tmp_path / "form.xlsx"
    export_field_form(demo, path)
    survey = {row["name"]: row for row in _survey(path)}
    required = {
        "O1": "opening", "O3": "opening", "V6": "voting", "V12": "voting", "V17": "voting",
        "C1": "counting", "C4": "counting", "T2": "tabulation",
    }  # fmt: skip
    # The demo's form is in English first, then its other statement languages.
    message = "required_message::English (en)"
    for code, row in survey.items():
        if code in required:
            assert (row["required"], row[message]) == (
                "yes", "This question must be answered.",
            ), code  # fmt: skip
        elif row["type"].startswith("select_one yes_no"):
            assert (row["required"], row[message]) == ("", ""), code
    xform = convert(xlsform=str(path)).xform
    binds = required_binds(xform)
    questions = {path: relevant for path, relevant in binds.items() if in_a_phase(path)}
    assert questions == {
        f"/data/{phase}/{code}": f" /data/phase  = '{phase}'" for code, phase in required.items()
    }
    # The form's own required fields are required at every visit.
    assert binds["/data/team"] == binds["/data/station"] == ""
    assert binds["/data/incident/category"] == ""  # (a repeat: no relevant of its own)


def test_the_required_message_is_in_each_of_the_forms_languages(
    demo: Session, tmp_path: Path
) -> None:
    set_statement_languages(demo, ["ru", "tr"])
    path = tmp_path / "form.xlsx"
    export_field_form(demo, path)
    head = [str(h) for h in _sheet(path, "survey")[0]]
    assert {f"required_message::{lang}" for lang in ("English (en)", "Russian (ru)")} <= set(head)
    xform = convert(xlsform=str(path)).xform
    assert "jr:requiredMsg=\"jr:itext('/data/opening/O1:jr:requiredMsg')\"" in xform
    message = "/data/opening/O1:jr:requiredMsg"
    assert itext(xform, "English (en)", message) == "This question must be answered."
    assert itext(xform, "Russian (ru)", message) == "На этот вопрос необходимо ответить."
    assert itext(xform, "Turkish (tr)", message) == "Bu sorunun cevaplanması zorunludur."


def _sheet(path: Path, name: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book[name].iter_rows(values_only=True))
    book.close()
    return rows


def test_a_mission_in_two_languages_labels_the_form_in_both(demo: Session, tmp_path: Path) -> None:
    set_statement_languages(demo, ["ru"])
    asked = "Did the polling station open on time?"
    save_translations(demo, "ru", {asked: "Открылся ли избирательный участок вовремя?"})
    reworded = "Was the ballot scanner switched on and tested before the first voter came?"
    with demo.begin():
        demo.execute(
            sa.update(ChecklistQuestion).where(ChecklistQuestion.code == "O4").values(text=reworded)
        )
    path = tmp_path / "form.xlsx"
    export_field_form(demo, path)
    result = convert(xlsform=str(path))
    assert result.warnings == []
    survey = _sheet(path, "survey")
    head = [str(h) for h in survey[0]]
    en, ru = "label::English (en)", "label::Russian (ru)"
    assert "label" not in head and {en, ru, "constraint_message::Russian (ru)"} <= set(head)
    labels = {
        row[1]: (row[head.index(en)], row[head.index(ru)])
        for row in survey[1:]
        if not str(row[0]).startswith("end_")
    }
    assert labels["O1"] == (asked, "Открылся ли избирательный участок вовремя?")
    # No translation of the mission's own: the standard checklist's, for its text unchanged.
    assert labels["O2"] == (
        "Were all the election materials required by the law present at the opening?",
        "Присутствовали ли при открытии все избирательные материалы, предусмотренные законом?",
    )
    assert labels["O4"] == (reworded, reworded)  # reworded: no translation, as typed
    assert labels["team"] == ("Team", "Группа")
    assert labels["opening"] == ("Opening", "Открытие")
    assert labels["incident"] == ("Incidents", "Нарушения")
    choices = _sheet(path, "choices")
    assert choices[0] == ("list_name", "name", en, ru)
    by_name = {(row[0], row[1]): row[2:] for row in choices[1:]}
    assert by_name["yes_no", "yes"] == ("Yes", "Да")
    assert by_name["scale", "2"] == ("Good", "Хорошо")
    assert by_name["severity", "critical"] == ("Critical", "Критическое")
    settings_rows = _sheet(path, "settings")
    settings_ = dict(zip(settings_rows[0], settings_rows[1], strict=True))
    assert settings_["default_language"] == "English (en)"
    assert '<translation lang="Russian (ru)">' in result.xform
    assert "Открылся ли избирательный участок вовремя?" in result.xform
    # The translation is part of the form: a new one is a new version.
    before = ff.field_form(demo).version
    save_translations(demo, "ru", {asked: "Участок открылся вовремя?"})
    assert ff.field_form(demo).version != before


def test_a_mission_in_one_language_has_one_label_column(session: Session, tmp_path: Path) -> None:
    with building(session) as mission:
        mission.station(mission.locality("Town"), "0001")
        mission.team("T1")
        mission.question(Phase.VOTING)
    path = tmp_path / "form.xlsx"
    export_field_form(session, path)
    assert "label" in _sheet(path, "survey")[0]
    assert "default_language" not in _sheet(path, "settings")[0]
    assert convert(xlsform=str(path)).warnings == []


def test_the_version_changes_with_the_checklist(demo: Session) -> None:
    from coordinator.db.models import ChecklistQuestion

    before = ff.field_form(demo).version
    assert ff.field_form(demo).version == before
    with demo.begin():
        question = demo.query(ChecklistQuestion).filter_by(code="V1").one()
        question.text = "Was campaign material displayed anywhere near the station?"
    assert ff.field_form(demo).version != before


def test_codes_that_are_not_xml_names_are_made_valid_and_back() -> None:
    for code, name in [
        ("V1", "V1"),
        ("1a", "q_1a"),
        ("location", "q_location"),
        ("q_1", "q_q_1"),
        ("Q_1", "Q_1"),
        ("_x", "q__x"),
        ("-1", "q_-1"),
        (".5", "q_.5"),
        ("voting", "q_voting"),
        ("Ө1", "Ө1"),
    ]:
        assert ff.xml_name(code) == name
        assert ff.question_code(name) == code


CODES = st.from_regex(r"[A-Za-z0-9_.\-Өә]{1,8}", fullmatch=True).filter(
    lambda c: (
        c.casefold().replace("_", "")
        not in {
            "id",
            "team",
            "station",
            "date",
            "phase",
            "status",
            "notes",
            "overall",
            "votersvoted",
        }
    )
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    questions=st.lists(
        st.tuples(CODES, st.sampled_from(Phase), st.sampled_from(AnswerType), st.booleans()),
        min_size=1,
        max_size=8,
        unique_by=lambda q: q[0],
    ),
    choices=st.lists(
        st.sampled_from(["A", "B b", "ß", "a", "Ja / Да", "—"]), min_size=1, max_size=4, unique=True
    ),
)
def test_generated_checklists_convert(
    empty_original: Path, questions: list[tuple[str, Phase, AnswerType, bool]], choices: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        mission_file = new_empty_mission(empty_original, Path(folder) / "m.eom")
        try:
            with mission_file.session() as session:
                with building(session) as mission:
                    locality = mission.locality("Town")
                    mission.station(locality, "0001")
                    mission.team("T1")
                    ids = [
                        mission.question(phase, kind, code=code)
                        for code, phase, kind, _required in questions
                    ]
                from coordinator.db.models import ChecklistQuestion

                with session.begin():
                    for question_id, (*_, required) in zip(ids, questions, strict=True):
                        question = session.get(ChecklistQuestion, question_id)
                        assert question is not None
                        question.required = required
                        if question.answer_type is AnswerType.CHOICE:
                            question.choices = ";".join(choices)
                path = Path(folder) / "form.xlsx"
                export_field_form(session, path)
        finally:
            mission_file.close()
        xform = convert(xlsform=str(path)).xform
        for code, phase, _kind, _required in questions:
            assert f"<{ff.xml_name(code)}/>" in xform
            assert f'nodeset="/data/{phase.value}/{ff.xml_name(code)}"' in xform
        # Required exactly where the checklist says, and only in the question's phase.
        assert {
            path: relevant for path, relevant in required_binds(xform).items() if in_a_phase(path)
        } == {
            f"/data/{phase.value}/{ff.xml_name(code)}": f" /data/phase  = '{phase.value}'"
            for code, phase, _kind, required in questions
            if required
        }


def test_thousands_of_stations_go_to_a_file_beside_the_form(
    session: Session, tmp_path: Path
) -> None:
    with building(session) as mission:
        locality = mission.locality("Town")
        for number in range(ff.STATIONS_IN_FORM + 1):
            mission.station(locality, f"{number:05d}")
        mission.team("T1")
        mission.question(Phase.VOTING)
    path = tmp_path / "form.xlsx"
    written = export_field_form(session, path)
    assert written == [path, tmp_path / "stations.csv"]
    survey = {row["name"]: row for row in _survey(path)}
    assert survey["station"]["type"] == "select_one_from_file stations.csv"
    with (tmp_path / "stations.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["name", "label"] and rows[1] == ["00000", "00000"]
    assert len(rows) == ff.STATIONS_IN_FORM + 2
    assert "stations.csv" in convert(xlsform=str(path)).xform


def test_a_mission_without_a_checklist_has_no_form(session: Session, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no checklist questions"):
        export_field_form(session, tmp_path / "form.xlsx")
    assert not (tmp_path / "form.xlsx").exists()
