"""The ten highlight programs of the bureau, grouped in four pillars (DESIGN.md)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Program:
    number: int
    pillar: str
    pillar_title: Promise
    title: Promise
    summary: Promise
    url_name: str | None  # None until the program's public pages exist


TALENT, EMPLOYMENT, SAFETY, WARMTH = (
    ("talent", _("人才培育")),
    ("employment", _("促進就業")),
    ("safety", _("安全健康")),
    ("warmth", _("溫暖友善")),
)

PROGRAMS = [
    Program(1, *TALENT, _("職業訓練與 TTQS 品質管理"), _("失業者職前訓練、照顧服務員訓練、在職進修與勞工學苑課程，線上查詢與報名。"), "training:catalogue"),
    Program(2, *EMPLOYMENT, _("晴天亮麗人生：身障弱勢就創業"), _("庇護工場產品、展售據點與設攤活動。"), None),
    Program(3, *EMPLOYMENT, _("新視界客製服務：視障者職務再設計"), _("擴視機、點字觸摸顯示器、視力協助員等客製化協助。"), "accommodation:index"),
    Program(4, *EMPLOYMENT, _("青年就業與台南工作好找"), _("產官學合作、暑期工讀、職涯研習營與求職諮詢。"), "jobs:search"),
    Program(5, *SAFETY, _("職安健康處：勞動檢查與違規公布"), _("勞動檢查、裁處與違反勞動法令事業單位查詢。"), "register:search"),
    Program(6, *SAFETY, _("勞資會議與團體協約"), _("勞資會議備查、工會與團體協約輔導。"), None),
    Program(7, *SAFETY, _("勞權公民教育"), _("職場ㄟ大小事每週講座與校園劇團巡演。"), None),
    Program(8, *WARMTH, _("職災個案管理與弱勢勞工房屋修繕"), _("職災勞工完整無漏的關懷服務與志工修繕。"), "casework:index"),
    Program(9, *WARMTH, _("友善親職職場"), _("托兒、哺集乳室、五心職場認證與育嬰假申訴。"), None),
    Program(10, *WARMTH, _("國際勞動力一家親"), _("外籍生關懷訪視、移工母語工安訓練與照護手冊。"), None),
]
