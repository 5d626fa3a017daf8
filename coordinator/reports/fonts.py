"""The fonts every printed report uses: DejaVu Serif and Sans, shipped in resources/fonts.

ReportLab's own fonts (Helvetica, Times) are not embedded and have no Cyrillic, Kyrgyz
ң ө ү or Azerbaijani ə; DejaVu has all of them and its licence (resources/fonts/
LICENSE-DejaVu.txt) allows embedding. Each family is registered once per process with
its bold and italic faces, so `<b>` and `<i>` in Paragraph markup pick the right file.

DejaVu draws no emoji. `drawable` replaces what the font cannot draw with a visible
mark, so a note typed on a phone prints instead of failing or showing black boxes.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from functools import cache

from coordinator.resources import resource_path

SERIF = "DejaVuSerif"
SANS = "DejaVuSans"

# Face name -> file, per family: regular, bold, italic, bold italic.
FAMILIES: dict[str, tuple[tuple[str, str], ...]] = {
    SERIF: (
        (SERIF, "DejaVuSerif.ttf"),
        (f"{SERIF}-Bold", "DejaVuSerif-Bold.ttf"),
        (f"{SERIF}-Italic", "DejaVuSerif-Italic.ttf"),
        (f"{SERIF}-BoldItalic", "DejaVuSerif-BoldItalic.ttf"),
    ),
    SANS: (
        (SANS, "DejaVuSans.ttf"),
        (f"{SANS}-Bold", "DejaVuSans-Bold.ttf"),
        (f"{SANS}-Oblique", "DejaVuSans-Oblique.ttf"),
        (f"{SANS}-BoldOblique", "DejaVuSans-BoldOblique.ttf"),
    ),
}

# Printed in place of a run of characters the font has no glyph for (an emoji, say).
MISSING_MARK = "□"
# Invisible joiners and selectors that only shape emoji: dropped with them.
_SHAPING = {0x200D, 0xFE0E, 0xFE0F, 0x20E3}


@dataclass(frozen=True)
class Fonts:
    """The registered face names for the report styles."""

    body: str = SERIF
    body_bold: str = f"{SERIF}-Bold"
    body_italic: str = f"{SERIF}-Italic"
    sans: str = SANS
    sans_bold: str = f"{SANS}-Bold"


@cache
def register_fonts() -> Fonts:
    """Register both DejaVu families with ReportLab (once) and return their names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for family, faces in FAMILIES.items():
        for name, file_name in faces:
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file_name))))
        regular, bold, italic, bold_italic = (name for name, _ in faces)
        addMapping(family, 0, 0, regular)
        addMapping(family, 1, 0, bold)
        addMapping(family, 0, 1, italic)
        addMapping(family, 1, 1, bold_italic)
    return Fonts()


@cache
@functools.cache
def glyphs_of(font_name: str) -> frozenset[int]:
    """The characters (code points) the registered font can draw."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    face = pdfmetrics.getFont(font_name).face
    return frozenset(face.charToGlyph)


@functools.cache
def _glyphs_of_any(font_names: tuple[str, ...]) -> frozenset[int]:
    """What one of these fonts can draw (asked once per table cell: kept, not rebuilt)."""
    return frozenset().union(*(glyphs_of(name) for name in font_names))


def drawable(text: str, *font_names: str) -> str:
    """`text` with what none of `font_names` (DejaVu Serif by default) can draw replaced
    by MISSING_MARK, one mark per run, and control characters but line breaks and tabs
    dropped."""
    glyphs = _glyphs_of_any(font_names or (SERIF,))
    out: list[str] = []
    missing = False
    for char in text:
        code = ord(char)
        if char in "\n\t":
            out.append(char)
            missing = False
        elif code in _SHAPING or unicodedata.category(char) in ("Cc", "Cf", "Cs"):
            continue
        elif code in glyphs:
            out.append(char)
            missing = False
        elif unicodedata.category(char) == "Sk" or 0x1F3FB <= code <= 0x1F3FF:
            continue  # a skin-tone modifier belongs to the emoji before it
        elif not missing:
            out.append(MISSING_MARK)
            missing = True
    return "".join(out)
