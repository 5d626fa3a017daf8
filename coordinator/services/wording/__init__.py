"""The statement's words in each language it can be drafted in.

The facts (counts, names, findings) are language-free; each language is a module of
phrase functions over them (`ru`, `tr`; English is `services/statement.py` with
`statement_findings.py`), because a translated English template cannot agree in case and
number. Plural categories and dates come from Babel's CLDR data, not hand tables.
"""

from __future__ import annotations

import datetime as dt

# The languages a draft can be written in, by code, each named in its own language.
DRAFT_LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский", "tr": "Türkçe"}


def plural_category(language: str, count: int) -> str:
    """CLDR's plural category of `count` in `language`: "one", "few", "many", "other"."""
    from babel import Locale

    return str(Locale.parse(language).plural_form(count))


def long_date(language: str, day: dt.date) -> str:
    """ "17 November 2024", "17 ноября 2024 года", "17 Kasım 2024"."""
    from babel.dates import format_date

    if language == "en":
        return format_date(day, "d MMMM y", locale="en")
    if language == "ru":
        # CLDR's long form ends in "г."; a statement writes the word out.
        return format_date(day, "d MMMM y", locale="ru") + " года"
    return format_date(day, "long", locale=language)
