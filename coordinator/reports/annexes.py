"""The statement's annexes, chosen at export: the polling stations visited, the meetings
held, the checklist statistics per phase, and a chart of the overall assessments.

Every figure comes from the statistics service (coordinator.services.statistics), so the
annexes count as the statement does: only visits marked done are observations, and
percentages are per observation of a phase. Each annex starts on a new page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from coordinator.db.enums import Assessment
from coordinator.errors import UserError
from coordinator.reports.fonts import Fonts, register_fonts
from coordinator.reports.markup import user_text
from coordinator.reports.words import CHART_NOTE, STATISTICS_NOTE, say
from coordinator.services.meetings import MeetingRow, list_meetings
from coordinator.services.paging import MAX_PAGE, Page, PageRequest
from coordinator.services.statistics import MissionStatistics, mission_statistics
from coordinator.services.unit import MONTHS
from coordinator.services.visit_lists import list_visits
from coordinator.services.visits import VisitRow

RowT = TypeVar("RowT")

# Colours of the assessments in the chart, from very good to very bad.
ASSESSMENT_COLOURS = ("#2e7d32", "#81c784", "#ef9a9a", "#c62828")


def _all_rows(
    session: Session, lister: Callable[[Session, PageRequest], Page[RowT]], **request: Any
) -> list[RowT]:
    rows: list[RowT] = []
    while True:
        page = lister(session, PageRequest(offset=len(rows), limit=MAX_PAGE, **request))
        rows += page.rows
        if len(page.rows) < MAX_PAGE or (page.total is not None and len(rows) >= page.total):
            return rows


def _day(value: dt.date, language: str = "en") -> str:
    """ "17 Nov 2024" in English, "17.11.2024" in Russian and Turkish (CLDR's short date,
    as their official tables write a day): short enough for a table column."""
    if language == "en":
        return f"{value.day} {MONTHS[value.month - 1][:3]} {value.year}"
    from babel.dates import format_date

    return format_date(value, "short", locale=language)


def _phase_heading(language: str, phase: str, observations: int, stations: int) -> str:
    """ "Opening: 7 observations at 4 polling stations", with each noun agreeing with its
    number (digits: a table's heading) in the statement's language."""
    label = say(language, phase)
    if language == "ru":
        from coordinator.services.wording import plural_category
        from coordinator.services.wording.ru_grammar import STATION, VISIT

        seen = {"one": VISIT.nom, "few": VISIT.few}.get(
            plural_category("ru", observations), VISIT.gen_pl
        )
        at = STATION.prep if plural_category("ru", stations) == "one" else STATION.prep_pl
        return f"{label}: {observations} {seen} на {stations} {at}"
    if language == "tr":
        # No plural after a number; the suffix is on the noun, never on a typed name.
        return f"{label}: {stations} sandıkta {observations} gözlem"
    seen = "observation" if observations == 1 else "observations"
    at = "polling station" if stations == 1 else "polling stations"
    return f"{label}: {observations} {seen} at {stations} {at}"


def _time(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], styles: Any
) -> Any:
    """A table that repeats its header on every page; cells wrap their text.

    Made a page at a time (see long_table): 100,000 rows take time and memory in
    proportion, where one table of every row took hours.
    """
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph

    from coordinator.reports.long_table import streamed_table

    cell = styles["cell"]

    def make_row(row: Sequence[str]) -> list[Any]:
        return [Paragraph(user_text(c, "DejaVuSans"), cell) for c in row]

    head = [Paragraph(user_text(h, "DejaVuSans"), styles["cell_head"]) for h in header]
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
        # Tables set this font for every cell, even those holding Paragraphs: left
        # at its default it would add Helvetica, the one font not embedded.
        ("FONTNAME", (0, 0), (-1, -1), cell.fontName),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    return streamed_table(head, rows, make_row, widths, style)


VISIT_HEADS = ("Date", "Time", "Team", "Station", "Name", "Locality", "Phase")
MEETING_HEADS = ("Date", "Time", "Kind", "Interlocutor", "Institution", "Place")
QUESTION_HEADS = ("Code", "Question", "Answers", "Negative", "Critical", "Stations")


def _title(number: int, title: str, styles: dict[str, Any], language: str = "en") -> list[Any]:
    from reportlab.platypus import PageBreak, Paragraph

    heading = say(language, "Annex {number}: {title}", number=number, title=say(language, title))
    return [PageBreak(), Paragraph(user_text(heading), styles["annex_title"])]


def stations_visited_annex(
    rows: Sequence[VisitRow], styles: dict[str, Any], language: str = "en"
) -> list[Any]:
    """The observations: date, time, team, station, locality and phase."""
    from reportlab.platypus import Paragraph

    MM = 72 / 25.4  # noqa: N806
    ordered = sorted(
        rows,
        key=lambda r: (r.date, r.team, r.actual_arrival or r.planned_arrival or dt.time.max),
    )
    body = [
        [
            _day(r.date, language),
            _time(r.actual_arrival or r.planned_arrival),
            r.team,
            r.station_code,
            r.station_name,
            r.locality,
            say(language, r.phase.label),
        ]
        for r in ordered
    ]
    if not body:
        return [Paragraph(say(language, "No visit has been marked done yet."), styles["body"])]
    header = tuple(
        say(language, h) for h in ("Date", "Time", "Team", "Station", "Name", "Locality", "Phase")
    )
    # The phase column holds "Голосование" and "Подведение итогов" unbroken.
    widths = [23 * MM, 14 * MM, 12 * MM, 17 * MM, 42 * MM, 26 * MM, 26 * MM]
    return [_table(header, body, widths, styles)]


def meetings_annex(
    rows: Sequence[MeetingRow], styles: dict[str, Any], language: str = "en"
) -> list[Any]:
    from reportlab.platypus import Paragraph

    MM = 72 / 25.4  # noqa: N806
    if not rows:
        return [Paragraph(say(language, "No meeting has been recorded."), styles["body"])]
    body = [
        [
            _day(r.date, language),
            "–".join(t for t in (_time(r.start), _time(r.end)) if t),
            say(language, r.kind.label),
            r.interlocutor,
            r.institution,
            r.location,
        ]
        for r in sorted(rows, key=lambda r: (r.date, r.start or dt.time.min, r.id))
    ]
    header = tuple(
        say(language, h) for h in ("Date", "Time", "Kind", "Interlocutor", "Institution", "Place")
    )
    widths = [23 * MM, 22 * MM, 24 * MM, 30 * MM, 36 * MM, 25 * MM]
    return [_table(header, body, widths, styles)]


def _share(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.0f}%)" if whole else str(part)


def statistics_annex(
    figures: MissionStatistics, styles: dict[str, Any], language: str = "en"
) -> list[Any]:
    """Per phase: observations and stations, then each question's negative answers."""
    from reportlab.platypus import Paragraph, Spacer

    MM = 72 / 25.4  # noqa: N806
    story: list[Any] = []
    for counts in figures.coverage.phases:
        if not counts.observations:
            continue
        story.append(
            Paragraph(
                user_text(
                    _phase_heading(
                        language, counts.phase.label, counts.observations, counts.stations
                    )
                ),
                styles["section_title"],
            )
        )
        body = [
            [
                q.code,
                q.text,
                str(q.answered),
                _share(q.negative, q.answered),
                _share(q.critical, q.answered),
                str(q.negative_stations),
            ]
            for q in figures.questions
            if q.phase is counts.phase
        ]
        header = tuple(
            say(language, h)
            for h in ("Code", "Question", "Answers", "Negative", "Critical", "Stations")
        )
        # Wide enough for "Cevaplar", "Olumsuz" and "Sandıklar" unbroken.
        widths = [11 * MM, 67 * MM, 18 * MM, 21 * MM, 21 * MM, 22 * MM]
        story += [_table(header, body, widths, styles), Spacer(1, 6 * MM)]
    if not story:
        story.append(Paragraph(say(language, "No visit has been marked done yet."), styles["body"]))
    return story


def assessment_chart(figures: MissionStatistics, fonts: Fonts, language: str = "en") -> Any:
    """Bars of the overall assessments per phase: counts of observations; the phases and
    assessments named in the statement's language."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    phases = [a for a in figures.assessments if a.observations]
    drawing = Drawing(440, 240)
    # Drawings otherwise start in Helvetica, which would be the one font not embedded.
    drawing.initialFontName = fonts.sans
    drawing.initialFontSize = 8
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 50, 280, 170
    chart.data = [[a.count(assessment) for a in phases] or [0] for assessment in Assessment]
    chart.categoryAxis.categoryNames = [say(language, a.phase.label) for a in phases] or [""]
    chart.categoryAxis.labels.fontName = fonts.sans
    chart.valueAxis.labels.fontName = fonts.sans
    chart.valueAxis.valueMin = 0
    top = max((max(series) for series in chart.data), default=0)
    chart.valueAxis.valueStep = max(1, -(-top // 5))
    for index, colour in enumerate(ASSESSMENT_COLOURS):
        chart.bars[index].fillColor = colors.HexColor(colour)
    legend = Legend()
    legend.x, legend.y = 335, 200
    legend.fontName = fonts.sans
    legend.fontSize = 8
    legend.columnMaximum = len(Assessment)
    legend.colorNamePairs = [
        (colors.HexColor(c), say(language, a.label))
        for c, a in zip(ASSESSMENT_COLOURS, Assessment, strict=True)
    ]
    drawing.add(chart)
    drawing.add(legend)
    return drawing


# The annexes a statement can carry, in the order they are printed.
ANNEXES = ("stations", "meetings", "statistics", "chart")


def needs_statistics(which: Sequence[str]) -> bool:
    return bool({"statistics", "chart"} & set(which))


def annex_story(
    session: Session,
    styles: dict[str, Any],
    which: Sequence[str] = ANNEXES,
    figures: MissionStatistics | None = None,
    language: str = "en",
) -> list[Any]:
    """The annexes named in `which`, numbered in print order, each on a new page, their
    titles and column heads in `language`.

    `figures` may be passed when the statement already read them.
    """
    from reportlab.platypus import Paragraph

    unknown = [name for name in which if name not in ANNEXES]
    if unknown:
        raise UserError(f"There is no annex '{unknown[0]}'. Annexes: {', '.join(ANNEXES)}.")
    fonts = register_fonts()
    if figures is None and needs_statistics(which):
        figures = mission_statistics(session)
    story: list[Any] = []
    number = 0
    for name in ANNEXES:
        if name not in which:
            continue
        number += 1
        if name == "stations":
            story += _title(number, "Polling stations visited", styles, language)
            story += stations_visited_annex(
                _all_rows(session, list_visits, filters={"status": "done"}), styles, language
            )
        elif name == "meetings":
            story += _title(number, "Meetings held", styles, language)
            story += meetings_annex(_all_rows(session, list_meetings), styles, language)
        elif name == "statistics":
            assert figures is not None
            story += _title(number, "Statistics per phase", styles, language)
            story.append(Paragraph(user_text(say(language, STATISTICS_NOTE)), styles["body"]))
            story += statistics_annex(figures, styles, language)
        else:
            assert figures is not None
            story += _title(number, "Overall assessments per phase", styles, language)
            story.append(Paragraph(user_text(say(language, CHART_NOTE)), styles["body"]))
            story.append(assessment_chart(figures, fonts, language))
    return story
