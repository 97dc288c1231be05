"""The demonstration dataset of program 5: the 2019 year of 職安健康處.

The year-end report of 2019 (highlight 五) tells this story, and the dataset reproduces it:

* On 2019-04-28, 世界職業安全衛生日, the former labour-inspection centre reopened as an
  independent agency, 臺南市職安健康處 (:data:`OSH_OPENED`). The same day it signed a
  health-promotion partnership with 南區勞工健康服務中心; in May and August it signed safety
  partnerships with 樹谷工業區 and with the team building the Tainan city railway underground
  project. The 2019 figure ``inspection.partnerships_signed`` is 3.
* Two enterprises the bureau coached won the 全國職安衛生五星獎 (``inspection.awards`` = 2).
* A year of inspections — about 450, of labour conditions and of occupational safety and health,
  planned and on complaint, with their follow-ups — across manufacturing, construction, retail,
  transport, hospitality, care and other services, with mixed results; penalty decisions through
  the year, published under 勞基法 §80-1, some appealed (a few still pending, one reduced, one
  revoked and withdrawn from publication), most paid, a few sent for enforcement.
* 關鍵議題即時啟動專案: project inspections and counselling of delivery platforms (外送平台,
  October–December) and bus operators (客運業者, March–June).
* Counselling visits (輔導) with their topics; the counselled units are public.
* "今年4月新增公布裁處金額": the bureau published penalty amounts from April 2019 on. Decisions
  made before 2019-04-01 are published without an amount (the register shows 未公布).

:func:`build_plan` turns ``random.Random(2019)`` into a fixed description of the data; the
employers get valid 統一編號 from :func:`hopehome.core.demo.ubn`. :func:`load` writes it through
:mod:`hopehome.inspection.services` acting as the demo staff of 職業安全健康處 and 勞動條件科
(``inspector``, ``supervisor_osh``, ``inspector_lc``, ``supervisor_lc``), so every row has its
audit entries, its inspection number, its statutory-range check and its full-text index
(``search_tokens``) exactly as in daily use.

Historical amounts. The publication service requires every §80-1 field, the amount included,
so the decisions of January–March 2019 are published with their amount and then, once their
whole history is written, their amounts (the decision's initial and current amount, the items'
amounts and the events' amounts) are cleared with ``QuerySet.update``: that is how they were
published at the time. Those updates are the only writes that bypass the services.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import ProtectedError

from hopehome.core import demo as core_demo
from hopehome.core.choices import OrganizationKind
from hopehome.core.models import AuditEntry, District, Industry, Organization
from hopehome.core.services import create_organization

from . import services
from .choices import InspectionType, Law, Origin, PenaltyEventKind, Project, Result
from .models import (
    Award,
    Complaint,
    CounsellingVisit,
    Inspection,
    Penalty,
    PenaltyEvent,
    PenaltyItem,
    SafetyPartnership,
    Violation,
)

DEMO_YEAR = 2019
OSH_OPENED = date(2019, 4, 28)  # 臺南市職安健康處 opens on 世界職業安全衛生日
AMOUNTS_PUBLISHED_FROM = date(2019, 4, 1)  # 今年4月新增公布裁處金額
YEAR_START, YEAR_END = date(DEMO_YEAR, 1, 1), date(DEMO_YEAR, 12, 31)
INSPECTOR_OSH, SUPERVISOR_OSH = "inspector", "supervisor_osh"
INSPECTOR_LC, SUPERVISOR_LC = "inspector_lc", "supervisor_lc"
PLANNED_INSPECTIONS = 400  # first visits; follow-ups come on top (about 450 carried out in 2019)
AWARD = "全國職安衛生五星獎"
# Lunar New Year 2019 (2-4 – 2-10) and the other days off with no inspections.
HOLIDAYS = {date(2019, 1, 1), date(2019, 2, 28), date(2019, 3, 1), date(2019, 4, 4), date(2019, 4, 5),
            date(2019, 5, 1), date(2019, 6, 7), date(2019, 9, 13), date(2019, 10, 10), date(2019, 10, 11),
            *(date(2019, 2, d) for d in range(4, 11))}  # fmt: skip

# --- partners, award winners and project units ---------------------------------------------
@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str
    section: str | None
    postcode: str
    address: str
    responsible: str = ""
    employees: int | None = None
    with_ubn: bool = True


K = OrganizationKind
PARTNERS = (
    OrgSpec("health_centre", "南區勞工健康服務中心", K.NGO, "Q", "704", "臺南市北區勝利路", "江志明", 24, with_ubn=False),
    OrgSpec("shugu", "樹谷工業區廠商協進會", K.NGO, "S", "744", "臺南市新市區南科三路", "陳正雄", 6, with_ubn=False),
    OrgSpec("railway_office", "交通部鐵道局南部工程處", K.GOVERNMENT, "O", "701", "臺南市東區", "", None, with_ubn=False),
    OrgSpec("railway_team", "臺南市區鐵路地下化工程聯合承攬團隊", K.EMPLOYER, "F", "701", "臺南市東區東寧路",
            "林文彬", 420),
)  # fmt: skip
WINNERS = (
    OrgSpec("winner_chem", "南瀛精密化學股份有限公司", K.EMPLOYER, "C", "744", "臺南市新市區大順路", "蔡明哲", 380),
    OrgSpec("winner_steel", "台江鋼鐵工業股份有限公司", K.EMPLOYER, "C", "709", "臺南市安南區工業五路", "黃俊雄", 260),
)  # fmt: skip
DELIVERY = (
    OrgSpec("deliver_speed", "速達外送股份有限公司", K.EMPLOYER, "H", "701", "臺南市東區中華東路", "李承恩", 60),
    OrgSpec("deliver_food", "好食送外送有限公司", K.EMPLOYER, "H", "700", "臺南市中西區民族路", "吳佳樺", 35),
    OrgSpec("deliver_meal", "飯來了餐飲外送有限公司", K.EMPLOYER, "H", "710", "臺南市永康區中華路", "張家瑋", 28),
    OrgSpec("deliver_bear", "快遞熊物流有限公司", K.EMPLOYER, "H", "717", "臺南市仁德區中正路", "陳冠廷", 42),
)  # fmt: skip
BUSES = (
    OrgSpec("bus_chihkan", "赤崁客運股份有限公司", K.EMPLOYER, "H", "704", "臺南市北區公園路", "許志強", 310),
    OrgSpec("bus_salt", "鹽水溪客運股份有限公司", K.EMPLOYER, "H", "710", "臺南市永康區中正南路", "楊文華", 180),
    OrgSpec("bus_zengwen", "曾文客運股份有限公司", K.EMPLOYER, "H", "721", "臺南市麻豆區興中路", "郭明峰", 140),
    OrgSpec("bus_taijiang", "台江遊覽車客運股份有限公司", K.EMPLOYER, "H", "709", "臺南市安南區安和路", "鄭凱文", 75),
)  # fmt: skip
BUS_SITES = ("總站", "新營站", "永康機廠", "麻豆站", "安南調度站")

# --- generated employers --------------------------------------------------------------------
PLACES = ("府城", "安平", "永康", "新營", "仁德", "歸仁", "佳里", "麻豆", "善化", "新市", "安南", "七股", "學甲",
          "鹽水", "白河", "柳營", "後壁", "東山", "下營", "六甲", "官田", "西港", "將軍", "北門", "新化", "關廟",
          "龍崎", "玉井", "楠西", "左鎮", "安定", "台江", "赤崁", "億載", "南瀛", "鯤鯓", "曾文", "大灣")  # fmt: skip
MIDDLE = ("", "", "宏", "興", "昌", "益", "發", "順", "泰", "隆", "勝", "鑫", "聯", "信", "鼎", "豐", "源", "嘉")
CORES = {
    "C": ("精密機械", "金屬工業", "塑膠製品", "食品", "紡織", "電子", "化學", "印刷", "汽車零件", "模具", "五金製造"),
    "F": ("營造", "土木包工", "水電工程", "機電工程", "室內裝修", "鋼構工程"),
    "G": ("百貨", "貿易", "五金", "超市", "電器", "建材"),
    "H": ("物流", "貨運", "通運", "倉儲"),
    "I": ("餐飲", "旅店", "大飯店", "烘焙坊", "美食", "咖啡"),
    "Q": ("護理之家", "長期照顧中心", "診所", "居家長照"),
    "S": ("洗衣", "美髮", "汽車保養", "清潔"),
    "M": ("設計", "顧問", "工程顧問"),
    "N": ("保全", "人力派遣", "清潔服務"),
    "J": ("數位", "資訊"),
    "R": ("遊樂", "健身"),
}  # fmt: skip
SECTION_WEIGHTS = {"C": 28, "F": 16, "G": 14, "H": 8, "I": 14, "Q": 8, "S": 5, "M": 2, "N": 3, "J": 1, "R": 1}
INSTITUTIONS = {"護理之家", "長期照顧中心", "診所"}
SUFFIXES = (("股份有限公司", 35), ("有限公司", 50), ("企業社", 8), ("工程行", 4), ("商行", 3))
DISTRICT_WEIGHTS = {
    "700": 6, "701": 8, "702": 7, "704": 8, "708": 4, "709": 10, "710": 12, "711": 5, "712": 3, "717": 5,
    "720": 3, "721": 3, "722": 4, "730": 6, "732": 2, "736": 2, "737": 2, "741": 3, "744": 4, "745": 2,
}  # fmt: skip
STREETS = ("中正路", "中山路", "民生路", "民族路", "成功路", "和平路", "建國路", "復興路", "工業一路", "工業二路")
EMPLOYERS = 230

# --- violations -------------------------------------------------------------------------------
# (law, article, description, usual amounts) — amounts inside the statutory range (勞基法 §78/§79
# as in the PenaltyRange table; 職業安全衛生法 §43/§45, 性別平等工作法 §38/§38-1,
# 勞工退休金條例 §49).
LC_ARTICLES = (
    (Law.LSA, "第24條", "延長工作時間未依規定加給工資", (20_000, 20_000, 50_000, 100_000), 24),
    (Law.LSA, "第32條第2項", "延長工作時間超過法定上限", (20_000, 20_000, 50_000), 14),
    (Law.LSA, "第30條第5項", "未置備勞工出勤紀錄", (90_000, 90_000, 150_000), 8),
    (Law.LSA, "第30條", "正常工作時間超過法定標準", (20_000, 20_000, 50_000), 6),
    (Law.LSA, "第36條", "未依規定給予例假或休息日", (20_000, 20_000, 50_000), 8),
    (Law.LSA, "第38條", "未依規定給予特別休假", (20_000, 20_000, 30_000), 6),
    (Law.LSA, "第22條", "工資未全額直接給付勞工", (20_000, 20_000), 4),
    (Law.LSA, "第23條", "未提供工資計算明細", (20_000, 20_000), 5),
    (Law.LSA, "第39條", "休假日工作未加倍發給工資", (20_000, 20_000), 3),
    (Law.GENDER, "第15條第1項", "未依規定給予產假", (20_000, 30_000), 2),
    (Law.GENDER, "第13條第1項", "僱用受僱者三十人以上，未訂定性騷擾防治措施、申訴及懲戒辦法", (100_000,), 2),
    (Law.PENSION, "第6條第1項", "未依規定為勞工申報提繳退休金", (20_000, 20_000, 50_000), 4),
)  # fmt: skip
OSH_ARTICLES = (
    (Law.OSHA, "第6條第1項", "未有符合規定之必要安全衛生設備及措施", (30_000, 30_000, 60_000, 90_000), 14),
    (Law.OSHA, "第23條第1項", "未依規定訂定職業安全衛生管理計畫", (3_000, 6_000, 10_000), 4),
    (Law.OSHA, "第32條第1項", "未對勞工施以從事工作與預防災變所必要之安全衛生教育訓練", (3_000, 6_000), 4),
    (Law.OSHA, "第24條", "使未經資格訓練之人員操作危險性機械", (30_000, 60_000), 2),
    (Law.OSHA, "第12條第1項", "未確保作業場所有害物之濃度低於容許暴露標準", (30_000, 60_000), 1),
)  # fmt: skip
DELIVERY_ARTICLES = (
    (Law.LSA, "第24條", "外送人員延長工作時間未依規定加給工資", (20_000, 50_000), 4),
    (Law.LSA, "第30條第5項", "未置備外送人員出勤紀錄", (90_000,), 3),
    (Law.LSA, "第38條", "未依規定給予外送人員特別休假", (20_000,), 1),
    (Law.OSHA, "第6條第1項", "未提供外送人員必要之交通安全防護設備與措施", (30_000,), 2),
)  # fmt: skip
BUS_ARTICLES = (
    (Law.LSA, "第32條第2項", "客運駕駛延長工作時間超過法定上限", (20_000, 50_000, 100_000), 5),
    (Law.LSA, "第34條", "客運駕駛輪班換班間隔休息時間未達規定", (20_000, 50_000), 3),
    (Law.LSA, "第36條", "客運駕駛未依規定給予例假", (20_000, 50_000), 3),
    (Law.LSA, "第24條", "客運駕駛延長工作時間未依規定加給工資", (20_000, 50_000), 3),
)  # fmt: skip
COMPLAINTS = (
    "加班費未依規定給付，每月加班超過 46 小時。", "公司未提供薪資明細，也未依規定提繳勞工退休金。",
    "請特休被主管拒絕，離職時未休完的特休也沒有折算工資。", "連續上班超過七天，沒有例假。",
    "工地未設置護欄，同事曾經跌落受傷。", "排班間隔不到 11 小時，長期疲勞。", "懷孕後被要求自請離職。",
)  # fmt: skip
FINDINGS = {
    Result.COMPLIANT: ("抽查勞工出勤紀錄、工資清冊及安全衛生設施，未發現違反法令事項。",
                       "檢查工作時間、工資給付、休假及職業安全衛生管理，均符合規定。"),
    Result.COUNSELLING_ONLY: ("未發現違反法令事項；輔導事業單位改善出勤紀錄管理與工作規則。",
                              "初次受檢之小型事業單位，現場說明法令並輔導自主管理，未予處分。"),
    Result.VIOLATIONS: ("查核勞工出勤紀錄、工資清冊及現場作業，發現違反法令事項如下列。",),
}  # fmt: skip
LC_TOPICS = ("勞動條件自主檢查", "工時與加班費計算", "工作規則訂定", "特別休假與例假安排", "勞工退休金提繳", "性騷擾防治措施")
OSH_TOPICS = ("營造工地墜落災害預防", "機械設備安全防護", "高溫作業危害預防", "化學品危害預防", "職場健康促進與過勞預防",
              "母性健康保護", "職業安全衛生管理計畫")  # fmt: skip
DELIVERY_TOPIC = "關鍵議題即時啟動專案：外送人員交通安全與勞動權益"
BUS_TOPIC = "關鍵議題即時啟動專案：客運駕駛工時與休息"
APPEAL_REVOKED_NOTE = "原處分經臺南市政府訴願審議委員會撤銷，撤除公布。"


# --- the plan -----------------------------------------------------------------------------------
@dataclass
class ViolationSpec:
    law: str
    article: str
    description: str
    workers: int
    amount: int


@dataclass
class EventSpec:
    kind: str
    on: date
    amount_after: int | None = None
    note: str = ""


@dataclass
class PenaltySpec:
    number: str
    decided_on: date
    announced_on: date
    events: list[EventSpec] = field(default_factory=list)


@dataclass
class InspectionSpec:
    org: str
    type: str
    project: str
    origin: str
    lead: str
    planned_on: date
    inspected_on: date
    result: str
    findings: str
    site: str = ""
    violations: list[ViolationSpec] = field(default_factory=list)
    complaint: dict | None = None
    improve_by: date | None = None
    penalty: PenaltySpec | None = None
    follow_up: InspectionSpec | None = None
    closed_on: date | None = None


@dataclass
class Plan:
    employers: list[OrgSpec]
    inspections: list[InspectionSpec]
    visits: list[tuple[str, date, str, str]]  # (org key, date, topic, username)
    partnerships: list[tuple[str, tuple[str, ...], date, str]]  # (title, partner keys, date, scope)
    awards: list[tuple[str, date, str]]  # (org key, date, note)

    @property
    def organizations(self) -> list[OrgSpec]:
        return [*PARTNERS, *WINNERS, *DELIVERY, *BUSES, *self.employers]

    def carried_out(self) -> list[InspectionSpec]:
        out = []
        for spec in self.inspections:
            out.append(spec)
            if spec.follow_up is not None:
                out.append(spec.follow_up)
        return out


PARTNERSHIPS = (
    ("南區勞工健康服務中心健康促進伙伴", ("health_centre",), OSH_OPENED,
     "職安健康處揭牌成立當日簽訂：結合勞工健康服務中心的臨場健康服務與職業傷病諮詢，強化事業單位健康衛生服務能量。"),
    ("樹谷工業區安全伙伴", ("shugu",), date(2019, 5, 23),
     "建立工業區整體安全防護網：園區廠商自主管理、危害辨識與承攬作業安全，定期聯合巡檢與宣導。"),
    ("台南市區鐵路地下化興建團隊安全伙伴", ("railway_office", "railway_team"), date(2019, 8, 15),
     "鐵路地下化工程施工安全：墜落、感電與重機械作業危害預防，承攬商安全衛生協議組織運作。"),
)  # fmt: skip
MARKER_TITLE = PARTNERSHIPS[0][0]


class _Planner:
    """Draws the year from one random stream."""

    def __init__(self, seed: int = DEMO_YEAR):
        self.rng = random.Random(seed)
        self.names = core_demo.NameGenerator(self.rng)
        self.workdays = [
            YEAR_START + timedelta(days=i)
            for i in range(365)
            if (YEAR_START + timedelta(days=i)).weekday() < 5 and YEAR_START + timedelta(days=i) not in HOLIDAYS
        ]
        self.doc = 1_080_010_000  # 府勞檢字第1080xxxxxx號
        self.visits: list[tuple[str, date, str, str]] = []

    def workday(self, start: date, end: date) -> date:
        days = [d for d in self.workdays if start <= d <= end]
        return self.rng.choice(days) if days else start

    def after(self, day: date, low: int, high: int) -> date:
        """A weekday ``low``–``high`` days after ``day``."""
        d = day + timedelta(days=self.rng.randint(low, high))
        while d.weekday() >= 5:
            d += timedelta(days=1)
        return d

    def employers(self) -> list[OrgSpec]:
        rng = self.rng
        taken = {o.name for o in (*PARTNERS, *WINNERS, *DELIVERY, *BUSES)}
        sections, weights = list(SECTION_WEIGHTS), list(SECTION_WEIGHTS.values())
        postcodes, pweights = list(DISTRICT_WEIGHTS), list(DISTRICT_WEIGHTS.values())
        out = []
        while len(out) < EMPLOYERS:
            section = rng.choices(sections, weights)[0]
            core = rng.choice(CORES[section])
            suffix = "" if core in INSTITUTIONS else rng.choices([s for s, _ in SUFFIXES], [w for _, w in SUFFIXES])[0]
            name = rng.choice(PLACES) + rng.choice(MIDDLE) + core + suffix
            if name in taken:
                continue
            taken.add(name)
            postcode = rng.choices(postcodes, pweights)[0]
            small = suffix in ("企業社", "工程行", "商行")
            employees = rng.randint(3, 15) if small else rng.randint(10, 300)
            out.append(OrgSpec(
                f"e{len(out):03d}", name, K.EMPLOYER, section, postcode,
                f"{DISTRICT_NAMES.get(postcode, '')}{rng.choice(STREETS)}{rng.randint(1, 400)}號",
                self.names.name(rng.choice("MF")), employees,
            ))  # fmt: skip
        return out

    def violations(self, table, n: int, size: int | None) -> list[ViolationSpec]:
        rng = self.rng
        chosen = []
        for row in rng.choices(table, [r[-1] for r in table], k=n * 2):
            if any(v.article == row[1] and v.law == row[0] for v in chosen):
                continue
            law, article, description, amounts, _weight = row
            amount = rng.choice(amounts)
            if size and size > 200 and amount < 50_000 and law == Law.LSA:
                amount = 50_000  # larger employers, larger fines
            chosen.append(ViolationSpec(law, article, description, rng.randint(1, min(size or 10, 40)), amount))
            if len(chosen) == n:
                break
        return chosen

    def number(self) -> str:
        self.doc += self.rng.randint(3, 400)
        return f"府勞檢字第{self.doc}號"

    def penalty(self, spec: InspectionSpec) -> PenaltySpec:
        decided = self.after(spec.inspected_on, 20, 45)
        announced = self.after(decided, 5, 15)
        return PenaltySpec(self.number(), decided, announced)

    def inspection(self, org: OrgSpec, kind: str, project: str, origin: str, on: date,
                   result_weights: tuple[int, int, int], table, site: str = "") -> InspectionSpec:  # fmt: skip
        rng = self.rng
        result = rng.choices((Result.COMPLIANT, Result.VIOLATIONS, Result.COUNSELLING_ONLY), result_weights)[0]
        lead = INSPECTOR_OSH if kind == InspectionType.OSH else INSPECTOR_LC
        spec = InspectionSpec(
            org=org.key, type=kind, project=project, origin=origin, lead=lead, planned_on=on - timedelta(days=rng.randint(3, 21)),
            inspected_on=on, result=result, findings=rng.choice(FINDINGS[result]), site=site,
        )  # fmt: skip
        if origin == Origin.COMPLAINT:
            received = spec.planned_on - timedelta(days=rng.randint(1, 10))
            spec.complaint = {
                "complainant_name": self.names.name(rng.choice("MF")), "complainant_phone": core_demo.mobile(rng),
                "complainant_email": "", "content": rng.choice(COMPLAINTS), "received_on": received,
            }  # fmt: skip
        if result == Result.VIOLATIONS:
            spec.violations = self.violations(table, rng.choices((1, 2, 3), (60, 30, 10))[0], org.employees)
            spec.improve_by = spec.inspected_on + timedelta(days=rng.choice((14, 30, 30, 45)))
            fined = rng.random() < (0.6 if kind == InspectionType.OSH else 0.85)
            if fined:
                spec.penalty = self.penalty(spec)
            follow = self.after(spec.improve_by, 1, 20)
            spec.follow_up = InspectionSpec(
                org=org.key, type=kind, project=project, origin=Origin.FOLLOW_UP, lead=lead, planned_on=follow,
                inspected_on=follow, result=Result.COMPLIANT, findings="複查原違規事項，均已改善完成。", site=site,
            )  # fmt: skip
            if rng.random() < 0.12:  # not improved: fined again
                spec.follow_up.result = Result.VIOLATIONS
                spec.follow_up.findings = "複查發現原違規事項仍未改善。"
                spec.follow_up.violations = [ViolationSpec(v.law, v.article, v.description, v.workers, v.amount)
                                             for v in spec.violations[:1]]  # fmt: skip
                spec.follow_up.penalty = self.penalty(spec.follow_up)
                spec.follow_up.closed_on = self.after(spec.follow_up.penalty.announced_on, 10, 30)
            else:
                spec.follow_up.closed_on = self.after(follow, 1, 7)
            spec.closed_on = spec.follow_up.closed_on
        else:
            spec.closed_on = self.after(on, 3, 14)
            if result == Result.COUNSELLING_ONLY:
                topics = OSH_TOPICS if kind == InspectionType.OSH else LC_TOPICS
                self.visits.append((org.key, self.after(on, 10, 40), rng.choice(topics), lead))
        return spec

    def year(self, employers: list[OrgSpec]) -> list[InspectionSpec]:
        rng = self.rng
        specs = []
        # 關鍵議題即時啟動專案: bus operators in spring, delivery platforms after October 2019.
        for org in BUSES:
            for site in rng.sample(BUS_SITES, 3):
                on = self.workday(date(2019, 3, 11), date(2019, 6, 28))
                specs.append(self.inspection(org, InspectionType.PROJECT, Project.BUS_OPERATOR, Origin.PLANNED, on,
                                             (35, 60, 5), BUS_ARTICLES, site=f"{org.name.split('客運')[0]}客運{site}"))  # fmt: skip
            self.visits.append((org.key, self.workday(date(2019, 3, 1), date(2019, 3, 8)), BUS_TOPIC, INSPECTOR_LC))
        for org in DELIVERY:
            for _ in range(3):
                on = self.workday(date(2019, 10, 21), date(2019, 12, 13))
                specs.append(self.inspection(org, InspectionType.PROJECT, Project.DELIVERY_PLATFORM, Origin.PLANNED, on,
                                             (35, 55, 10), DELIVERY_ARTICLES))  # fmt: skip
            self.visits.append((org.key, self.workday(date(2019, 10, 14), date(2019, 10, 18)), DELIVERY_TOPIC, INSPECTOR_LC))
        for org in WINNERS:  # coached all year, inspected once, compliant
            spec = self.inspection(org, InspectionType.OSH, "", Origin.PLANNED, self.workday(date(2019, 3, 1), date(2019, 3, 29)),
                                   (1, 0, 0), OSH_ARTICLES)  # fmt: skip
            specs.append(spec)
            for month in (2, 5, 8):
                self.visits.append((org.key, self.workday(date(2019, month, 1), date(2019, month, 28)),
                                    "五星獎輔導：職業安全衛生管理系統與自主管理", INSPECTOR_OSH))  # fmt: skip
        self.visits.append(("railway_team", self.workday(date(2019, 9, 2), date(2019, 9, 27)), "營造工地墜落災害預防", INSPECTOR_OSH))
        remaining = PLANNED_INSPECTIONS - len(specs)
        osh_sections = {"C", "F", "H", "Q"}
        for _ in range(remaining):
            org = rng.choice(employers)
            kind = InspectionType.OSH if (org.section in osh_sections and rng.random() < 0.55) else InspectionType.LABOR_CONDITIONS
            origin = Origin.PLANNED
            r = rng.random()
            if kind == InspectionType.LABOR_CONDITIONS and r < 0.14:
                origin = Origin.COMPLAINT
            elif kind == InspectionType.OSH and r < 0.05:
                origin = Origin.ACCIDENT
            elif r < 0.08:
                origin = Origin.REFERRAL
            on = self.workday(date(2019, 1, 7), date(2019, 12, 20))
            weights = {Origin.COMPLAINT: (30, 60, 10), Origin.ACCIDENT: (20, 75, 5)}.get(
                origin, (45, 38, 17) if kind == InspectionType.LABOR_CONDITIONS else (55, 30, 15))
            table = OSH_ARTICLES if kind == InspectionType.OSH else LC_ARTICLES
            specs.append(self.inspection(org, kind, "", origin, on, weights, table))
        # Counselling without an inspection: about 70 more units visited through the year.
        for org in rng.sample(employers, 70):
            topics = OSH_TOPICS if org.section in osh_sections else LC_TOPICS
            lead = INSPECTOR_OSH if org.section in osh_sections else INSPECTOR_LC
            self.visits.append((org.key, self.workday(date(2019, 1, 14), date(2019, 12, 27)), rng.choice(topics), lead))
        specs.sort(key=lambda s: (s.inspected_on, s.org))
        fined = [s for s in specs if s.penalty is not None]
        fined += [s.follow_up for s in specs if s.follow_up is not None and s.follow_up.penalty is not None]
        self._appeals(sorted(fined, key=lambda s: s.penalty.decided_on))
        return specs

    def _appeals(self, specs: list[InspectionSpec]) -> None:
        """Appeals on a few decisions, payments and enforcement on the others."""
        rng = self.rng
        amounts = {id(s): sum(v.amount for v in s.violations) for s in specs}
        late = [s for s in specs if s.penalty.decided_on >= date(2019, 10, 1)]
        mid = [s for s in specs if AMOUNTS_PUBLISHED_FROM <= s.penalty.decided_on < date(2019, 9, 1)]
        pending = rng.sample(late, 4)
        chosen = set(map(id, pending))
        mid = [s for s in mid if id(s) not in chosen]
        dismissed = rng.sample(mid, 3)
        reduced = rng.choice([s for s in mid if s not in dismissed and amounts[id(s)] >= 40_000])
        revoked = rng.choice([s for s in mid if s not in dismissed and s is not reduced])
        for s in pending:
            s.penalty.events.append(EventSpec(PenaltyEventKind.APPEAL_FILED, self.after(s.penalty.decided_on, 15, 28)))
        for s in dismissed:
            filed = self.after(s.penalty.decided_on, 15, 28)
            s.penalty.events += [EventSpec(PenaltyEventKind.APPEAL_FILED, filed),
                                 EventSpec(PenaltyEventKind.APPEAL_DISMISSED, self.after(filed, 60, 100)),
                                 EventSpec(PenaltyEventKind.PAID, self.after(filed, 110, 130))]  # fmt: skip
        filed = self.after(reduced.penalty.decided_on, 15, 28)
        reduced.penalty.events += [
            EventSpec(PenaltyEventKind.APPEAL_FILED, filed),
            EventSpec(PenaltyEventKind.REDUCED, self.after(filed, 60, 90), amount_after=amounts[id(reduced)] // 2,
                      note="訴願決定：審酌違規情節與改善情形，罰鍰減為二分之一。"),
        ]  # fmt: skip
        reduced.penalty.events.append(EventSpec(PenaltyEventKind.PAID, self.after(reduced.penalty.events[-1].on, 10, 20)))
        filed = self.after(revoked.penalty.decided_on, 15, 28)
        revoked.penalty.events += [EventSpec(PenaltyEventKind.APPEAL_FILED, filed),
                                   EventSpec(PenaltyEventKind.REVOKED, self.after(filed, 60, 90), note=APPEAL_REVOKED_NOTE)]  # fmt: skip
        special = {id(s) for s in (*pending, *dismissed, reduced, revoked)}
        for s in specs:
            if id(s) in special:
                continue
            if rng.random() < 0.04:
                s.penalty.events.append(EventSpec(PenaltyEventKind.ENFORCEMENT, self.after(s.penalty.decided_on, 75, 100),
                                                  note="逾期未繳納，移送法務部行政執行署臺南分署強制執行。"))  # fmt: skip
            else:
                s.penalty.events.append(EventSpec(PenaltyEventKind.PAID, self.after(s.penalty.decided_on, 20, 60)))


DISTRICT_NAMES = {
    "700": "臺南市中西區", "701": "臺南市東區", "702": "臺南市南區", "704": "臺南市北區", "708": "臺南市安平區",
    "709": "臺南市安南區", "710": "臺南市永康區", "711": "臺南市歸仁區", "712": "臺南市新化區", "717": "臺南市仁德區",
    "720": "臺南市官田區", "721": "臺南市麻豆區", "722": "臺南市佳里區", "730": "臺南市新營區", "732": "臺南市白河區",
    "736": "臺南市柳營區", "737": "臺南市鹽水區", "741": "臺南市善化區", "744": "臺南市新市區", "745": "臺南市安定區",
}  # fmt: skip


def build_plan() -> Plan:
    """The whole 2019 dataset as data; the same on every run."""
    planner = _Planner()
    employers = planner.employers()
    inspections = planner.year(employers)
    visits = sorted(planner.visits, key=lambda v: (v[1], v[0]))
    awards = [("winner_chem", date(2019, 11, 20), "本局輔導建置職業安全衛生管理系統"),
              ("winner_steel", date(2019, 11, 20), "本局輔導推動自主管理與健康職場")]  # fmt: skip
    return Plan(employers, inspections, visits, list(PARTNERSHIPS), awards)


# --- writing it ---------------------------------------------------------------------------------
def is_loaded() -> bool:
    return SafetyPartnership.objects.filter(title=MARKER_TITLE, signed_on=OSH_OPENED).exists()


def _organizations(actor, plan: Plan, rng: random.Random) -> dict[str, Organization]:
    districts = {d.postcode: d for d in District.objects.all()}
    industries = {i.code: i for i in Industry.objects.filter(revision="11")}
    existing = {o.name: o for o in Organization.objects.filter(name__in=[s.name for s in plan.organizations])}
    used = set(Organization.objects.exclude(ubn=None).values_list("ubn", flat=True))
    orgs = {}
    for spec in plan.organizations:
        ubn = None
        if spec.with_ubn:
            ubn = core_demo.ubn(rng)
            while ubn in used:
                ubn = core_demo.ubn(rng)
            used.add(ubn)
        if spec.name in existing:
            orgs[spec.key] = existing[spec.name]
            continue
        orgs[spec.key] = create_organization(
            actor, name=spec.name, kind=spec.kind, ubn=ubn,
            industry=industries.get(spec.section) if spec.section else None, district=districts[spec.postcode],
            address=spec.address, responsible_person=spec.responsible, employee_count=spec.employees,
            context="demo dataset",
        )  # fmt: skip
    return orgs


def _load_inspection(spec: InspectionSpec, orgs, users, *, original: Inspection | None = None) -> tuple[Inspection, list[Penalty]]:  # fmt: skip
    lead = users[spec.lead]
    supervisor = users[SUPERVISOR_OSH if spec.type == InspectionType.OSH else SUPERVISOR_LC]
    if original is None:
        inspection = services.plan_inspection(
            lead, organization=orgs[spec.org], site=spec.site, type=spec.type, project=spec.project, origin=spec.origin,
            planned_on=spec.planned_on, lead_inspector=lead, complaint=spec.complaint,
        )  # fmt: skip
    else:
        inspection = services.schedule_follow_up(lead, original, planned_on=spec.planned_on)
    violations = [{"law": v.law, "article": v.article, "description": v.description, "workers_affected": v.workers}
                  for v in spec.violations]  # fmt: skip
    services.record_inspection(lead, inspection, inspected_on=spec.inspected_on, findings=spec.findings,
                               result=spec.result, violations=violations)  # fmt: skip
    penalties = []
    if spec.result == Result.VIOLATIONS and spec.improve_by and original is None:
        services.issue_notice(lead, inspection, improve_by=spec.improve_by, issued_on=spec.inspected_on)
    if spec.penalty is not None:
        by_article = {(v.law, v.article): v.amount for v in spec.violations}
        items = [{"violation": v, "amount": by_article[(v.law, v.article)]} for v in inspection.violations.all()]
        penalty = services.decide_penalty(supervisor, inspection, disposition_number=spec.penalty.number,
                                          decided_on=spec.penalty.decided_on, items=items)  # fmt: skip
        services.publish_penalty(supervisor, penalty, announced_on=spec.penalty.announced_on)
        for event in spec.penalty.events:
            services.record_penalty_event(supervisor, penalty, kind=event.kind, occurred_on=event.on,
                                          amount_after=event.amount_after, note=event.note)  # fmt: skip
        penalties.append(penalty)
    if spec.follow_up is not None:
        _follow_up, more = _load_inspection(spec.follow_up, orgs, users, original=inspection)  # closes itself
        penalties += more
    services.close_inspection(lead, inspection, closed_on=spec.closed_on)
    return inspection, penalties


def load(users: dict) -> dict[str, int]:
    """Write the plan through the services. Call inside one transaction. Returns counts."""
    plan = build_plan()
    rng = random.Random(DEMO_YEAR + 5)  # UBNs; independent of the plan's stream
    orgs = _organizations(users[SUPERVISOR_OSH], plan, rng)
    counts: Counter[str] = Counter(organizations=len(orgs))
    penalties: list[Penalty] = []
    for spec in plan.inspections:
        _inspection, made = _load_inspection(spec, orgs, users)
        penalties += made
        counts["inspections"] += 1 + (spec.follow_up is not None)
    for key, on, topic, username in plan.visits:
        services.record_counselling(users[username], orgs[key], on, topic)
    for title, partners, on, scope in plan.partnerships:
        services.sign_partnership(users[SUPERVISOR_OSH], title, [orgs[k] for k in partners], on, scope)
    for key, on, note in plan.awards:
        services.record_award(users[SUPERVISOR_OSH], orgs[key], AWARD, on, note)
    _unpublish_early_amounts([p.pk for p in penalties])
    counts.update(penalties=len(penalties), visits=len(plan.visits), partnerships=len(plan.partnerships),
                  awards=len(plan.awards))  # fmt: skip
    return dict(counts)


def _unpublish_early_amounts(penalty_ids: list[int]) -> None:
    """Decisions before April 2019 were published without their amount (see the module doc)."""
    early = Penalty.objects.filter(pk__in=penalty_ids, decided_on__lt=AMOUNTS_PUBLISHED_FROM)
    ids = list(early.values_list("pk", flat=True))
    PenaltyItem.objects.filter(penalty_id__in=ids).update(amount=None)
    PenaltyEvent.objects.filter(penalty_id__in=ids).update(amount_after=None)
    Penalty.objects.filter(pk__in=ids).update(initial_amount=None, current_amount=None)


def _batches(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


@transaction.atomic
def remove() -> dict[str, int]:
    """Delete the demo rows and their audit entries; other records are left alone.

    Demo organizations that other records refer to are kept.
    """
    plan = build_plan()
    orgs = list(Organization.objects.filter(name__in=[s.name for s in plan.organizations]))
    inspections = Inspection.objects.filter(organization__in=orgs)
    penalties = Penalty.objects.filter(organization__in=orgs, source="bureau")
    removed: dict[type, list[int]] = {
        PenaltyEvent: list(PenaltyEvent.objects.filter(penalty__in=penalties).values_list("pk", flat=True)),
        Penalty: list(penalties.values_list("pk", flat=True)),
        Violation: list(Violation.objects.filter(inspection__in=inspections).values_list("pk", flat=True)),
        Complaint: list(Complaint.objects.filter(inspection__in=inspections).values_list("pk", flat=True)),
        Inspection: list(inspections.values_list("pk", flat=True)),
        CounsellingVisit: list(CounsellingVisit.objects.filter(organization__in=orgs).values_list("pk", flat=True)),
        Award: list(Award.objects.filter(organization__in=orgs, name=AWARD).values_list("pk", flat=True)),
        SafetyPartnership: list(
            SafetyPartnership.objects.filter(title__in=[p[0] for p in PARTNERSHIPS]).values_list("pk", flat=True)
        ),
    }
    for ids in _batches(removed[Penalty]):
        Penalty.objects.filter(pk__in=ids).delete()
    # Follow-ups refer to their original inspection (PROTECT): newest first.
    Inspection.objects.filter(pk__in=removed[Inspection]).exclude(follow_up_of=None).delete()
    for ids in _batches(removed[Inspection]):
        Inspection.objects.filter(pk__in=ids).delete()
    for model in (CounsellingVisit, Award, SafetyPartnership):
        for ids in _batches(removed[model]):
            model.objects.filter(pk__in=ids).delete()
    removed[Organization] = []
    for org in orgs:
        pk = org.pk
        try:
            with transaction.atomic():
                org.delete()
        except ProtectedError:
            continue
        removed[Organization].append(pk)
    for model, pks in removed.items():
        for ids in _batches([str(pk) for pk in pks]):
            AuditEntry.objects.filter(object_type=model._meta.label_lower, object_id__in=ids).delete()
    names = {Organization: "organizations", Inspection: "inspections", Penalty: "penalties",
             CounsellingVisit: "visits", SafetyPartnership: "partnerships", Award: "awards"}  # fmt: skip
    return {label: len(removed[model]) for model, label in names.items()}
