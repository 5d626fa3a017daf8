"""The printed reports' own words in each statement language: the footer, annex titles,
column heads and the labels in the annex tables. A word without a translation prints in
English. Phases and assessments are worded once, with the field form's and the paper
checklist's words (`services.form_words`), so a phase reads the same on every page.
"""

from __future__ import annotations

from coordinator.db.enums import Assessment, Phase
from coordinator.services.form_words import WORDS as FORM_WORDS

STATISTICS_NOTE = (
    "Negative and critical answers as counts and shares of the answers given; "
    "Stations: distinct polling stations with a negative answer."
)
CHART_NOTE = (
    "Overall assessment of each observation, by phase (number of observations; "
    "observations without an assessment are not shown)."
)

_WORDS: dict[str, dict[str, str]] = {
    "ru": {
        "Page {page} of {pages}": "Страница {page} из {pages}",
        "{section} · page {page} of {pages}": "{section} · страница {page} из {pages}",
        "Annex {number}: {title}": "Приложение {number}. {title}",
        "Polling stations visited": "Посещённые избирательные участки",
        "Meetings held": "Проведённые встречи",
        "Statistics per phase": "Статистика по этапам",
        "Overall assessments per phase": "Общие оценки по этапам",
        "Date": "Дата",
        "Time": "Время",
        "Team": "Гр.",  # the column is narrow: "Группа" would break
        "Station": "Участок",
        "Name": "Название",
        "Locality": "Населённый пункт",
        "Phase": "Этап",
        "Kind": "Вид",
        "Interlocutor": "Собеседник",
        "Institution": "Учреждение",
        "Place": "Место",
        "Code": "Код",
        "Question": "Вопрос",
        "Answers": "Ответы",
        # Abbreviated as Russian tables do: the full words break in a figures column.
        "Negative": "Отриц.",
        "Critical": "Критич.",
        "Stations": "Участки",
        "Statement": "Заявление",
        # The bodies of the annex tables: kinds of meeting (phases and assessments: see say).
        "Meeting": "Встреча",
        "Briefing": "Брифинг",
        "Presentation": "Презентация",
        "Courtesy call": "Протокольный визит",
        "No visit has been marked done yet.": "Ни одно посещение ещё не отмечено как состоявшееся.",
        "No meeting has been recorded.": "Встречи не зарегистрированы.",
        STATISTICS_NOTE: "Отрицательные и критические ответы: число и доля от данных ответов; "
        "«Участки» — число избирательных участков, где был дан отрицательный ответ.",
        CHART_NOTE: "Общая оценка каждого посещения по этапам (число посещений; посещения "
        "без оценки не показаны).",
    },
    "tr": {
        "Page {page} of {pages}": "Sayfa {page} / {pages}",
        "{section} · page {page} of {pages}": "{section} · sayfa {page} / {pages}",
        "Annex {number}: {title}": "Ek {number}: {title}",
        "Polling stations visited": "Ziyaret edilen sandıklar",
        "Meetings held": "Yapılan görüşmeler",
        "Statistics per phase": "Aşamalara göre istatistikler",
        "Overall assessments per phase": "Aşamalara göre genel değerlendirmeler",
        "Date": "Tarih",
        "Time": "Saat",
        "Team": "Ekip",
        "Station": "Sandık",
        "Name": "Adı",
        "Locality": "Yerleşim yeri",
        "Phase": "Aşama",
        "Kind": "Tür",
        "Interlocutor": "Görüşülen kişi",
        "Institution": "Kurum",
        "Place": "Yer",
        "Code": "Kod",
        "Question": "Soru",
        "Answers": "Cevaplar",
        "Negative": "Olumsuz",
        "Critical": "Kritik",
        "Stations": "Sandıklar",
        "Statement": "Açıklama",
        # The bodies of the annex tables: kinds of meeting (phases and assessments: see say).
        "Meeting": "Görüşme",
        "Briefing": "Bilgilendirme toplantısı",
        "Presentation": "Sunum",
        "Courtesy call": "Nezaket ziyareti",
        "No visit has been marked done yet.": "Tamamlandı olarak işaretlenmiş ziyaret henüz "
        "yoktur.",
        "No meeting has been recorded.": "Kaydedilmiş görüşme yoktur.",
        STATISTICS_NOTE: "Olumsuz ve kritik cevaplar, verilen cevapların sayısı ve oranı "
        "olarak; Sandıklar: olumsuz cevap verilen sandık sayısı.",
        CHART_NOTE: "Her ziyaretin aşamalara göre genel değerlendirmesi (ziyaret sayısı; "
        "değerlendirilmeyen ziyaretler gösterilmemiştir).",
    },
}


# A phase or an assessment by its English label: its key in the one table of them.
_VOCABULARY_KEYS = {member.label: member.value for member in (*Phase, *Assessment)}


def say(language: str, english: str, **values: object) -> str:
    """`english` in `language` (as it is where there is no translation), filled in."""
    key = _VOCABULARY_KEYS.get(english)
    if key is not None and language in FORM_WORDS:
        return FORM_WORDS[language][key]
    return _WORDS.get(language, {}).get(english, english).format(**values)
