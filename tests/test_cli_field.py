"""The field commands: `form` writes an XLSForm pyxform converts, `submissions` imports an
export (or says what it would do with --dry-run), `checklist` prints the paper checklist."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pdfplumber
import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from pyxform.xls2xform import convert

from coordinator.cli import main
from coordinator.db.enums import Assessment, IncidentCategory, Phase, Severity, VisitStatus
from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import Visit
from tests.exchange.field_exports import Observed, read_form, write_kobo_xlsx, write_odk_zip


@pytest.fixture
def mission(demo_path: Path) -> Path:
    return demo_path


def _done_from_the_field(path: Path) -> list[tuple[str, str, str]]:
    with open_mission_file(path, to_read=True) as mission_file, mission_file.session() as session:
        rows = session.scalars(sa.select(Visit).where(Visit.submission_id.is_not(None)))
        return [(v.team.code, v.station.code, v.submitted_by or "") for v in rows]


def test_form_then_submissions_round_trip_through_the_command_line(
    mission: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form_path = tmp_path / "form.xlsx"
    assert main(["form", str(mission), "-o", str(form_path)]) == 0
    assert f"Wrote the field form to {form_path}" in capsys.readouterr().out
    assert convert(xlsform=str(form_path)).xform
    form = read_form(form_path)
    # T4 had no planned opening visit at 1305: the submission makes one.
    observed = [
        Observed(
            "5d2d6c1e-0f0e-4a55-9c3e-2b8f0c1d7a11",
            "T4",
            "1305",
            dt.date(2024, 11, 17),
            Phase.OPENING,
            "07:40",
            "08:10",
            overall=Assessment.GOOD,
            answers={"O1": "yes", "O2": "no"},
            incidents=[("07:50", IncidentCategory.OTHER, Severity.MINOR, "Seals missing")],
            submitted_by="Jasur",
        )
    ]
    export = write_odk_zip(tmp_path / "export.zip", form, observed)
    before = mission.read_bytes()
    assert main(["submissions", str(mission), str(export), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 new visit(s)" in out and "Dry run: nothing was written" in out
    assert "New visit V" in out and "team T4 at station 1305" in out
    assert _done_from_the_field(mission) == []
    assert main(["submissions", str(mission), str(export)]) == 0
    assert "1 new visit(s)" in capsys.readouterr().out
    assert _done_from_the_field(mission) == [("T4", "1305", "Jasur")]
    assert mission.read_bytes() != before
    assert main(["submissions", str(mission), str(export)]) == 0
    assert "1 unchanged" in capsys.readouterr().out


def test_a_bad_export_exits_1_with_every_problem_and_changes_nothing(
    mission: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["form", str(mission), "-o", str(tmp_path / "form.xlsx")]) == 0
    form = read_form(tmp_path / "form.xlsx")
    day = dt.date(2024, 11, 17)
    observed = [
        Observed("a", "T9", "1305", day, Phase.OPENING),
        Observed("b", "T4", "1305", day, Phase.OPENING, arrival="25:00"),
    ]
    export = write_kobo_xlsx(tmp_path / "export.xlsx", form, observed)
    capsys.readouterr()
    before = mission.read_bytes()
    assert main(["submissions", str(mission), str(export)]) == 1
    captured = capsys.readouterr()
    assert "team 'T9' is not a team of this mission" in captured.out
    assert "column 'arrival'" in captured.out and "row 3" in captured.out
    assert "is unchanged" in captured.err and "Traceback" not in captured.err
    assert mission.read_bytes() == before
    assert main(["submissions", str(mission), str(tmp_path / "missing.zip")]) == 1
    assert "There is no export file" in capsys.readouterr().err


def test_the_paper_checklist_has_one_form_per_phase(
    mission: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "checklist.pdf"
    assert main(["checklist", str(mission), "-o", str(pdf)]) == 0
    with pdfplumber.open(pdf) as document:
        pages = [page.extract_text() or "" for page in document.pages]
    text = "\n".join(pages)
    for phase in ("Opening", "Voting", "Counting", "Tabulation"):
        assert f"Checklist: {phase}" in text
    assert "Did the polling station open on time?" in text
    assert "☐ Yes ☐ No" in text or "☐Yes" in text.replace(" ", "")
    assert "Overall assessment" in text and "Incidents" in text
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(pdf).pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index]
    }
    assert any("DejaVu" in font for font in fonts)
    only = tmp_path / "opening.pdf"
    assert main(["checklist", str(mission), "-o", str(only), "--phase", "opening"]) == 0
    with pdfplumber.open(only) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert "Checklist: Opening" in text and "Checklist: Voting" not in text


def test_the_paper_checklist_speaks_the_missions_language(demo_path: Path, tmp_path: Path) -> None:
    from coordinator.db.models import Mission

    with (
        open_mission_file(demo_path) as mission_file,
        mission_file.session() as session,
        session.begin(),
    ):
        mission = session.scalars(sa.select(Mission)).one()
        mission.language = "ru"
    pdf = tmp_path / "ru.pdf"
    assert main(["checklist", str(demo_path), "-o", str(pdf), "--phase", "voting"]) == 0
    with pdfplumber.open(pdf) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert "Контрольный лист: Голосование" in text and "Да" in text


def test_the_demos_done_visits_stay_when_a_submission_conflicts(
    mission: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["form", str(mission), "-o", str(tmp_path / "form.xlsx")]) == 0
    form = read_form(tmp_path / "form.xlsx")
    # The demo's visit V001: T1 at 1003, opening, done by hand.
    observed = [Observed("c", "T1", "1003", dt.date(2024, 11, 17), Phase.OPENING)]
    export = write_kobo_xlsx(tmp_path / "k.xlsx", form, observed, labels=True)
    assert main(["submissions", str(mission), str(export)]) == 0
    out = capsys.readouterr().out
    assert "1 in conflict" in out and "visit V001 already records it" in out
    with open_mission_file(mission, to_read=True) as mission_file, mission_file.session() as s:
        v001 = s.scalars(sa.select(Visit).where(Visit.ref == "V001")).one()
        assert v001.status is VisitStatus.DONE and v001.submission_id is None
