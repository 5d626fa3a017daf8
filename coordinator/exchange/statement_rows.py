"""The Statement and Translations sheets: each language's sections, and the names a
statement in another language writes its own way.

A Statement row without a language is in the mission's first language, so a workbook
written before statements had languages imports as it always did. A section's row in
another language adds that language to the mission's statement languages.
"""

from __future__ import annotations

from coordinator.exchange import sheets
from coordinator.exchange.context import ImportContext, first_of_key
from coordinator.exchange.rows import Row, SheetData
from coordinator.services import statement_languages, statement_sections
from coordinator.services.mission import LANGUAGE_CODE


def _language(row: Row, first: str) -> str | None:
    """The row's language code, the first language when empty; None (and a problem) when
    it is not a language code."""
    code = statement_languages.language_code(row.text("language")) or first
    if not LANGUAGE_CODE.fullmatch(code):
        row.problem(
            "language", f"'{row.text('language')}' is not a language code such as ru or tr."
        )
        return None
    return code


def write_statement(ctx: ImportContext, data: SheetData) -> None:
    """Section n of a language's rows replaces that language's n-th section; new ones go
    at the end.

    The order is the section's place, so the numbers run without gaps (1, 2, 3 …) within
    a language: a section numbered past the end would land in another place than its
    number says, and the same sheet imported again would add it again.
    """
    count = ctx.count(sheets.STATEMENT.name)
    first = statement_languages.first_language(ctx.session)
    seen: dict[str, int] = {}
    given: dict[str, list[tuple[int, Row, tuple[str, str]]]] = {}
    for row in data.rows(ctx.problems):
        order = row.value("order")
        language = _language(row, first)
        if order is None or language is None:
            continue
        if not first_of_key(row, f"{language} {order}", seen, "order"):
            continue
        if order < 1:
            row.problem("order", f"'{order}' is not a place in the statement: 1, 2, 3 …")
            continue
        given.setdefault(language, []).append((order, row, (row.text("title"), row.text("text"))))
    for language, rows in given.items():
        current = [
            (s.title, s.text) for s in statement_sections.list_sections(ctx.session, language)
        ]
        wanted = list(current)
        for order, row, section in sorted(rows, key=lambda item: item[0]):
            if order > len(wanted) + 1:
                which = "" if language == first else f" in '{language}'"
                row.problem(
                    "order",
                    f"{order} leaves a gap: the statement{which} would have {len(wanted)} "
                    "section(s) before it. Number the sections 1, 2, 3 … without gaps "
                    f"({len(wanted) + 1} here).",
                )
                continue
            if order <= len(wanted):
                old = wanted[order - 1]
                wanted[order - 1] = section
                if old == section:
                    count.unchanged += 1
                else:
                    count.updated += 1
            else:
                wanted.append(section)
                count.new += 1
        if ctx.problems.items:
            continue  # the import fails: nothing needs writing
        if language not in statement_languages.statement_languages(ctx.session):
            statement_languages.add_statement_language(ctx.session, language)
        if wanted != current:
            statement_sections.replace_sections(ctx.session, wanted, language)


def write_translations(ctx: ImportContext, data: SheetData) -> None:
    """Each row says how a language writes a name typed in the mission."""
    count = ctx.count(sheets.TRANSLATIONS.name)
    seen: dict[str, int] = {}
    wanted: dict[str, dict[str, str]] = {}
    for row in data.rows(ctx.problems):
        language = _language(row, "")
        original = row.text("original")
        if language is None or not original:
            continue
        if not first_of_key(row, f"{language} {original}", seen, "original"):
            continue
        wanted.setdefault(language, {})[original] = row.text("text")
    for language, names in wanted.items():
        current = statement_languages.translations(ctx.session, language)
        for original, text in names.items():
            if current.get(original, "") == text:
                count.unchanged += 1
            elif original in current:
                count.updated += 1
            else:
                count.new += 1
        if not ctx.problems.items:
            statement_languages.save_translations(ctx.session, language, names)
