"""The printed reports' own words in each statement language: the footer, annex titles
and column heads. A word without a translation prints in English."""

from __future__ import annotations

_WORDS: dict[str, dict[str, str]] = {
    "ru": {
        "Page {page} of {pages}": "Страница {page} из {pages}",
        "Annex {number}: {title}": "Приложение {number}. {title}",
        "Polling stations visited": "Посещённые избирательные участки",
        "Meetings held": "Проведённые встречи",
        "Statistics per phase": "Статистика по этапам",
        "Overall assessments per phase": "Общие оценки по этапам",
        "Date": "Дата",
        "Time": "Время",
        "Team": "Группа",
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
        "Negative": "Отрицательные",
        "Critical": "Критические",
        "Stations": "Участки",
        "Statement": "Заявление",
    },
    "tr": {
        "Page {page} of {pages}": "Sayfa {page} / {pages}",
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
    },
}


def say(language: str, english: str, **values: object) -> str:
    """`english` in `language` (as it is where there is no translation), filled in."""
    return _WORDS.get(language, {}).get(english, english).format(**values)
