"""Cells as text: reading dates, times, numbers and yes/no from them, and writing them back.

Everything a workbook holds is read as text first (so "0012" and "NA" survive), then
parsed here by the column's kind. Export writes the same text, so a value read back
parses to what was written.

Cells that a spreadsheet would run as a formula are neutralised on export: text that
starts with `=`, `+`, `-` or `@` (after any apostrophes) gets one apostrophe in front,
unless it is a plain number such as -12.5; so does text that reads as an Excel error
(#N/A, after any apostrophes), which import would otherwise refuse as a failed formula.
Import takes one apostrophe off text that starts with apostrophes followed by one of
those four characters, or by an error's words. The two rules undo each other exactly,
so an exported workbook imports to the same data.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from typing import TypeVar

from coordinator.db.enums import Vocabulary
from coordinator.services.checklist import NO_WORDS, YES_WORDS
from coordinator.services.unit import clean

V = TypeVar("V", bound=Vocabulary)
_ERROR = r"#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|SPILL!|CALC!)$"
_FORMULA = re.compile(rf"'*(?:[=+\-@]|{_ERROR})")
_NEUTRALISED = re.compile(rf"'+(?:[=+\-@]|{_ERROR})")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?")


def neutralise(text: str) -> str:
    """The text as exported: a would-be formula gets an apostrophe in front."""
    if _FORMULA.match(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def undo_neutralising(text: str) -> str:
    """The text with the apostrophe export put in front of a would-be formula taken off."""
    return text[1:] if text[:1] == "'" and _NEUTRALISED.match(text) else text


def restore(text: str) -> str:
    """The text as imported: trimmed (non-breaking spaces too), neutralising undone."""
    return undo_neutralising(clean(text))


def parse_date(text: str) -> dt.date:
    """2024-11-17 (what Excel date cells are read as) or 17.11.2024; ValueError otherwise."""
    match = _ISO_DATE.fullmatch(text)
    parts: tuple[str, str, str] | None = None
    if match:
        parts = match[1], match[2], match[3]
    elif match := _DOTTED_DATE.fullmatch(text):
        parts = match[3], match[2], match[1]
    if parts is not None:
        try:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    raise ValueError(f"'{text}' is not a date: write it as 2024-11-17.")


def parse_time(text: str) -> dt.time:
    """08:30 (or 8:30, 08:30:00); ValueError otherwise."""
    match = _TIME.fullmatch(text)
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return dt.time(int(match[1]), int(match[2]))
    raise ValueError(f"'{text}' is not a time of day: write it as 08:30.")


def parse_whole_number(text: str) -> int:
    digits = "".join(text.split())
    if re.fullmatch(r"-?\d+", digits) and len(digits) <= 15:
        return int(digits)
    raise ValueError(f"'{text}' is not a whole number.")


def parse_number(text: str) -> float:
    """A number; a decimal comma (42,87) is read as a point."""
    candidate = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    try:
        number = float(candidate)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ValueError(f"'{text}' is not a number.")
    return number


def parse_yes_no(text: str) -> bool:
    from coordinator.db.text import fold

    folded = fold(text)
    if folded in YES_WORDS:
        return True
    if folded in NO_WORDS:
        return False
    raise ValueError(f"'{text}' is not yes or no.")


def parse_choice(text: str, vocabulary: type[V]) -> V:
    return _parse_choice(text, vocabulary)  # type: ignore[return-value]


# A column of 200,000 visits holds a handful of distinct phases: each is parsed once.
@functools.lru_cache(maxsize=1024)
def _parse_choice(text: str, vocabulary: type[Vocabulary]) -> Vocabulary:
    try:
        return vocabulary.parse(text)
    except ValueError:
        raise ValueError(f"'{text}' is not one of: {vocabulary.choices()}.") from None


def format_value(value: object) -> str:
    """A stored value as its cell's text: dates ISO, times HH:MM, yes/no, labels."""
    if value is None:
        return ""
    if isinstance(value, Vocabulary):
        return value.label
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, float):
        return repr(value)
    return str(value)
