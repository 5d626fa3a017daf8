"""User text made safe for ReportLab's Paragraph markup.

Paragraph reads its text as a small XML dialect: "<50% & rising" typed by a coordinator
would be taken for a tag or an entity and either fail or vanish. Everything a user typed
goes through `user_text` before it meets markup we write ourselves (<b>, <br/>), so it
prints exactly as typed. Characters the body font lacks are borrowed from DejaVu Sans
when it has them, else replaced by a visible mark (see fonts.drawable).
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from coordinator.reports.fonts import MISSING_MARK, SANS, SERIF, drawable, glyphs_of


def user_text(text: str, font_name: str = SERIF, fallback: str = SANS) -> str:
    """`text` escaped for Paragraph markup, with every character drawable."""
    body = glyphs_of(font_name)
    spare = glyphs_of(fallback)
    out: list[str] = []
    for char in drawable(text, font_name, fallback):
        if char == "\t":
            out.append(" ")
        elif ord(char) in body or char == "\n":
            out.append(escape(char))
        elif char == MISSING_MARK:
            out.append(f'<font name="{fallback}">{MISSING_MARK}</font>')
        elif ord(char) in spare:
            out.append(f'<font name="{fallback}">{escape(char)}</font>')
        # else: dropped by drawable already
    return "".join(out)


def paragraphs(text: str) -> list[str]:
    """A section's text as paragraphs: blank lines separate them, a single line break
    stays a line break (as <br/>). Each paragraph is escaped markup, whole however long:
    ReportLab splits it across pages (60,000 characters take it a fifth of a second)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    result: list[str] = []
    for raw in re.split(r"\n\s*\n", text):
        block = raw.strip()
        if not block:
            continue
        result.append(user_text(block).replace("\n", "<br/>"))
    return result
