"""The field form's and the paper checklist's own words in English, Russian and Turkish.

One table serves both: the labels the form gives its fields, phases, choices and
vocabularies (`exchange.xlsform`), the words printed on the paper checklist
(`reports.checklist_form`), and the import of submissions, which reads a label in any
of these languages (`names_by_label`). A language without its words uses English.

The phases and the assessments are worded here once for everything the mission prints:
the statement's annexes read them too (`reports.words`). They are the words an election
observation mission uses in its own documents: OSCE/ODIHR's Russian texts ("открытие",
"голосование", "подсчёт голосов", "подведение итогов") and the Turkish Supreme Election
Council's ("oy verme", "oy sayımı", "birleştirme").
"""

from __future__ import annotations

from collections.abc import Iterable

from coordinator.db.enums import IncidentCategory, Severity
from coordinator.db.text import fold

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "checklist": "Checklist",
        "team": "Team",
        "station": "Polling station",
        "date": "Date",
        "arrival": "Arrival",
        "departure": "Departure",
        "voters": "Voters who had voted",
        "overall": "Overall assessment",
        "incidents": "Incidents",
        "time": "Time",
        "category": "Category",
        "severity": "Severity",
        "description": "What happened",
        "notes": "Notes",
        "yes": "Yes",
        "no": "No",
        "code": "No.",
        "question": "Question",
        "answer": "Answer",
        "very_good": "Very good",
        "good": "Good",
        "bad": "Bad",
        "very_bad": "Very bad",
        "opening": "Opening",
        "voting": "Voting",
        "counting": "Counting",
        "tabulation": "Tabulation",
        "phase": "Phase",
        "arrival_time": "Arrival time",
        "departure_time": "Departure time",
        "voters_voted": "Voters who had voted at the time of the visit",
        "location": "Where the team is",
        "count_not_negative": "A count cannot be below 0.",
        "leaves_after_arrival": "The team leaves after it arrives.",
        "answer_required": "This question must be answered.",
        "required_legend": "Questions marked * must be answered.",
        **{c.value: c.label for c in IncidentCategory},
        **{s.value: s.label for s in Severity},
    },
    "ru": {
        "checklist": "Контрольный лист",
        "team": "Группа",
        "station": "Избирательный участок",
        "date": "Дата",
        "arrival": "Прибытие",
        "departure": "Отъезд",
        "voters": "Проголосовало избирателей",
        "overall": "Общая оценка",
        "incidents": "Нарушения",
        "time": "Время",
        "category": "Категория",
        "severity": "Серьёзность",
        "description": "Что произошло",
        "notes": "Примечания",
        "yes": "Да",
        "no": "Нет",
        "code": "№",
        "question": "Вопрос",
        "answer": "Ответ",
        "very_good": "Очень хорошо",
        "good": "Хорошо",
        "bad": "Плохо",
        "very_bad": "Очень плохо",
        "opening": "Открытие",
        "voting": "Голосование",
        "counting": "Подсчёт голосов",
        "tabulation": "Подведение итогов",
        "phase": "Этап",
        "arrival_time": "Время прибытия",
        "departure_time": "Время отъезда",
        "voters_voted": "Число проголосовавших избирателей на момент посещения",
        "location": "Местонахождение группы",
        "count_not_negative": "Число не может быть меньше 0.",
        "leaves_after_arrival": "Время отъезда не может быть раньше времени прибытия.",
        "answer_required": "На этот вопрос необходимо ответить.",
        "required_legend": "На вопросы, отмеченные *, необходимо ответить.",
        "campaign_material": "Агитационные материалы",
        "pressure_or_coercion": "Давление или принуждение",
        "ballot_stuffing_or_leakage": "Вброс или вынос бюллетеней",
        "interference_by_authorities": "Вмешательство органов власти",
        "observer_obstruction": "Воспрепятствование работе наблюдателей",
        "public_order": "Общественный порядок",
        "secrecy_of_the_vote": "Тайна голосования",
        "accessibility": "Доступность",
        "technology": "Технологии: электронное голосование, биометрия",
        "other": "Другое",
        "minor": "Незначительное",
        "serious": "Серьёзное",
        "critical": "Критическое",
    },
    "tr": {
        "checklist": "Kontrol listesi",
        "team": "Ekip",
        "station": "Sandık yeri",
        "date": "Tarih",
        "arrival": "Varış",
        "departure": "Ayrılış",
        "voters": "Oy kullanan seçmen",
        "overall": "Genel değerlendirme",
        "incidents": "Olaylar",
        "time": "Saat",
        "category": "Kategori",
        "severity": "Ciddiyet",
        "description": "Ne oldu",
        "notes": "Notlar",
        "yes": "Evet",
        "no": "Hayır",
        "code": "No.",
        "question": "Soru",
        "answer": "Cevap",
        "very_good": "Çok iyi",
        "good": "İyi",
        "bad": "Kötü",
        "very_bad": "Çok kötü",
        "opening": "Açılış",
        "voting": "Oy verme",
        "counting": "Oy sayımı",
        "tabulation": "Birleştirme",
        "phase": "Aşama",
        "arrival_time": "Varış saati",
        "departure_time": "Ayrılış saati",
        "voters_voted": "Ziyaret sırasında oy kullanmış seçmen sayısı",
        "location": "Ekibin bulunduğu yer",
        "count_not_negative": "Sayı 0'dan küçük olamaz.",
        "leaves_after_arrival": "Ayrılış saati varış saatinden önce olamaz.",
        "answer_required": "Bu sorunun cevaplanması zorunludur.",
        "required_legend": "* ile işaretli soruların cevaplanması zorunludur.",
        "campaign_material": "Propaganda materyali",
        "pressure_or_coercion": "Baskı veya zorlama",
        "ballot_stuffing_or_leakage": "Oy pusulası doldurma veya sızdırma",
        "interference_by_authorities": "Makamların müdahalesi",
        "observer_obstruction": "Gözlemcilerin engellenmesi",
        "public_order": "Kamu düzeni",
        "secrecy_of_the_vote": "Oyların gizliliği",
        "accessibility": "Erişilebilirlik",
        "technology": "Teknoloji: elektronik oylama/biyometri",
        "other": "Diğer",
        "minor": "Küçük",
        "serious": "Ciddi",
        "critical": "Kritik",
    },
}


# Words forms written by earlier versions used, before the table was one: a labelled
# export of such a form is still read.
FORMER_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "ru": {"tabulation": ("Сведение итогов",)},
    "tr": {"voting": ("Oylama",), "counting": ("Sayım",)},
}


def former_words(language: str, key: str) -> tuple[str, ...]:
    """What `key` was called in `language` before (usually nothing)."""
    return FORMER_WORDS.get(language[:2].casefold(), {}).get(key, ())


def words_for(language: str) -> dict[str, str]:
    """The words in `language` (its first two letters), English when not known."""
    return WORDS.get(language[:2].casefold(), WORDS["en"])


def names_by_label(keys: Iterable[str]) -> dict[str, str]:
    """{label folded, in any language of the table or as it was before: its key}."""
    labels = {}
    for key in keys:
        for language, words in WORDS.items():
            for label in (words[key], *former_words(language, key)):
                labels[fold(label)] = key
    return labels


def language_column(code: str) -> str:
    """How an XLSForm names the language with `code` in its headers: "Russian (ru)"."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name("en") or code
    except (ValueError, UnknownLocaleError):
        name = code
    return f"{name} ({code})"
