"""The statement PDF, read back with pypdf and pdfplumber: what the reference says, in
embedded fonts, with user text exactly as typed."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from sqlalchemy.orm import Session

from coordinator.cli import main
from coordinator.db.missionfile import open_mission_file
from coordinator.errors import UserError
from coordinator.reports.markup import paragraphs
from coordinator.reports.statement import write_statement_pdf
from coordinator.services.statement_sections import replace_sections

FOOTER = re.compile(r"^Page (\d+) of (\d+)$")


@pytest.fixture(scope="module")
def demo_pdf(demo_original: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "statement.pdf"
    with open_mission_file(demo_original) as mission_file, mission_file.session() as session:
        assert write_statement_pdf(session, path) == path
    return path


def pages_text(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def body_text(path: Path) -> str:
    """All pages' text without the footers, on one line."""
    lines = [
        line
        for page in pages_text(path)
        for line in page.splitlines()
        if not FOOTER.match(line.strip())
    ]
    return re.sub(r"\s+", " ", " ".join(lines))


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_demo_statement_says_what_the_reference_says(demo_pdf: Path) -> None:
    text = body_text(demo_pdf)
    for fact in (
        "International Election Observation Mission of the Organization of Turkic States",
        "Elections of Deputies of Local Councils of the Kyrgyz Republic",
        "(18 November 2024)",
        "STATEMENT",
        "Organization of Turkic States (OTS)",
        "which were held on 17 November 2024",
        "the Secretariat of the OTS, the Republic of Azerbaijan, the Republic of Kazakhstan and "
        "the Republic of Uzbekistan",
        "Ms. Nurzhan Shaildabekova, Chairman of the Central Commission on Elections and "
        "Referendums of the Kyrgyz Republic",
        "presentation in Bishkek on 16 November 2024",
        "Firstly, the election threshold was reduced from 7% to 5%.",
        "Secondly, in the elections of Deputies of Local Councils, e-voting system is being "
        "used for the first time.",
        "Thirdly, updated biometric identification system was adopted.",
        "the Mission visited 16 polling stations in Bishkek and Kant.",
        "did not detect any campaign materials, coercion of voters by any political group, "
        "ballot stuffing or leakage of voting bulletins, interference of administrative or "
        "law-enforcement authorities",
        "public order was secured",
        "the Mission was given full access to the polling stations",
        "participation of national and international observers",
        "Tabulation of ballots and results was conducted in time",
        "did not detect any serious issues",
        "congratulate the Kyrgyz Republic",
        "Bishkek, 18 November 2024",
    ):
        assert fact in text, fact


def test_every_font_is_embedded(demo_pdf: Path) -> None:
    reader = PdfReader(demo_pdf)
    fonts: dict[str, DictionaryObject] = {}
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for reference in resources["/Font"].get_object().values():
            font = reference.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts, "the statement uses fonts"
    for name, font in fonts.items():
        assert "DejaVu" in name
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), name
    assert not any("Helvetica" in name or "Times" in name for name in fonts)


def test_metadata_names_the_organisation_and_the_election(demo_pdf: Path) -> None:
    info = PdfReader(demo_pdf).metadata
    assert info is not None
    assert info.author == "Organization of Turkic States"
    assert info.subject == "Elections of Deputies of Local Councils of the Kyrgyz Republic"
    assert info.title is not None and "Organization of Turkic States" in info.title


def test_the_footer_counts_every_page(demo_pdf: Path) -> None:
    pages = pages_text(demo_pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        footer = FOOTER.match(text.strip().splitlines()[-1])
        assert footer is not None
        assert (int(footer.group(1)), int(footer.group(2))) == (number, len(pages))


LONG_NOTE = " ".join(f"Observation number {i} was recorded without problems." for i in range(400))


def test_user_text_comes_out_as_typed(demo: Session, tmp_path: Path) -> None:
    assert len(LONG_NOTE) > 20_000
    sections = [
        ("Markup & <tags>", "Turnout <50% & rising; a <b>bold</b> claim & &amp; left as typed."),
        ("", "Бишкек: ң ө ү Ң Ө Ү; Azərbaycan: ə Ə ğ ş ı İ ç ö ü."),
        ("", "Great turnout 🎉👍🏽 today ✅ — thanks!\nSecond line of the same paragraph."),
        ("Long note", LONG_NOTE),
    ]
    replace_sections(demo, sections)
    path = write_statement_pdf(demo, tmp_path / "typed.pdf")
    text = body_text(path)
    assert "Markup & <tags>" in text
    assert "Turnout <50% & rising; a <b>bold</b> claim & &amp; left as typed." in text
    assert "Бишкек: ң ө ү Ң Ө Ү; Azərbaycan: ə Ə ğ ş ı İ ç ö ü." in text
    assert "Great turnout" in text and "today" in text and "— thanks!" in text
    assert "Second line of the same paragraph." in text
    assert squeezed(LONG_NOTE) in squeezed(text)
    assert len(paragraphs(LONG_NOTE)) == 1  # one paragraph across pages, not several
    pages = pages_text(path)
    assert len(pages) >= 5  # the long note flowed across pages
    assert FOOTER.match(pages[-1].strip().splitlines()[-1])


def test_a_statement_that_cannot_print_leaves_no_file(demo: Session, tmp_path: Path) -> None:
    replace_sections(demo, [("", "Turnout was {turnout}.")])
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(UserError, match=r"\{turnout\}"):
        write_statement_pdf(demo, folder / "statement.pdf")
    assert list(folder.iterdir()) == []


def test_an_export_replaces_the_old_file_whole(demo: Session, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "statement.pdf"
    target.write_bytes(b"old")
    write_statement_pdf(demo, target)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in folder.iterdir()] == ["statement.pdf"]


def test_the_command_writes_the_statement(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "s.pdf"
    assert main(["statement", str(demo_path), "-o", str(out)]) == 0
    assert "16 polling stations in Bishkek and Kant" in body_text(out)
    assert str(out) in capsys.readouterr().out


def test_the_command_names_a_user_error(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_mission_file(demo_path) as mission_file, mission_file.session() as session:
        replace_sections(session, [("Results", "Turnout was {turnout}.")])
    assert main(["statement", str(demo_path), "-o", str(tmp_path / "s.pdf")]) == 1
    error = capsys.readouterr().err
    assert "Section 1 (Results)" in error and "{turnout}" in error
    assert "Traceback" not in error
    assert main(["statement", str(tmp_path / "missing.eom"), "-o", "x.pdf"]) == 1


def test_the_annexes_follow_the_statement(demo: Session, tmp_path: Path) -> None:
    path = write_statement_pdf(demo, tmp_path / "annexes.pdf", annexes=True)
    text = body_text(path)
    for fact in (
        "Annex 1: Polling stations visited",
        "17 Nov 2024 07:35 T1 1003 Secondary School No. 6 Bishkek Opening",
        "Annex 2: Meetings held",
        "Ms. Nurzhan",
        "Annex 3: Statistics per phase",
        "Voting: 16 observations at 16 polling stations",
        "V1 Was campaign material displayed in or",
        "Annex 4: Overall assessments per phase",
        "Very good",
    ):
        assert fact in text, fact
    assert "the Mission visited 16 polling stations in Bishkek and Kant." in text
    reader = PdfReader(path)
    for page in reader.pages:
        for reference in page["/Resources"]["/Font"].get_object().values():
            font = reference.get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
    pages = pages_text(path)
    assert pages[-1].strip().splitlines()[-1] == f"Page {len(pages)} of {len(pages)}"


def test_the_annexes_of_an_empty_mission_say_so(session: Session, tmp_path: Path) -> None:
    import datetime as dt

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
    text = body_text(write_statement_pdf(session, tmp_path / "empty.pdf", annexes=True))
    assert "No visit has been marked done yet." in text
    assert "No meeting has been recorded." in text


def test_only_the_annexes_chosen_are_printed(demo: Session, tmp_path: Path) -> None:
    path = write_statement_pdf(demo, tmp_path / "chart.pdf", annexes=["chart"])
    text = body_text(path)
    assert "Annex 1: Overall assessments per phase" in text
    assert "Polling stations visited" not in text and "Meetings held" not in text
    with pytest.raises(UserError, match="no annex 'map'"):
        write_statement_pdf(demo, tmp_path / "map.pdf", annexes=["map"])
    assert not (tmp_path / "map.pdf").exists()


# Only a file can hold text longer than its column (a server refuses it).
@pytest.mark.parametrize("demo", ["file"], indirect=True)
def test_a_table_cell_longer_than_a_page_flows_on(demo: Session, tmp_path: Path) -> None:
    import sqlalchemy as sa

    from coordinator.db.models import Interlocutor

    # Longer than the services allow: written straight, as an old or imported file might.
    # One interlocutor is enough (all of them made it a 20-second test of many pages).
    with demo.begin():
        first = demo.scalars(sa.select(Interlocutor.id).order_by(Interlocutor.id)).first()
        demo.execute(
            sa.update(Interlocutor)
            .where(Interlocutor.id == first)
            .values(institution="Commission " * 2500)
        )
    path = write_statement_pdf(demo, tmp_path / "long.pdf", annexes=["meetings"])
    assert squeezed("Commission " * 2500) in squeezed(body_text(path))
