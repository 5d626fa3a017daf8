"""The Turkish words of the standard checklist's findings and of the incident categories.

`clause` is a finished statement of what held everywhere (for an absence, the thing
not found, as it follows "herhangi bir"; for observers, who was present); `found` says
what was seen where something was negative. No suffix is ever added to a name the
coordinator typed: sentences put a noun of their own after it ("… tarafından",
"… kapsamında", "… yerleşim yerlerinde").
"""

from __future__ import annotations

from dataclasses import dataclass

from coordinator.db.enums import IncidentCategory, Severity


@dataclass(frozen=True)
class Words:
    clause: str
    found: str = ""


WORDS: dict[str, Words] = {
    "O1": Words("sandıklar zamanında açılmıştır", "sandık zamanında açılmamıştır"),
    "O2": Words(
        "kanunen gerekli tüm seçim malzemeleri eksiksiz bulunmuştur",
        "kanunen gerekli seçim malzemeleri eksik bulunmuştur",
    ),
    "O3": Words(
        "oy sandıkları oylama başlamadan önce boş olarak gösterilmiş ve mühürlenmiştir",
        "oy sandıkları oylama başlamadan önce boş olarak gösterilip mühürlenmemiştir",
    ),
    "O4": Words(
        "elektronik oylama cihazları test edilmiş ve çalışır durumda bulunmuştur",
        "elektronik oylama cihazları açılışta çalışır durumda bulunmamıştır",
    ),
    "V1": Words(
        "propaganda materyali", "sandık alanında veya yakınında propaganda materyali bulunmuştur"
    ),
    "V2": Words(
        "siyasi grupların seçmenler üzerinde baskısı",
        "bir siyasi grubun seçmenler üzerinde baskı veya zorlama uyguladığı gözlemlenmiştir",
    ),
    "V3": Words(
        "oy pusulası doldurma veya sızdırma", "oy pusulası doldurma veya sızdırma gözlemlenmiştir"
    ),
    "V4": Words(
        "idari makamların veya kolluk kuvvetlerinin sandık kurullarının çalışmasına müdahalesi",
        "idari makamlar veya kolluk kuvvetleri sandık kurulunun çalışmasına müdahale etmiştir",
    ),
    "V5": Words(
        "görevli olmayan kişilerin seçmenleri yönlendirme girişimi",
        "görevli olmayan kişiler seçmenleri yönlendirmeye çalışmıştır",
    ),
    "V6": Words(
        "Heyete sandık alanlarına tam erişim sağlanmıştır",
        "Heyete sandık alanına tam erişim sağlanmamıştır",
    ),
    "V7": Words(
        "sandık kurulu görevlileri Heyete ayrıntılı bilgi vermiştir",
        "sandık kurulu görevlileri Heyete ayrıntılı bilgi vermemiştir",
    ),
    "V8": Words(
        "ziyaret edilen sandıklarda kamu düzeni sağlanmıştır", "kamu düzeni sağlanamamıştır"
    ),
    "V9": Words(
        "sandık alanları seçim mevzuatına uygun olarak hazırlanmıştır",
        "sandık alanı seçim mevzuatına uygun olarak hazırlanmamıştır",
    ),
    "V10": Words("ulusal gözlemcilerin"),
    "V11": Words("uluslararası gözlemcilerin"),
    "V12": Words("oyların gizliliği sağlanmıştır", "oyların gizliliği sağlanamamıştır"),
    "V13": Words(
        "seçmenlerin biyometrik kimlik doğrulama sistemi düzgün çalışmıştır",
        "seçmenlerin biyometrik kimlik doğrulama sistemi düzgün çalışmamıştır",
    ),
    "V14": Words(
        "elektronik oylama cihazları düzgün çalışmıştır",
        "elektronik oylama cihazları düzgün çalışmamıştır",
    ),
    "V15": Words(
        "engelli ve yaşlı seçmenler yardım almadan oy kullanabilmiştir",
        "engelli veya yaşlı seçmenler yardım almadan oy kullanamamıştır",
    ),
    "V17": Words(
        "sandık kurulları oylamayı iyi yürütmüştür",
        "Heyet, sandık kurulunun oylamayı yürütmesini kötü veya çok kötü olarak değerlendirmiştir",
    ),
    "C1": Words(
        "kanunda öngörülen sayım usullerine uyulmuştur",
        "kanunda öngörülen sayım usullerine uyulmamıştır",
    ),
    "C3": Words(
        "oy pusulası tarayıcılarının sonuçları elle sayımla örtüşmüştür",
        "oy pusulası tarayıcısının sonuçları elle sayımla örtüşmemiştir",
    ),
    "C4": Words(
        "sonuç tutanakları değişiklik yapılmadan doldurulmuş ve imzalanmıştır",
        "sonuç tutanağında değişiklik yapılmış veya tutanak imzalanmamıştır",
    ),
    "C5": Words(
        "sonuç tutanaklarının birer örneği kamuya açık olarak asılmıştır",
        "sonuç tutanağının bir örneği kamuya açık olarak asılmamıştır",
    ),
    "T1": Words(
        "oy pusulalarının ve sonuçların birleştirilmesi ulusal seçim mevzuatına uygun olarak "
        "zamanında yapılmıştır",
        "sonuçların birleştirilmesi mevzuatta öngörülen sürede yapılmamıştır",
    ),
    "T2": Words(
        "gözlemciler sonuçların birleştirilmesini takip edebilmiş ve girilen rakamları "
        "görebilmiştir",
        "gözlemciler sonuçların birleştirilmesini takip edememiştir",
    ),
    "T3": Words(
        "sonuç tutanakları eksiksiz teslim alınmıştır",
        "sonuç tutanakları açıklanamayan değişikliklerle teslim alınmıştır",
    ),
}

# What incidents of each category are "… ile ilgili".
CATEGORIES: dict[IncidentCategory, str] = {
    IncidentCategory.CAMPAIGN_MATERIAL: "propaganda materyali",
    IncidentCategory.PRESSURE_OR_COERCION: "baskı veya zorlama",
    IncidentCategory.BALLOT_STUFFING_OR_LEAKAGE: "oy pusulası doldurma veya sızdırma",
    IncidentCategory.INTERFERENCE_BY_AUTHORITIES: "makamların müdahalesi",
    IncidentCategory.OBSERVER_OBSTRUCTION: "gözlemcilerin engellenmesi",
    IncidentCategory.PUBLIC_ORDER: "kamu düzeni",
    IncidentCategory.SECRECY_OF_THE_VOTE: "oyların gizliliği",
    IncidentCategory.ACCESSIBILITY: "erişilebilirlik",
    IncidentCategory.TECHNOLOGY: "elektronik oylama veya biyometrik sistemler",
    IncidentCategory.OTHER: "diğer konular",
}

SEVERITY: dict[Severity, str] = {
    Severity.MINOR: "küçük",
    Severity.SERIOUS: "ciddi",
    Severity.CRITICAL: "kritik",
}
