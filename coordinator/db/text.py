"""Folding text for search that ignores case and accents in every script we meet.

SQLite's LIKE folds ASCII only, so "бишкек" would not find "Бишкек" and "istanbul" would
not find "İstanbul". Each searchable record keeps a folded copy of its words in a
`search_key` column, written with the record; a search folds the query the same way
and looks for it with a plain substring test, which works on any database.
"""

import unicodedata

# Letters that case folding alone leaves distinct from the Latin letter a coordinator types.
_EXTRA = str.maketrans({"ı": "i", "ə": "e", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})


def fold(text: str | None) -> str:
    """`text` in lower case without accents: "İstanbul Ərzurum Өмүр" -> "istanbul erzurum өмүр"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_EXTRA).split())


def search_key(*parts: object) -> str:
    """The folded words of a record's searchable fields, separated so no match spans two."""
    return "\x1f".join(fold(str(p)) for p in parts if p is not None and p != "")
