"""The demo's statement in Russian and Turkish, printed by the command and read back."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from coordinator.cli import main


def _text(path: Path) -> tuple[str, list[str]]:
    with pdfplumber.open(path) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    return re.sub(r"\s+", " ", " ".join(pages)), pages


@pytest.fixture(scope="module")
def printed(demo_original: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("languages")
    paths = {}
    for language in ("ru", "tr"):
        paths[language] = folder / f"{language}.pdf"
        assert main(["statement", str(demo_original), "-o", str(paths[language]),
                     "--language", language, "--annexes"]) == 0  # fmt: skip
    return paths


def test_the_russian_statement_reads_as_russian(printed: dict[str, Path]) -> None:
    text, pages = _text(printed["ru"])
    for phrase in (
        "Международная миссия наблюдателей Организации тюркских государств",
        "(18 ноября 2024 года)",
        "ЗАЯВЛЕНИЕ",
        "По приглашению Центральной комиссии по выборам и проведению референдумов "
        "Кыргызской Республики Секретариат Организации тюркских государств (ОТГ) направил "
        "Миссию",
        "за выборами депутатов местных кенешей Кыргызской Республики, которые состоялись "
        "17 ноября 2024 года",
        "В состав Миссии вошли представители Секретариата ОТГ, Азербайджанской Республики, "
        "Республики Казахстан и Республики Узбекистан.",
        "были отмечены три важных момента. Во-первых, избирательный порог был снижен",
        "Миссия провела встречу со следующим собеседником: г-жа Нуржан Шайлдабекова",
        "Миссия посетила 16 избирательных участков в населённых пунктах Бишкек и Кант.",
        "Миссия не выявила серьёзных нарушений",
        "Приложение 1. Посещённые избирательные участки",
        "Бишкек, 18 ноября 2024 года",
    ):
        assert phrase in text, phrase
    assert pages[0].rstrip().endswith(f"Страница 1 из {len(pages)}")
    assert not re.search(r"[A-Za-z]{4,}", text.split("Приложение 1")[0]), "no English left"
    reader = PdfReader(printed["ru"])
    assert reader.trailer["/Root"]["/Lang"] == "ru"
    assert str(reader.metadata.title).startswith("Заявление: Международная миссия")


def test_the_turkish_statement_reads_as_turkish(printed: dict[str, Path]) -> None:
    text, pages = _text(printed["tr"])
    for phrase in (
        "Türk Devletleri Teşkilatı Uluslararası Seçim Gözlem Heyeti",
        "AÇIKLAMA",
        "Kırgız Cumhuriyeti Merkez Seçim ve Referandum Komisyonu tarafından iletilen davet "
        "üzerine Türk Devletleri Teşkilatı (TDT) Genel Sekreterliği, 17 Kasım 2024 "
        "tarihinde yapılan Kırgız Cumhuriyeti Yerel Meclis Seçimleri kapsamında",
        "Bişkek ve Kant yerleşim yerlerinde bulunan 16 sandığı ziyaret etmiştir.",
        "Sunumda üç önemli husus belirtilmiştir. Birincisi, seçim barajı",
        "Heyet, Kırgız Cumhuriyeti Merkez Seçim ve Referandum Komisyonu Başkanı Sayın Nurjan "
        "Şaildabekova ile bir görüşme gerçekleştirmiştir.",
        "Bunun yanı sıra şu hususlar gözlemlenmiştir:",
        "Ek 1: Ziyaret edilen sandıklar",
    ):
        assert phrase in text, phrase
    assert pages[0].rstrip().endswith(f"Sayfa 1 / {len(pages)}")
    assert PdfReader(printed["tr"]).trailer["/Root"]["/Lang"] == "tr"


def test_a_language_the_program_cannot_draft_is_a_clear_error(
    demo_original: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "de.pdf"
    assert main(["statement", str(demo_original), "-o", str(target), "--language", "de"]) == 1
    assert "cannot draft a statement in 'de'" in capsys.readouterr().err
    assert not target.exists()


def test_the_annex_tables_are_in_the_statements_language(printed: dict[str, Path]) -> None:
    """The bodies of the annexes too: dates, phases, kinds of meeting, phase headings."""
    russian = _text(printed["ru"])[0].split("Приложение 1")[1]
    for phrase in (
        "17.11.2024 07:35 T1 1003 Secondary School No. 6 Bishkek Открытие",
        "17.11.2024 09:40 T1 1017 School-Gymnasium No. 5 Bishkek Голосование",
        "Подсчёт голосов",
        "Подведение итогов",
        "Встреча",
        "Открытие: 4 посещения на 4 избирательных участках",
        "Голосование: 16 посещений на 16 избирательных участках",
    ):
        assert phrase in russian, phrase
    turkish = _text(printed["tr"])[0].split("Ek 1:")[1]
    for phrase in (
        "17.11.2024 07:35 T1 1003 Secondary School No. 6 Bishkek Açılış",
        "17.11.2024 09:40 T1 1017 School-Gymnasium No. 5 Bishkek Oy verme",
        "Oy sayımı",
        "Görüşme",
        "Açılış: 4 sandıkta 4 gözlem",
        "Oy verme: 16 sandıkta 16 gözlem",
    ):
        assert phrase in turkish, phrase
    for english in ("Nov 2024", "Opening", "Voting", "Counting", "Tabulation", "observations"):
        assert english not in russian and english not in turkish, english
