"""The checklist on paper, for the team without a phone: one form per phase to fill by hand.

The same questions as the field form (`services.field_form`), each with boxes to tick
for its choices or a line to write on, then the overall assessment, a table for
incidents and lines for notes. The printed words are in the mission's language, or another
of the statement's languages (English, Russian or Turkish, from `services.form_words`, the
field form's own table); the questions, their choices and the mission's name as the
statement's translations write them there, as typed where there is no translation. A
required question has an asterisk after its code, and a line below the questions says what
the asterisk means.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, Assessment, Phase
from coordinator.errors import UserError
from coordinator.reports.fonts import Fonts, register_fonts
from coordinator.reports.markup import user_text
from coordinator.reports.statement import MM, Metadata, report_styles, section_marker, write_pdf
from coordinator.services.field_form import FieldForm, FormQuestion, field_form
from coordinator.services.form_words import words_for

BOX = "☐"
WIDTH = 160 * MM  # A4 less the margins
QUESTION_WIDTHS = (14 * MM, 86 * MM, 60 * MM)

REQUIRED_MARK = "*"
INCIDENT_ROWS = 4
NOTE_LINES = 5


def _boxes(labels: list[str]) -> str:
    return "&nbsp;&nbsp; ".join(f"{BOX}&nbsp;{user_text(label)}" for label in labels)


def _answer_cell(question: FormQuestion, words: dict[str, str]) -> str:
    if question.answer_type is AnswerType.YES_NO:
        return _boxes([words["yes"], words["no"]])
    if question.answer_type is AnswerType.SCALE:
        return "<br/>".join(
            f"{BOX}&nbsp;{n}&nbsp;{user_text(words[a.value])}"
            for n, a in enumerate(Assessment, start=1)
        )
    if question.answer_type is AnswerType.CHOICE:
        return "<br/>".join(f"{BOX}&nbsp;{user_text(c.label)}" for c in question.choices)
    return "&nbsp;"  # a number or text: the empty cell is the line to write on


def _table(
    rows: list[list[Any]],
    widths: tuple[float, ...],
    heights: list[float | None] | None,
    shaded: tuple[tuple[int, int], tuple[int, int]] | None = ((0, 0), (-1, 0)),
) -> Any:
    """A ruled table; `shaded` (first and last cell) marks what is printed, not filled in."""
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=list(widths), rowHeights=heights, repeatRows=1)
    if shaded is not None:
        table.setStyle([("BACKGROUND", *shaded, "#e8e8e8")])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "#777777"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _phase_story(
    form: FieldForm, phase: Phase, words: dict[str, str], styles: dict[str, Any]
) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    def p(text: str, style: str = "cell") -> Any:
        return Paragraph(text, styles[style])

    def head(key: str) -> Any:
        return p(user_text(words[key]), "cell_head")

    title = f"{words['checklist']}: {words[phase.value]}"
    story: list[Any] = [
        section_marker(title),
        p(user_text(form.mission), "heading"),
        p(user_text(title), "date_line"),
    ]
    blank = p("&nbsp;")
    visit_rows = [
        [head("team"), blank, head("station"), blank],
        [head("date"), blank, head("voters"), blank],
        [head("arrival"), blank, head("departure"), blank],
    ]
    widths = (30 * MM, 45 * MM, 40 * MM, 45 * MM)
    story.append(_table(visit_rows, widths, [9 * MM] * 3, ((0, 0), (0, -1))))
    story[-1].setStyle([("BACKGROUND", (2, 0), (2, -1), "#e8e8e8")])
    story.append(Spacer(1, 5 * MM))
    rows: list[list[Any]] = [[head("code"), head("question"), head("answer")]]
    questions = form.questions_of(phase)
    for question in questions:
        mark = f"&nbsp;<b>{REQUIRED_MARK}</b>" if question.required else ""
        rows.append(
            [
                p(user_text(question.code) + mark),
                p(user_text(question.text)),
                p(_answer_cell(question, words)),
            ]
        )
    story.append(_table(rows, QUESTION_WIDTHS, None))
    if any(question.required for question in questions):
        story.append(Spacer(1, 1.5 * MM))
        story.append(p(user_text(words["required_legend"])))
    story.append(Spacer(1, 5 * MM))
    assessments = [words[a.value] for a in Assessment]
    story.append(_table([[head("overall")], [p(_boxes(assessments))]], (WIDTH,), [None, 9 * MM]))
    story.append(Spacer(1, 5 * MM))
    incident_head = [head("time"), head("category"), head("severity"), head("description")]
    incident_rows = [incident_head] + [[blank] * 4 for _ in range(INCIDENT_ROWS)]
    story.append(p(user_text(words["incidents"]), "section_title"))
    story.append(
        _table(
            incident_rows,
            (18 * MM, 38 * MM, 30 * MM, 74 * MM),  # "Серьёзность" fits its column
            [None] + [12 * MM] * INCIDENT_ROWS,
        )
    )
    story.append(p(user_text(words["notes"]), "section_title"))
    story.append(_table([[blank]] * NOTE_LINES, (WIDTH,), [8 * MM] * NOTE_LINES, None))
    return story


def write_checklist_pdf(
    session: Session, path: Path | str, *, phase: Phase | None = None, language: str | None = None
) -> Path:
    """Print the checklist to fill by hand, one form per phase (or only `phase`'s), in
    `language`, one of the statement's (default: the mission's own)."""
    from reportlab.platypus import PageBreak

    form = field_form(session)
    if language is not None:
        form = form.in_language(language)
    phases = [phase] if phase is not None else [p for p in Phase if form.questions_of(p)]
    if not form.questions:
        raise UserError(
            "The mission has no checklist questions yet: add them on the Checklist page "
            "(or load the standard checklist), then print the checklist."
        )
    if phase is not None and not form.questions_of(phase):
        raise UserError(f"The checklist has no {phase.label.lower()} questions to print.")
    fonts: Fonts = register_fonts()
    styles = report_styles(fonts)
    words = words_for(form.language)
    story: list[Any] = []
    for index, each in enumerate(phases):
        if index:
            story.append(PageBreak())
        story += _phase_story(form, each, words, styles)
    metadata = Metadata(
        title=form.title, author="", subject=words["checklist"], language=form.language
    )
    return write_pdf(path, story, metadata, fonts)
