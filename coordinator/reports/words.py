"""The printed reports' own words in each statement language: the footer, annex titles,
column heads and the labels in the annex tables. A word without a translation prints in
English."""

from __future__ import annotations

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
        # The bodies of the annex tables: phases, kinds of meeting, assessments.
        "Opening": "Открытие",
        "Voting": "Голосование",
        "Counting": "Подсчёт голосов",
        "Tabulation": "Подведение итогов",
        "Meeting": "Встреча",
        "Briefing": "Брифинг",
        "Presentation": "Презентация",
        "Courtesy call": "Протокольный визит",
        "Very good": "Очень хорошо",
        "Good": "Хорошо",
        "Bad": "Плохо",
        "Very bad": "Очень плохо",
        "No visit has been marked done yet.": "Ни одно посещение ещё не отмечено как состоявшееся.",
        "No meeting has been recorded.": "Встречи не зарегистрированы.",
        STATISTICS_NOTE: "Отрицательные и критические ответы: число и доля от данных ответов; "
        "«Участки» — число избирательных участков, где был дан отрицательный ответ.",
        CHART_NOTE: "Общая оценка каждого посещения по этапам (число посещений; посещения "
        "без оценки не показаны).",
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
        # The bodies of the annex tables: phases, kinds of meeting, assessments.
        "Opening": "Açılış",
        "Voting": "Oy verme",
        "Counting": "Oy sayımı",
        "Tabulation": "Sonuçların birleştirilmesi",
        "Meeting": "Görüşme",
        "Briefing": "Bilgilendirme toplantısı",
        "Presentation": "Sunum",
        "Courtesy call": "Nezaket ziyareti",
        "Very good": "Çok iyi",
        "Good": "İyi",
        "Bad": "Kötü",
        "Very bad": "Çok kötü",
        "No visit has been marked done yet.": "Tamamlandı olarak işaretlenmiş ziyaret henüz "
        "yoktur.",
        "No meeting has been recorded.": "Kaydedilmiş görüşme yoktur.",
        STATISTICS_NOTE: "Olumsuz ve kritik cevaplar, verilen cevapların sayısı ve oranı "
        "olarak; Sandıklar: olumsuz cevap verilen sandık sayısı.",
        CHART_NOTE: "Her ziyaretin aşamalara göre genel değerlendirmesi (ziyaret sayısı; "
        "değerlendirilmeyen ziyaretler gösterilmemiştir).",
    },
}


def say(language: str, english: str, **values: object) -> str:
    """`english` in `language` (as it is where there is no translation), filled in."""
    return _WORDS.get(language, {}).get(english, english).format(**values)
