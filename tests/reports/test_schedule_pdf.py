"""The team schedules PDF, read back with pdfplumber and pypdf: every team's section with
its people and its itinerary in time order, one team on request, embedded fonts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any, cast

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from sqlalchemy.orm import Session

from coordinator.cli import main
from coordinator.db.enums import Phase, VisitStatus
from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import Team
from coordinator.errors import UserError
from coordinator.reports.schedule import write_schedule_pdf
from coordinator.services.paging import PageRequest
from coordinator.services.stations import list_stations
from coordinator.services.teams import list_teams, team_fields, update_team
from coordinator.services.unit import get
from coordinator.services.visits import VisitFields, create_visit

TEAM_FOOTER = re.compile(r"^Team (\S+) · page (\d+) of (\d+)$")
ITINERARY_COLUMNS = ("Planned", "Phase", "Station", "Name", "Address", "Locality")

# The demo's team T1 on election day, as the coordinator planned it.
T1_DAY = [
    ("07:30–08:20", "Opening", "1003", "Chüy Avenue 125"),
    ("09:30–10:15", "Voting", "1017", "Toktogul Street 98"),
    ("11:00–11:45", "Voting", "1024", "Ch. Aitmatov Avenue 66"),
    ("13:00–13:45", "Voting", "1038", "Abdrakhmanov Street 210"),
    ("15:00–15:40", "Voting", "1003", "Chüy Avenue 125"),
    ("19:45–21:30", "Counting", "1038", "Abdrakhmanov Street 210"),
    ("21:30–22:30", "Tabulation", "1038", "Abdrakhmanov Street 210"),
]
TEAMS = {
    "T1": ("Ayşe Demirtaş", "Mehmet Ali Yüksel", "Айгүл Төлөгөнова", "Бакыт Өмүрзаков"),
    "T2": ("Rəşad Məmmədov", "Günel Həsənova", "Нурзат Мамбетова", "Эрлан Сыдыков"),
    "T3": ("Nurlan Dzhaksybekov", "Aigerim Seitkali", "Жылдыз Абдыкалыкова", "Үмүтбек Асанов"),
    "T4": ("Jasur Toshmatov", "Dilnoza Rahimova", "Гүлнара Ормонова", "Таалайбек Жээнбеков"),
}


@pytest.fixture(scope="module")
def schedule_pdf(demo_original: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "schedule.pdf"
    with open_mission_file(demo_original) as mission_file, mission_file.session() as session:
        assert write_schedule_pdf(session, path) == path
    return path


def pages_text(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def itinerary_columns(page: Any) -> dict[str, list[str]]:
    """Each itinerary column's text on `page`, top to bottom, one item per table row:
    the page is cut along the columns the header words stand in, so an address wrapped
    over two lines comes back whole."""
    words = page.extract_words()
    header = [w for w in words if w["text"] in ITINERARY_COLUMNS]
    first = min(header, key=lambda w: w["top"])
    heads = sorted((w for w in header if abs(w["top"] - first["top"]) < 1), key=lambda w: w["x0"])
    assert [w["text"] for w in heads] == list(ITINERARY_COLUMNS)
    edges = [w["x0"] - 2 for w in heads] + [page.width]
    # Above the footer, and above the day's route map under the table.
    maps = [r["top"] for r in page.rects if r["width"] > page.width / 2 and r["height"] > 100]
    bottom = min([page.height - 60, *maps])
    columns: dict[str, list[str]] = {}
    for head, left, right in zip(heads, edges, edges[1:], strict=False):
        band = page.crop((left, head["bottom"] + 1, right, bottom))
        lines = band.extract_text_lines()
        rows: list[list[str]] = []
        previous_bottom = -100.0
        for line in lines:
            # A wrapped cell's next line sits right under it; a new row starts further down.
            if line["top"] - previous_bottom > 5 or not rows:
                rows.append([])
            rows[-1].append(line["text"])
            previous_bottom = line["bottom"]
        columns[head["text"]] = [" ".join(row) for row in rows]
    return columns


def test_every_team_has_its_section_with_its_people(schedule_pdf: Path) -> None:
    pages = pages_text(schedule_pdf)
    assert len(pages) == len(TEAMS)
    for page, (code, people) in zip(pages, TEAMS.items(), strict=True):
        text = one_line(page)
        assert f"Team {code} — itinerary" in text
        assert "Observation Mission of the Organization of Turkic States" in text
        assert "Sunday, 17 November 2024" in text
        for person in people:
            assert person in text, (code, person)
    t1 = one_line(pages[0])
    assert "Айгүл Төлөгөнова, +996 555 31 42 08" in t1
    assert "Бакыт Өмүрзаков, +996 700 18 26 54" in t1
    assert "Toyota Land Cruiser, 01 KG 482 ABK" in t1
    assert "Bishkek" in t1
    assert "Mehmet Ali Yüksel Head of mission Secretariat of the OTS +90 532 410 22 17" in t1
    # The team's other staff are not listed among its observers, nor another team's.
    assert "Elvin Quliyev" not in "".join(pages)
    assert "Rəşad Məmmədov" not in t1


def test_the_itinerary_is_in_time_order_with_codes_and_addresses(schedule_pdf: Path) -> None:
    with pdfplumber.open(schedule_pdf) as pdf:
        columns = itinerary_columns(pdf.pages[0])
    assert columns["Planned"] == [time for time, _, _, _ in T1_DAY]
    assert columns["Phase"] == [phase for _, phase, _, _ in T1_DAY]
    assert columns["Station"] == [code for _, _, code, _ in T1_DAY]
    assert columns["Address"] == [address for _, _, _, address in T1_DAY]
    assert columns["Name"][0] == "Secondary School No. 6"
    assert columns["Locality"] == ["Bishkek"] * len(T1_DAY)


def test_every_team_itinerary_follows_its_planned_times(schedule_pdf: Path) -> None:
    with pdfplumber.open(schedule_pdf) as pdf:
        for page in pdf.pages:
            times = itinerary_columns(page)["Planned"]
            assert len(times) == 7
            assert times == sorted(times)


def test_every_font_is_embedded(schedule_pdf: Path) -> None:
    reader = PdfReader(schedule_pdf)
    fonts: dict[str, DictionaryObject] = {}
    for page in reader.pages:
        resources = cast(DictionaryObject, page["/Resources"].get_object())
        for reference in cast(DictionaryObject, resources["/Font"].get_object()).values():
            font = cast(DictionaryObject, reference.get_object())
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name, font in fonts.items():
        assert "DejaVu" in name
        descriptor = cast(DictionaryObject, font["/FontDescriptor"].get_object())
        assert "/FontFile2" in descriptor, name


def test_each_team_s_pages_are_numbered_apart_and_the_metadata_names_the_mission(
    schedule_pdf: Path,
) -> None:
    # Each team's sheet is handed to that team: its footer counts its own pages.
    footers = [text.strip().splitlines()[-1] for text in pages_text(schedule_pdf)]
    found = [TEAM_FOOTER.match(footer) for footer in footers]
    assert all(found), footers
    by_team: dict[str, list[tuple[int, int]]] = {}
    for match in found:
        assert match is not None
        by_team.setdefault(match[1], []).append((int(match[2]), int(match[3])))
    assert list(by_team) == ["T1", "T2", "T3", "T4"]
    for pages in by_team.values():
        assert pages == [(n, len(pages)) for n in range(1, len(pages) + 1)]
    info = PdfReader(schedule_pdf).metadata
    assert info is not None
    assert info.author == "Organization of Turkic States"
    assert info.title is not None and info.title.startswith("Team schedules: ")


def _station_id(session: Session, code: str) -> int:
    return next(
        r.id for r in list_stations(session, PageRequest(search=code)).rows if r.code == code
    )


def test_each_day_has_its_route_drawn_from_the_team_s_base(schedule_pdf: Path) -> None:
    with pdfplumber.open(schedule_pdf) as pdf:
        page = pdf.pages[0]
        maps = [r for r in page.rects if r["width"] > page.width / 2 and r["height"] > 100]
        assert len(maps) == 1
        drawn = page.crop((maps[0]["x0"], maps[0]["top"], maps[0]["x1"], maps[0]["bottom"]))
        words = [w["text"] for w in drawn.extract_words()]
        # Four stations numbered in the order of the day (a station visited again keeps its
        # first number), the base, a scale bar; the route is one line in the team's colour.
        numbers = {w for w in words if w.isdigit()}
        assert {"1", "2", "3", "4"} <= numbers and "5" not in numbers
        assert "base" in words
        assert "km" in words or "m" in words
        route = [c for c in drawn.curves + drawn.lines if c.get("stroking_color") is not None]
        assert any(len(c["pts"]) >= 6 for c in route)
    assert "Base Hyatt Regency Bishkek" in one_line(pages_text(schedule_pdf)[0])


def test_typed_text_days_and_cancelled_visits(demo: Session, tmp_path: Path) -> None:
    t1 = next(team for team in list_teams(demo) if team.code == "T1")
    fields = team_fields(get(demo, Team, t1.id, "team"))
    update_team(demo, t1.id, dataclasses.replace(fields, vehicle="<b>Van</b> & co <50%"))
    day_before = dt.date(2024, 11, 16)
    for station, start in (("1045", 16), ("1052", 10)):
        create_visit(
            demo,
            VisitFields(
                ref=None,
                team_id=t1.id,
                station_id=_station_id(demo, station),
                date=day_before,
                phase=Phase.VOTING,
                planned_arrival=dt.time(start),
                planned_departure=dt.time(start, 30),
            ),
        )
    create_visit(
        demo,
        VisitFields(
            ref=None,
            team_id=t1.id,
            station_id=_station_id(demo, "1066"),
            date=day_before,
            planned_arrival=dt.time(12),
            status=VisitStatus.CANCELLED,
        ),
    )
    path = write_schedule_pdf(demo, tmp_path / "t1.pdf", team_code="t1")
    text = one_line(" ".join(pages_text(path)))
    assert "<b>Van</b> & co <50%" in text
    assert "Team T2" not in text
    first, second = text.index("Saturday, 16 November 2024"), text.index("Sunday, 17 November")
    assert first < second
    day_before_text = text[first:second]
    assert day_before_text.index("10:00–10:30") < day_before_text.index("16:00–16:30")
    assert "Kiev Street 44" in day_before_text and "1052" in day_before_text
    assert "1066" not in day_before_text  # cancelled: the team does not go


def test_an_unknown_team_is_named_with_the_teams_there_are(demo: Session, tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"no team 'T9'\. Teams: T1, T2, T3, T4\."):
        write_schedule_pdf(demo, tmp_path / "s.pdf", team_code="T9")
    assert list(tmp_path.glob("*.pdf")) == []


def test_the_command_prints_one_team(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "t2.pdf"
    assert main(["schedule", str(demo_path), "-o", str(out), "--team", "T2"]) == 0
    pages = pages_text(out)
    assert len(pages) == 1
    text = one_line(pages[0])
    assert "Team T2 — itinerary" in text and "Нурзат Мамбетова" in text
    assert "Team T1" not in text and "Team T3" not in text
    assert str(out) in capsys.readouterr().out


def test_the_command_refuses_an_unknown_team(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "t9.pdf"
    assert main(["schedule", str(demo_path), "-o", str(out), "--team", "T9"]) == 1
    error = capsys.readouterr().err
    assert "There is no team 'T9'. Teams: T1, T2, T3, T4." in error
    assert "Traceback" not in error
    assert not out.exists()


def test_the_command_writes_every_team(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.pdf"
    assert main(["schedule", str(demo_path), "-o", str(out)]) == 0
    assert [p.splitlines()[1] for p in pages_text(out)] == [
        f"Team {code} — itinerary" for code in TEAMS
    ]
