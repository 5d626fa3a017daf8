"""The mission's logo, kept in the file and printed above the statement's title."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy.orm import Session

from coordinator.db.missionfile import open_mission_file
from coordinator.reports.statement import write_statement_pdf
from coordinator.services.errors import ValidationError
from coordinator.services.mission import get_mission, set_mission_logo


def picture(kind: str) -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", (300, 120), (20, 90, 160)).save(stream, kind)
    return stream.getvalue()


def images_on_first_page(pdf: Path) -> int:
    resources = PdfReader(pdf).pages[0]["/Resources"]
    objects = resources.get("/XObject", {})
    return sum(1 for name in objects if objects[name].get_object()["/Subtype"] == "/Image")


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_the_logo_prints_above_the_title(demo_path: Path, tmp_path: Path, kind: str) -> None:
    with open_mission_file(demo_path) as mission_file, mission_file.session() as session:
        set_mission_logo(session, picture(kind))
        pdf = write_statement_pdf(session, tmp_path / "statement.pdf")
    assert images_on_first_page(pdf) == 1
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Organization of Turkic States" in " ".join(text.split())


def test_without_a_logo_no_picture_is_printed(demo_path: Path, tmp_path: Path) -> None:
    with open_mission_file(demo_path) as mission_file, mission_file.session() as session:
        set_mission_logo(session, picture("PNG"))
        set_mission_logo(session, None)
        pdf = write_statement_pdf(session, tmp_path / "statement.pdf")
    assert images_on_first_page(pdf) == 0


def test_a_file_that_is_not_a_picture_is_refused(demo_path: Path) -> None:
    with open_mission_file(demo_path) as mission_file, mission_file.session() as session:
        with pytest.raises(ValidationError) as raised:
            set_mission_logo(session, b"%PDF-1.7 not a picture")
        assert raised.value.for_field("logo") == "The logo must be a PNG or JPEG picture."
        mission = get_mission(session)
        assert mission is not None and mission.logo is None


def test_a_logo_needs_the_mission_first(session: Session) -> None:
    with pytest.raises(ValidationError) as raised:
        set_mission_logo(session, picture("PNG"))
    assert raised.value.for_field("logo") == (
        "Fill in the mission's details before adding its logo."
    )
