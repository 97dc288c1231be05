"""The demonstration dataset of program 8: the 2019 injury cases and housing repair since 2013.

:func:`build_plan` turns ``random.Random(2019)`` into a complete, fixed description of the data:
about sixty occupational-injury cases opened in 2019 with their services (consolation payments
by the rate table, rights counselling, psychological support, haircuts, goods and festival
gifts, children's help, housing referrals …) and follow-up contacts; three volunteer teams
(大台南總工會, 台南市木工業職業工會, 台南市勞工志願服務協會) with their volunteers and trades;
and the homes repaired since the programme began: 80 in 2013–2018 and 20 in 2019, 100 in all,
with their surveys, work days, donated goods and before/after photos. The cases still open at
the end of 2019 are followed up and closed in 2020, between mid-January and September, on a
stream of their own (``random.Random(2020)``), so the 2019 plan does not depend on it.

:func:`build_current` adds the cases the demo case managers work on today: a dozen injuries
reported in the last two months, relative to the day the dataset is loaded (like the training
courses open for applications). A few are in intake or assessment, most are in service with a
follow-up due in the coming days, two follow-ups are a few days overdue and one closure request
awaits the supervisor's approval. Their names and identifiers are the same on every run.

:func:`load` writes the plan through the program's services — :mod:`hopehome.casework.services`
for cases, :mod:`hopehome.casework.housing` for repairs and teams, and
:mod:`hopehome.casework.uploads` for the photos — acting as the demo staff of 勞安福利科, so that
every row has its audit entries as in daily use. The year-end figures (20 homes in 2019, 100
since 2013) are not stored anywhere: they come out of :mod:`hopehome.casework.indicators`.

Historical dates. The case services measure follow-up dates against the real today (a next
follow-up date may not lie in the past) and stamp a closure with today's date. The 2019 cases
are records of the past, so once the services have written a case, :func:`load` sets the
follow-up dates of its contacts and of the case, its closure date and the time the closure was
requested to their historical values with ``QuerySet.update``; the same goes for the overdue
follow-ups and the pending closure request of the current cases. Those corrections are the only
writes that bypass the services and are not in the access log. The repair services accept past
dates, so the homes need no correction.

Four cases of December 2019 were still in intake or assessment at the year end, without a
service plan, and that is how the 2019 完整無漏 figure counts them (the figure reads the case's
plan). In January 2020 the worker declined further service or moved away, so they were closed
without a plan. The closure service only closes cases in service, so for these four the loader
records the request (by the case manager) and the approval (by the supervisor) with the same
versioned, audited update the services use.
"""

from __future__ import annotations

import io
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from hopehome.core import demo as core_demo
from hopehome.core.choices import OrganizationKind
from hopehome.core.models import AuditEntry, District, Organization, Person
from hopehome.core.reference_data import DISTRICTS
from hopehome.core.services import create_organization, create_person, find_person

from . import housing, services, uploads
from .choices import (
    AttachmentKind,
    CaseSource,
    CaseStatus,
    ClosureReason,
    ContactMethod,
    HouseholdCategory,
    InjuryKind,
    ServiceKind,
    Severity,
    Trade,
)
from .models import (
    Attachment,
    CaseContact,
    CaseService,
    InjuryCase,
    RepairApplication,
    Volunteer,
    VolunteerTeam,
    WorkDay,
)

DEMO_YEAR = 2019
CASE_MANAGERS = ("case_manager_sw1", "case_manager_sw2")
SUPERVISOR = "supervisor_sw"
YEAR_END = date(DEMO_YEAR, 12, 31)
# Homes completed per year: 80 in 2013–2018 and 20 in 2019 (year-end report: 100 since 2013).
HOMES_PER_YEAR = {2013: 8, 2014: 10, 2015: 12, 2016: 14, 2017: 17, 2018: 19, 2019: 20}
CASES = 60
OVERDUE_AT_YEAR_END = 5
# The cases open at the end of 2019 are closed between these days of 2020.
LATER_CLOSURES = (date(DEMO_YEAR + 1, 1, 15), date(DEMO_YEAR + 1, 9, 30))
# The current cases (relative to today): case manager, status today, days since intake and
# days to the next follow-up (negative: overdue by that many days).
CURRENT = (
    (CASE_MANAGERS[0], CaseStatus.INTAKE, 1, 2),
    (CASE_MANAGERS[0], CaseStatus.ASSESSMENT, 8, 4),
    (CASE_MANAGERS[0], CaseStatus.IN_SERVICE, 20, 1),
    (CASE_MANAGERS[0], CaseStatus.IN_SERVICE, 35, -3),
    (CASE_MANAGERS[0], CaseStatus.IN_SERVICE, 47, 6),
    (CASE_MANAGERS[0], CaseStatus.CLOSURE_REQUESTED, 58, 12),
    (CASE_MANAGERS[1], CaseStatus.INTAKE, 3, 1),
    (CASE_MANAGERS[1], CaseStatus.IN_SERVICE, 16, 2),
    (CASE_MANAGERS[1], CaseStatus.IN_SERVICE, 26, -5),
    (CASE_MANAGERS[1], CaseStatus.IN_SERVICE, 39, 3),
    (CASE_MANAGERS[1], CaseStatus.IN_SERVICE, 44, 5),
    (CASE_MANAGERS[1], CaseStatus.IN_SERVICE, 53, 9),
)
CURRENT_SEED = 23  # the current cases' own stream: their people never depend on today
# Festival gifts for the cases in service on the day (2019: 春節 2/5, 端午 6/7, 中秋 9/13).
FESTIVALS = ((date(2019, 1, 29), "年菜"), (date(2019, 6, 3), "粽子"), (date(2019, 9, 10), "月餅"))
FESTIVALS_LATER = ((date(2020, 1, 20), "年菜"), (date(2020, 6, 22), "粽子"))
GOODS = ("電鍋", "棉被", "電視", "檯燈", "電腦")


# --- organizations ----------------------------------------------------------------------------
@dataclass(frozen=True)
class TeamSpec:
    key: str
    name: str
    kind: str
    postcode: str
    address: str
    contact_name: str
    contact_phone: str
    trades: tuple[str, ...]
    size: int


T = Trade
TEAMS = (
    TeamSpec("federation", "大台南總工會", OrganizationKind.UNION, "700", "臺南市中西區民生路二段",
             "黃文雄", "06-2223456", (T.METAL, T.MASONRY, T.ELECTRICAL, T.PAINTING, T.ALUMINIUM), 14),
    TeamSpec("carpenters", "台南市木工業職業工會", OrganizationKind.UNION, "704", "臺南市北區公園路",
             "林清水", "06-2512345", (T.CARPENTRY, T.PAINTING), 12),
    TeamSpec("volunteers", "台南市勞工志願服務協會", OrganizationKind.NGO, "701", "臺南市東區林森路一段",
             "陳秀琴", "06-2345678", (T.MEALS, T.PAINTING, T.MASONRY), 10),
)  # fmt: skip
EMPLOYERS = (
    ("dacheng", "大成營造工程股份有限公司", "710", "臺南市永康區中正南路"),
    ("yk_steel", "永康鋼鐵工業股份有限公司", "710", "臺南市永康區王行路"),
    ("xinying_food", "新營食品加工股份有限公司", "730", "臺南市新營區民權路"),
    ("rende_freight", "仁德貨運股份有限公司", "717", "臺南市仁德區中山路"),
    ("annan_plastics", "安南塑膠製品有限公司", "709", "臺南市安南區工業一路"),
    ("guantian_machinery", "官田機械股份有限公司", "720", "臺南市官田區工業路"),
    ("jiali_frozen", "佳里冷凍食品有限公司", "722", "臺南市佳里區興化路"),
)
SMALL_EMPLOYERS = (
    "林記鐵工廠",
    "順發水電行",
    "阿明土木包工業",
    "金福鋁門窗行",
    "大發資源回收場",
    "新光鐵皮屋工程行",
)
DONORS = (
    "台南市木工業職業工會",
    "大台南總工會",
    "府城建材行",
    "永華油漆行",
    "善心人士",
    "安南區扶輪社",
    "南區里民",
)

DISTRICT_WEIGHTS = {
    "700": 6, "701": 8, "702": 7, "704": 8, "708": 4, "709": 10, "710": 12, "711": 5, "712": 3,
    "717": 5, "720": 3, "721": 2, "722": 4, "730": 6, "732": 2, "736": 2, "737": 2, "741": 3, "744": 3,
}  # fmt: skip
STREETS = (
    "中正路",
    "中山路",
    "民生路",
    "民族路",
    "成功路",
    "和平路",
    "建國路",
    "復興路",
    "光明街",
    "信義街",
)
DISTRICT_NAMES = {postcode: zh for postcode, zh, _ in DISTRICTS}

INJURY_STORIES = {
    InjuryKind.INJURY: (
        "於工地搭設鷹架時墜落，腰椎骨折。", "操作沖床時右手遭壓傷，手指截斷。", "搬運鋼材時遭掉落物砸傷左腳。",
        "清理輸送帶時手臂遭捲入。", "屋頂鐵皮施工時踏穿採光罩墜落。", "操作堆高機翻覆，胸部挫傷。",
        "切割機反彈割傷右前臂肌腱。", "高壓電線附近作業時感電灼傷。",
    ),
    InjuryKind.COMMUTING: (
        "騎機車上班途中與汽車擦撞，左腿骨折。", "下班途中遭後方來車追撞，頸椎受傷。", "上班途中雨天滑倒，右腕骨折。",
    ),
    InjuryKind.DISEASE: (
        "長期搬運重物致腰椎椎間盤突出，經職業病門診認定。", "長期噪音作業致聽力損失，經職業病門診認定。",
        "長期重複性手部動作致腕隧道症候群。",
    ),
}  # fmt: skip
DEATH_STORIES = (
    "於廠房屋頂作業時墜落死亡。",
    "於道路施工時遭車輛撞擊死亡。",
    "於槽體內作業時缺氧死亡。",
)
PLAN_PHRASES = {
    ServiceKind.CONSOLATION: "協助申請職災慰問金",
    ServiceKind.LEGAL: "勞保職災給付與雇主補償權益說明",
    ServiceKind.PSYCHOLOGICAL: "心理支持與情緒關懷",
    ServiceKind.MEDICAL: "轉介職業傷病診治醫院",
    ServiceKind.REHABILITATION: "轉介職能復健",
    ServiceKind.RETURN_TO_WORK: "擬定復工計畫並與雇主協調",
    ServiceKind.JOB_REDESIGN: "轉介職務再設計",
    ServiceKind.HAIRCUT: "安排志工到宅義剪",
    ServiceKind.CHILDREN: "子女就學與就業協助",
    ServiceKind.GOODS: "生活物資致贈",
    ServiceKind.HOUSING: "轉介房屋修繕",
}
CONTACT_NOTES = {
    ContactMethod.PHONE: ("電話關懷，傷勢穩定，持續復健中。", "電話追蹤給付申請進度，已送勞保局。",
                          "電話關懷，個案表示經濟壓力大，評估資源轉介。"),
    ContactMethod.VISIT: ("家訪了解生活狀況，家屬情緒穩定。", "家訪，協助整理職災給付申請文件。"),
    ContactMethod.OFFICE: ("來局面談，討論復工時程與雇主協調結果。",),
}  # fmt: skip
FAMILY_NOTES = {
    ContactMethod.PHONE: ("電話關懷家屬，說明勞保職災死亡給付申請進度。", "電話關懷家屬，家屬情緒逐漸平復。"),
    ContactMethod.VISIT: ("家訪家屬，協助整理死亡給付與補助申請文件。", "家訪家屬，評估子女就學協助需求。"),
    ContactMethod.OFFICE: ("家屬來局面談，說明雇主補償協調結果。",),
}  # fmt: skip
CLOSURE_NOTES = {
    ClosureReason.RETURNED_ORIGINAL: "已回原雇主復工，工作內容與工時調整順利，服務目標達成，申請結案。",
    ClosureReason.NEW_JOB: "已轉換新工作並穩定就業，各項給付均已申請完成，申請結案。",
    ClosureReason.NOT_WORKING: "暫無就業計畫，職災給付與補助均已申請完成，服務需求已滿足，申請結案。",
    ClosureReason.DECEASED: "家屬各項給付與補助已申請完成，子女就學協助已銜接，申請結案。",
    ClosureReason.DECLINED: "個案表示已獲家人與雇主協助，婉拒後續服務，申請結案。",
    ClosureReason.MOVED: "個案遷居外縣市，已轉介當地職災個案服務窗口，申請結案。",
}
CLOSING_CONTACTS = {
    ClosureReason.RETURNED_ORIGINAL: "結案評估：已回原職場復工，身體狀況穩定。",
    ClosureReason.NEW_JOB: "結案評估：已到新職並適應良好。",
    ClosureReason.NOT_WORKING: "結案評估：給付已核發，生活安排穩定，服務需求已滿足。",
    ClosureReason.DECEASED: "結案評估：家訪家屬，各項申請均已完成，家屬同意結案。",
    ClosureReason.DECLINED: "電話聯繫，個案表示已獲家人協助，婉拒後續服務。",
    ClosureReason.MOVED: "電話聯繫，個案告知已遷居外縣市，同意轉介當地服務窗口。",
}
NEEDS = {
    T.CARPENTRY: ("更換腐朽木門與門框", "修補木造樓板", "重做廚房木作收納櫃", "更換白蟻蛀蝕的屋樑"),
    T.PAINTING: ("室內牆面除霉重新粉刷", "外牆防水漆", "鐵窗除鏽上漆"),
    T.METAL: ("屋頂鐵皮更換", "加設鐵皮雨遮", "修補鋼構屋架"),
    T.MASONRY: ("浴室地磚重鋪與止滑處理", "修補牆面裂縫", "門口高低差改為斜坡"),
    T.ELECTRICAL: ("老舊電線全面更新", "加裝漏電斷路器", "增設室內照明"),
    T.ALUMINIUM: ("更換鋁窗", "加裝鋁製紗門", "浴室鋁門更換"),
}
ELIGIBILITY = {
    HouseholdCategory.INJURED: "職災勞工，受傷後收入中斷，住家老舊漏水。",
    HouseholdCategory.DISADVANTAGED: "列冊低收入戶，獨力扶養子女，住家年久失修。",
    HouseholdCategory.INDIGENOUS: "原住民勞工，經區公所轉介，住家屋頂與浴室亟需修繕。",
}


# --- the plan -------------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonSpec:
    id_number: str
    name: str
    sex: str
    birth_date: date
    phone: str
    postcode: str
    address: str


@dataclass
class ServiceSpec:
    kind: str
    on: date
    items: str = ""
    note: str = ""


@dataclass
class ContactSpec:
    on: date
    method: str
    note: str
    next_on: date


@dataclass
class CaseSpec:
    person: PersonSpec
    manager: str
    injury_date: date
    opened_on: date
    kind: str
    severity: str
    grade: int | None
    source: str
    employer: str | None  # key of EMPLOYERS
    employer_name: str
    description: str
    stage: str  # the case's status on 2019-12-31
    plan: str = ""
    services: list[ServiceSpec] = field(default_factory=list)
    contacts: list[ContactSpec] = field(default_factory=list)
    closure_reason: str = ""
    closure_note: str = ""
    closure_requested_on: date | None = None
    closed_on: date | None = None
    repair: int | None = None  # index of the repair it was referred to


@dataclass
class WorkDaySpec:
    on: date
    team: str
    volunteers: list[int]  # indexes into the team's volunteers
    trades: list[str]
    hours: int = 8


@dataclass
class RepairSpec:
    applicant: PersonSpec | None  # None: the person of the linked case
    case: int | None  # index into Plan.cases
    category: str
    postcode: str
    address: str
    applied_on: date
    surveyed_on: date
    needs: dict[str, str]
    work_days: list[WorkDaySpec]
    materials_cost: int
    donations: str
    completed_on: date | None
    satisfaction: int | None
    rejection: str = ""


@dataclass(frozen=True)
class VolunteerSpec:
    name: str
    phone: str
    trades: tuple[str, ...]


@dataclass
class Plan:
    cases: list[CaseSpec]
    repairs: list[RepairSpec]
    volunteers: dict[str, list[VolunteerSpec]]

    @property
    def people(self) -> list[PersonSpec]:
        found = [c.person for c in self.cases] + [r.applicant for r in self.repairs if r.applicant]
        return list({p.id_number: p for p in found}.values())


class _Planner:
    def __init__(self, seed: int = DEMO_YEAR):
        self.rng = random.Random(seed)
        self.names = core_demo.NameGenerator(self.rng)
        self.ids: set[str] = set()
        self._postcodes = list(DISTRICT_WEIGHTS)
        self._weights = list(DISTRICT_WEIGHTS.values())

    def day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max((end - start).days, 0)))

    def person(
        self, on: date, age: tuple[int, int] = (22, 64), sex: str | None = None
    ) -> PersonSpec:
        rng = self.rng
        sex = sex or rng.choices(("M", "F"), weights=(7, 3))[0]
        while True:
            letter = rng.choices(("D", "R"), weights=(6, 4))[0]
            id_number = core_demo.national_id(rng, sex, letter)
            if id_number not in self.ids:
                self.ids.add(id_number)
                break
        postcode = rng.choices(self._postcodes, weights=self._weights)[0]
        address = f"臺南市{DISTRICT_NAMES[postcode]}{rng.choice(STREETS)}{rng.randint(1, 400)}號"
        return PersonSpec(
            id_number=id_number, name=self.names.name(sex), sex=sex,
            birth_date=core_demo.birth_date(rng, rng.randint(*age), on), phone=core_demo.mobile(rng),
            postcode=postcode, address=address,
        )  # fmt: skip

    # --- cases
    def cases(self) -> list[CaseSpec]:
        rng = self.rng
        cases = []
        for i in range(CASES):
            month = i // 5 + 1
            opened = self.day(date(DEMO_YEAR, month, 1), date(DEMO_YEAR, month, 28))
            severity = rng.choices(
                (Severity.DEATH, Severity.DISABILITY, Severity.INJURY), weights=(1, 3, 6)
            )[0]
            kind = rng.choices(
                (InjuryKind.INJURY, InjuryKind.COMMUTING, InjuryKind.DISEASE), weights=(14, 4, 2)
            )[0]
            if severity == Severity.DEATH:
                kind = InjuryKind.INJURY
            back = rng.randint(30, 120) if kind == InjuryKind.DISEASE else rng.randint(1, 25)
            story = rng.choice(
                DEATH_STORIES if severity == Severity.DEATH else INJURY_STORIES[kind]
            )
            source = rng.choices(
                (
                    CaseSource.ACCIDENT_REPORT,
                    CaseSource.HOSPITAL,
                    CaseSource.UNION,
                    CaseSource.SELF,
                ),
                weights=(7 if severity == Severity.DEATH else 3, 3, 2, 2),
            )[0]  # (勞保局轉介 began in 2025.)
            big = rng.random() < 0.7
            cases.append(CaseSpec(
                person=self.person(opened), manager=CASE_MANAGERS[i % 2], injury_date=opened - timedelta(days=back),
                opened_on=opened, kind=kind, severity=severity,
                grade=rng.choice((3, 5, 7, 7, 9, 11, 11, 13, 15)) if severity == Severity.DISABILITY else None,
                source=source, employer=rng.choice(EMPLOYERS)[0] if big else None,
                employer_name="" if big else rng.choice(SMALL_EMPLOYERS), description=story, stage=CaseStatus.IN_SERVICE,
            ))  # fmt: skip
        self._stages(cases)
        for case in cases:
            self._services(case)
        self._festivals(cases)
        for case in cases:
            self._contacts(case)
            case.services.sort(key=lambda s: s.on)
            kinds = [k for k in ServiceKind.values if any(s.kind == k for s in case.services)]
            if case.stage in (CaseStatus.IN_SERVICE, CaseStatus.CLOSED):
                case.plan = "".join(f"{PLAN_PHRASES[k]}、" for k in kinds).rstrip("、")
                case.plan = f"{case.plan}；每月電話或家訪追蹤。".lstrip("；")
        return cases

    def _stages(self, cases: list[CaseSpec]) -> None:
        """Who is closed, in service (some overdue) or still being assessed on 2019-12-31."""
        rng = self.rng
        for case in cases:
            if case.opened_on.month == 12:
                continue
            end = case.opened_on + timedelta(days=rng.randint(90, 220))
            if end <= date(DEMO_YEAR, 12, 15) and rng.random() < 0.7:
                case.stage = CaseStatus.CLOSED
                case.closure_requested_on = end
                case.closed_on = end + timedelta(days=rng.randint(2, 10))
                if case.severity == Severity.DEATH:
                    case.closure_reason = ClosureReason.DECEASED
                else:
                    case.closure_reason = rng.choices(
                        (ClosureReason.RETURNED_ORIGINAL, ClosureReason.NEW_JOB, ClosureReason.NOT_WORKING,
                         ClosureReason.DECLINED, ClosureReason.MOVED), weights=(9, 4, 5, 1, 1),
                    )[0]  # fmt: skip
        december = [c for c in cases if c.opened_on.month == 12]
        december.sort(key=lambda c: c.opened_on)
        for case, stage in zip(december[-4:], (CaseStatus.ASSESSMENT, CaseStatus.ASSESSMENT, CaseStatus.INTAKE, CaseStatus.INTAKE), strict=False):  # fmt: skip
            case.stage = stage

    def _services(self, case: CaseSpec) -> None:
        rng = self.rng
        if case.stage in (CaseStatus.INTAKE, CaseStatus.ASSESSMENT):
            return
        last = (case.closure_requested_on or YEAR_END) - timedelta(days=1)

        def add(kind: str, lo: int, hi: int, **kw) -> None:
            on = min(case.opened_on + timedelta(days=rng.randint(lo, hi)), last)
            case.services.append(ServiceSpec(kind, max(on, case.opened_on), **kw))

        death, disability = case.severity == Severity.DEATH, case.severity == Severity.DISABILITY
        if rng.random() < 0.9:
            add(ServiceKind.CONSOLATION, 3, 25, note="依慰問金額度表發放")
        if rng.random() < 0.75:
            add(ServiceKind.LEGAL, 1, 30, note="說明勞保職災給付、職災保護法補助與雇主補償責任")
        if death or rng.random() < (0.6 if disability else 0.25):
            add(
                ServiceKind.PSYCHOLOGICAL,
                7,
                60,
                note="轉介心理諮商" if not death else "家屬哀傷輔導",
            )
        if not death and rng.random() < 0.35:
            add(ServiceKind.MEDICAL, 1, 20, note="轉介職業傷病防治中心")
        if not death and rng.random() < (0.6 if disability else 0.25):
            add(ServiceKind.REHABILITATION, 20, 60, note="轉介職能復健機構")
        returning = case.closure_reason in (ClosureReason.RETURNED_ORIGINAL, ClosureReason.NEW_JOB)
        if returning or (not death and rng.random() < 0.1):
            add(ServiceKind.RETURN_TO_WORK, 40, 90, note="與雇主協調調整工作內容與工時")
            if rng.random() < 0.3:
                add(ServiceKind.JOB_REDESIGN, 45, 95, note="轉介職務再設計專案")
        if not death and rng.random() < (0.4 if disability else 0.12):
            add(ServiceKind.HAIRCUT, 10, 80, note="志工到宅義剪")
        if (death and rng.random() < 0.8) or (disability and rng.random() < 0.3):
            add(ServiceKind.CHILDREN, 20, 90, note="協助子女申請助學金與就業媒合")
        if rng.random() < 0.45:
            items = "、".join(rng.sample(GOODS, rng.choice((1, 1, 2))))
            add(ServiceKind.GOODS, 5, 60, items=items, note="愛心物資致贈")

    def _festivals(self, cases: list[CaseSpec]) -> None:
        for on, items in FESTIVALS:
            for case in cases:
                if case.stage in (CaseStatus.INTAKE, CaseStatus.ASSESSMENT):
                    continue
                end = case.closure_requested_on or YEAR_END
                if (
                    case.opened_on <= on < end
                    and on >= case.injury_date
                    and self.rng.random() < 0.7
                ):
                    case.services.append(
                        ServiceSpec(ServiceKind.GOODS, on, items=items, note="節慶關懷")
                    )

    def _contacts(self, case: CaseSpec) -> None:
        """First contact within days of intake, then every three to six weeks."""
        rng = self.rng
        end = case.closure_requested_on or YEAR_END
        on = case.opened_on + timedelta(days=rng.randint(0, 4))
        dates = []
        while on <= end:
            dates.append(on)
            on = on + timedelta(days=rng.randint(21, 45))
        if not dates:
            dates = [case.opened_on]
        for i, on in enumerate(dates):
            if i + 1 < len(dates):
                next_on = dates[i + 1] - timedelta(days=rng.choice((0, 0, 0, 2, 5)))
                next_on = max(next_on, on + timedelta(days=1))
            else:
                next_on = on + timedelta(days=rng.randint(21, 42))
                if case.stage == CaseStatus.CLOSED:
                    next_on = max(next_on, end + timedelta(days=1))
                else:
                    next_on = max(next_on, YEAR_END + timedelta(days=3))
            method = (
                (ContactMethod.HOSPITAL if case.severity != Severity.DEATH else ContactMethod.VISIT)
                if i == 0
                else rng.choices(
                    (ContactMethod.PHONE, ContactMethod.VISIT, ContactMethod.OFFICE),
                    weights=(6, 3, 1),
                )[0]
            )
            note = (
                "初次訪視，說明服務內容並評估需求。"
                if i == 0
                else rng.choice(CONTACT_NOTES[method])
            )
            case.contacts.append(ContactSpec(on, method, note, next_on))

    def overdue(self, cases: list[CaseSpec]) -> None:
        """A few cases in service whose last follow-up was missed by the end of the year."""
        rng = self.rng
        candidates = [
            c for c in cases if c.stage == CaseStatus.IN_SERVICE and c.opened_on.month <= 10
        ]
        for case in rng.sample(candidates, min(OVERDUE_AT_YEAR_END, len(candidates))):
            keep = [c for c in case.contacts if c.on <= date(DEMO_YEAR, 11, 20)]
            if not keep:
                continue
            keep[-1].next_on = self.day(max(keep[-1].on + timedelta(days=14), date(DEMO_YEAR, 12, 1)),
                                        date(DEMO_YEAR, 12, 27))  # fmt: skip
            case.contacts = keep
            # The services stop with the contacts.
            case.services = [s for s in case.services if s.on <= keep[-1].on]

    # --- housing
    def volunteers(self) -> dict[str, list[VolunteerSpec]]:
        rng = self.rng
        out: dict[str, list[VolunteerSpec]] = {}
        for team in TEAMS:
            people = []
            for n in range(team.size):
                main = team.trades[n % len(team.trades)]
                extra = rng.sample(team.trades, rng.choice((0, 0, 1)))
                trades = tuple(t for t in Trade.values if t in {main, *extra})
                sex = (
                    "F"
                    if main == T.MEALS and rng.random() < 0.8
                    else rng.choices(("M", "F"), weights=(8, 2))[0]
                )
                people.append(VolunteerSpec(self.names.name(sex), core_demo.mobile(rng), trades))
            out[team.key] = people
        return out

    def repairs(
        self, cases: list[CaseSpec], volunteers: dict[str, list[VolunteerSpec]]
    ) -> list[RepairSpec]:
        rng = self.rng
        repairs: list[RepairSpec] = []
        # 2019 cases referred to housing repair (opened by June, still served when the work is done).
        referable = [
            i for i, c in enumerate(cases)
            if c.opened_on.month <= 6 and c.severity != Severity.DEATH and c.stage == CaseStatus.IN_SERVICE
        ]  # fmt: skip
        linked = rng.sample(referable, min(6, len(referable)))
        for year, count in HOMES_PER_YEAR.items():
            for _n in range(count):
                completed = self.day(date(year, 2, 1), date(year, 12, 20))
                case_index = linked.pop() if year == DEMO_YEAR and linked else None
                if case_index is not None:
                    case = cases[case_index]
                    referral = case.opened_on + timedelta(days=rng.randint(10, 30))
                    applied = referral + timedelta(days=rng.randint(0, 7))
                    completed = max(completed, applied + timedelta(days=45))
                    completed = min(completed, date(DEMO_YEAR, 12, 20))
                    case.services.append(
                        ServiceSpec(ServiceKind.HOUSING, referral, note="住家老舊，轉介房屋修繕")
                    )
                    case.services.sort(key=lambda s: s.on)
                    case.repair = len(repairs)
                    applicant, category = None, HouseholdCategory.INJURED
                    postcode, address = case.person.postcode, case.person.address
                else:
                    applied = completed - timedelta(days=rng.randint(50, 130))
                    applied = max(applied, date(2013, 1, 2))
                    category = rng.choices(HouseholdCategory.values, weights=(4, 5, 2))[0]
                    applicant = self.person(applied, age=(35, 70))
                    postcode, address = applicant.postcode, applicant.address
                repairs.append(self._repair(applicant, case_index, category, postcode, address, applied, completed,
                                            volunteers))  # fmt: skip
        # One 2019 application that was surveyed and turned down.
        applicant = self.person(date(DEMO_YEAR, 8, 1), age=(35, 70))
        applied = date(DEMO_YEAR, 8, 12)
        repairs.append(RepairSpec(
            applicant=applicant, case=None, category=HouseholdCategory.DISADVANTAGED, postcode=applicant.postcode,
            address=applicant.address, applied_on=applied, surveyed_on=applied + timedelta(days=9),
            needs={T.MASONRY: "整棟重建"}, work_days=[], materials_cost=0, donations="", completed_on=None,
            satisfaction=None, rejection="房屋結構已不堪使用，需整棟重建，超出志工修繕範圍；已轉介社會局住宅資源。",
        ))  # fmt: skip
        return repairs

    def _repair(
        self, applicant, case_index, category, postcode, address, applied, completed, volunteers
    ) -> RepairSpec:
        rng = self.rng
        surveyed = applied + timedelta(days=rng.randint(5, 20))
        trades = rng.sample([t for t in NEEDS], rng.randint(2, 4))
        needs = {t: rng.choice(NEEDS[t]) for t in Trade.values if t in trades}
        by_team = {t.key: t for t in TEAMS}
        days: list[WorkDaySpec] = []
        first = completed - timedelta(days=rng.randint(1, 12))
        first = max(first, surveyed + timedelta(days=7))
        completed = max(completed, first)
        plan = []
        if T.CARPENTRY in needs:
            plan.append("carpenters")
        if any(t in needs for t in by_team["federation"].trades):
            plan.append("federation")
        on = first
        for team_key in plan:
            team = by_team[team_key]
            day_trades = [t for t in Trade.values if t in needs and t in team.trades]
            days.append(
                WorkDaySpec(on, team_key, self._crew(volunteers[team_key], day_trades), day_trades)
            )
            on = min(on + timedelta(days=rng.randint(1, 3)), completed)
        # 勞工志願服務協會 cooks for the crews on the first day, and paints on bigger jobs.
        helpers = [T.MEALS] + ([T.PAINTING] if T.PAINTING in needs and len(needs) >= 3 else [])
        days.append(
            WorkDaySpec(
                first, "volunteers", self._crew(volunteers["volunteers"], helpers, 2, 4), helpers
            )
        )
        needs[T.MEALS] = "志工午餐與飲水"
        needs = {t: needs[t] for t in Trade.values if t in needs}
        completed = max(completed, max(d.on for d in days))
        donors = rng.sample(DONORS, rng.randint(1, 2))
        gifts = rng.sample(
            ("木料", "油漆 10 桶", "水泥 20 包", "電線與開關", "鋁窗 2 組", "電鍋", "棉被"), 2
        )
        donations = "；".join(f"{d}捐贈{g}" for d, g in zip(donors, gifts, strict=False))
        return RepairSpec(
            applicant=applicant, case=case_index, category=category, postcode=postcode, address=address,
            applied_on=applied, surveyed_on=surveyed, needs=needs, work_days=days,
            materials_cost=rng.randrange(12_000, 120_000, 500), donations=donations, completed_on=completed,
            satisfaction=rng.choices((5, 4, 3), weights=(7, 3, 1))[0],
        )  # fmt: skip

    def _crew(
        self, team: list[VolunteerSpec], trades: list[str], lo: int = 3, hi: int = 6
    ) -> list[int]:
        able = [i for i, v in enumerate(team) if set(v.trades) & set(trades)] or list(
            range(len(team))
        )
        return sorted(self.rng.sample(able, min(len(able), self.rng.randint(lo, hi))))


def _close_later(cases: list[CaseSpec]) -> None:
    """Follow up and close in 2020 every case still open at the end of 2019.

    A case in service is followed up from the date its last 2019 contact set (overdue ones early
    in January) until the closure request. A case still in intake or assessment, without a plan,
    is closed in January: the worker declined further service or moved away.
    """
    rng = random.Random(DEMO_YEAR + 1)
    first_day, last_day = LATER_CLOSURES
    for case in cases:
        if case.stage == CaseStatus.CLOSED:
            continue
        planned = case.stage not in (CaseStatus.INTAKE, CaseStatus.ASSESSMENT)
        due = case.contacts[-1].next_on
        if due <= YEAR_END:  # missed in December: picked up after the new-year holiday
            due = date(DEMO_YEAR + 1, 1, 2) + timedelta(days=rng.randint(0, 8))
        start = max(due, first_day - timedelta(days=2))
        if planned:
            span = (last_day - timedelta(days=5) - start).days
            requested = start + timedelta(days=rng.randint(0, max(span, 0)))
        else:
            requested = start + timedelta(days=rng.randint(0, 7))
        if planned and case.severity == Severity.DEATH:
            reason = ClosureReason.DECEASED
        elif planned:
            reason = rng.choices(
                (ClosureReason.RETURNED_ORIGINAL, ClosureReason.NEW_JOB, ClosureReason.NOT_WORKING,
                 ClosureReason.DECLINED, ClosureReason.MOVED), weights=(9, 4, 5, 1, 1),
            )[0]  # fmt: skip
        else:
            reason = rng.choices((ClosureReason.DECLINED, ClosureReason.MOVED), weights=(3, 1))[0]
        dates, on = [], due
        while on <= requested:
            dates.append(on)
            on += timedelta(days=rng.randint(21, 45))
        for i, on in enumerate(dates):
            if i + 1 < len(dates):
                next_on = dates[i + 1]
                method = rng.choices((ContactMethod.PHONE, ContactMethod.VISIT), weights=(2, 1))[0]
                note = rng.choice(CONTACT_NOTES[method])
            else:
                next_on = max(
                    on + timedelta(days=rng.randint(21, 42)), requested + timedelta(days=1)
                )
                method = ContactMethod.VISIT if planned else ContactMethod.PHONE
                note = CLOSING_CONTACTS[reason]
            case.contacts.append(ContactSpec(on, method, note, next_on))
        if planned:  # festival gifts of 2020 (春節 1/25, 端午 6/25) while the case is in service
            for on, items in FESTIVALS_LATER:
                if on < requested and rng.random() < 0.7:
                    case.services.append(
                        ServiceSpec(ServiceKind.GOODS, on, items=items, note="節慶關懷")
                    )
        case.closure_reason = reason
        case.closure_note = CLOSURE_NOTES[reason]
        case.closure_requested_on = requested
        case.closed_on = min(requested + timedelta(days=rng.randint(2, 5)), last_day)


def build_plan() -> Plan:
    """The whole dataset, the same on every run."""
    planner = _Planner()
    cases = planner.cases()
    planner.overdue(cases)
    volunteers = planner.volunteers()
    repairs = planner.repairs(cases, volunteers)
    _close_later(cases)
    return Plan(cases=cases, repairs=repairs, volunteers=volunteers)


def build_current(today: date) -> list[CaseSpec]:
    """The cases open today (see :data:`CURRENT`); the people are the same on every run."""
    planner = _Planner(CURRENT_SEED)
    planner.ids.update(p.id_number for p in build_plan().people)
    # The people first, so that their names and identifiers do not depend on today.
    people = [planner.person(today) for _row in CURRENT]
    rng = planner.rng
    cases = []
    for person, (manager, status, age, due_in) in zip(people, CURRENT, strict=True):
        opened = today - timedelta(days=age)
        closing = status == CaseStatus.CLOSURE_REQUESTED
        severity = Severity.INJURY if closing else rng.choices(
            (Severity.DEATH, Severity.DISABILITY, Severity.INJURY), weights=(1, 3, 6)
        )[0]  # fmt: skip
        kind = InjuryKind.INJURY if severity == Severity.DEATH or closing else rng.choices(
            (InjuryKind.INJURY, InjuryKind.COMMUTING, InjuryKind.DISEASE), weights=(14, 4, 2)
        )[0]  # fmt: skip
        back = rng.randint(30, 120) if kind == InjuryKind.DISEASE else rng.randint(1, 20)
        story = rng.choice(DEATH_STORIES if severity == Severity.DEATH else INJURY_STORIES[kind])
        source = rng.choices(
            (CaseSource.ACCIDENT_REPORT, CaseSource.BLI_REFERRAL, CaseSource.HOSPITAL, CaseSource.UNION,
             CaseSource.SELF), weights=(7 if severity == Severity.DEATH else 3, 3, 3, 2, 2),
        )[0]  # fmt: skip
        big = rng.random() < 0.7
        case = CaseSpec(
            person=person, manager=manager, injury_date=opened - timedelta(days=back), opened_on=opened,
            kind=kind, severity=severity,
            grade=rng.choice((5, 7, 9, 11, 13, 15)) if severity == Severity.DISABILITY else None,
            source=source, employer=rng.choice(EMPLOYERS)[0] if big else None,
            employer_name="" if big else rng.choice(SMALL_EMPLOYERS), description=story, stage=status,
        )  # fmt: skip
        if closing:
            case.closure_reason = ClosureReason.RETURNED_ORIGINAL
            case.closure_note = CLOSURE_NOTES[case.closure_reason]
            case.closure_requested_on = today - timedelta(days=2)
        # Contacts every one to two weeks, counted back from the latest one; an overdue case's
        # latest contact set a date that has now passed.
        next_due = today + timedelta(days=due_in)
        first = min(opened + timedelta(days=rng.randint(0, 1)), today)
        latest = case.closure_requested_on or min(
            today, next_due - timedelta(days=rng.randint(5, 10))
        )
        dates = [latest] if latest > first else []
        while dates and (dates[0] - first).days > 12:
            dates.insert(0, dates[0] - timedelta(days=rng.randint(6, 12)))
        dates.insert(0, first)
        for i, on in enumerate(dates):
            method = (ContactMethod.HOSPITAL if severity != Severity.DEATH else ContactMethod.VISIT) if i == 0 else (
                rng.choices((ContactMethod.PHONE, ContactMethod.VISIT, ContactMethod.OFFICE), weights=(6, 3, 1))[0]
            )  # fmt: skip
            note = (
                "初次訪視，說明服務內容並評估需求。"
                if i == 0
                else rng.choice(
                    (FAMILY_NOTES if severity == Severity.DEATH else CONTACT_NOTES)[method]
                )
            )
            if closing and i + 1 == len(dates):
                note = CLOSING_CONTACTS[case.closure_reason]
            next_on = dates[i + 1] if i + 1 < len(dates) else next_due
            case.contacts.append(ContactSpec(on, method, note, next_on))
        if status in (CaseStatus.IN_SERVICE, CaseStatus.CLOSURE_REQUESTED):
            _current_services(rng, case, dates[-1] if due_in < 0 else today)
        cases.append(case)
    return cases


def _current_services(rng: random.Random, case: CaseSpec, last: date) -> None:
    """A consolation payment, rights counselling and one or two more services, with the plan."""

    def add(kind: str, lo: int, hi: int, **kw) -> None:
        on = min(case.opened_on + timedelta(days=rng.randint(lo, hi)), last)
        case.services.append(ServiceSpec(kind, on, **kw))

    add(ServiceKind.CONSOLATION, 2, 10, note="依慰問金額度表發放")
    add(ServiceKind.LEGAL, 1, 7, note="說明勞保職災給付、職災保護法補助與雇主補償責任")
    extras = {
        ServiceKind.PSYCHOLOGICAL: {"note": "轉介心理諮商" if case.severity != Severity.DEATH else "家屬哀傷輔導"},
        ServiceKind.MEDICAL: {"note": "轉介職業傷病防治中心"},
        ServiceKind.REHABILITATION: {"note": "轉介職能復健機構"},
        ServiceKind.GOODS: {"items": rng.choice(GOODS), "note": "愛心物資致贈"},
    }  # fmt: skip
    if case.severity == Severity.DEATH:
        extras = {ServiceKind.PSYCHOLOGICAL: extras[ServiceKind.PSYCHOLOGICAL],
                  ServiceKind.CHILDREN: {"note": "協助子女申請助學金與就業媒合"}}  # fmt: skip
    if case.stage == CaseStatus.CLOSURE_REQUESTED:
        extras = {ServiceKind.RETURN_TO_WORK: {"note": "與雇主協調調整工作內容與工時"}}
    for kind in rng.sample(sorted(extras), min(len(extras), rng.randint(1, 2))):
        add(kind, 5, 30, **extras[kind])
    case.services.sort(key=lambda s: s.on)
    kinds = [k for k in ServiceKind.values if any(s.kind == k for s in case.services)]
    case.plan = "、".join(PLAN_PHRASES[k] for k in kinds) + "；每兩週電話或家訪追蹤。"


# --- photos -----------------------------------------------------------------------------------
def _photo(kind: str, seed: int) -> SimpleUploadedFile:
    """A small drawing of a house, dim before the repair and bright after it."""
    from PIL import Image, ImageDraw

    before = kind == AttachmentKind.BEFORE
    wall = (150, 140, 125) if before else (250, 240, 215)
    roof = (110, 90, 80) if before else (190, 60, 50)
    image = Image.new("RGB", (160, 120), (205, 215, 225) if before else (150, 200, 245))
    draw = ImageDraw.Draw(image)
    shift = seed % 20
    draw.polygon([(30 + shift, 55), (80 + shift // 2, 20), (130, 55)], fill=roof)
    draw.rectangle([40, 55, 120, 110], fill=wall)
    draw.rectangle([70, 80, 90, 110], fill=(90, 70, 50) if before else (120, 80, 40))
    if before:
        draw.line([(45, 60), (60, 95), (52, 105)], fill=(60, 60, 60), width=2)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile(
        f"{'before' if before else 'after'}-{seed}.jpg", out.getvalue(), "image/jpeg"
    )


# --- writing it -------------------------------------------------------------------------------
def is_loaded() -> bool:
    first = build_plan().cases[0]
    return InjuryCase.objects.filter(
        person__id_number=first.person.id_number, opened_on=first.opened_on
    ).exists()


def _person(actor, spec: PersonSpec, districts) -> Person:
    existing = find_person(spec.id_number)
    if existing is not None:
        return existing
    return create_person(
        actor, id_number=spec.id_number, name=spec.name, birth_date=spec.birth_date, sex=spec.sex,
        phone=spec.phone, district=districts[spec.postcode], address=spec.address, context="demo dataset",
    )  # fmt: skip


def _organizations(actor, districts) -> dict[str, Organization]:
    rng = random.Random(DEMO_YEAR + 8)  # UBNs; independent of the plan's stream
    orgs: dict[str, Organization] = {}
    for key, name, postcode, address in EMPLOYERS:
        ubn = core_demo.ubn(rng)
        existing = Organization.objects.filter(name=name).first()
        if existing is not None:
            orgs[key] = existing
            continue
        while Organization.objects.filter(ubn=ubn).exists():
            ubn = core_demo.ubn(rng)
        orgs[key] = create_organization(
            actor, name=name, kind=OrganizationKind.EMPLOYER, ubn=ubn, district=districts[postcode],
            address=address, context="demo dataset",
        )  # fmt: skip
    return orgs


def _teams(actor, plan: Plan, districts) -> dict[str, tuple[VolunteerTeam, list[Volunteer]]]:
    rng = random.Random(DEMO_YEAR + 9)
    teams = {}
    for spec in TEAMS:
        org = Organization.objects.filter(name=spec.name).first()
        if org is None:
            ubn = core_demo.ubn(rng)
            while Organization.objects.filter(ubn=ubn).exists():
                ubn = core_demo.ubn(rng)
            org = {"name": spec.name, "kind": spec.kind, "ubn": ubn, "district": districts[spec.postcode],
                   "address": spec.address}  # fmt: skip
        team = VolunteerTeam.objects.filter(organization__name=spec.name).first()
        if team is None:
            team = housing.register_team(
                actor, org, contact_name=spec.contact_name, contact_phone=spec.contact_phone
            )
        members = [
            housing.add_volunteer(actor, team, v.name, phone=v.phone, trades=v.trades)
            for v in plan.volunteers[spec.key]
        ]
        teams[spec.key] = (team, members)
    return teams


def _version(pk: int) -> int:
    return InjuryCase.objects.values_list("version", flat=True).get(pk=pk)


def _load_case(spec: CaseSpec, users, orgs, districts, today: date) -> tuple[InjuryCase, Counter]:
    cm, supervisor = users[spec.manager], users[SUPERVISOR]
    person = _person(cm, spec.person, districts)
    case = services.open_case(
        cm, person=person, opened_on=spec.opened_on, injury_date=spec.injury_date, kind=spec.kind,
        severity=spec.severity, disability_grade=spec.grade, source=spec.source,
        employer=orgs[spec.employer] if spec.employer else None, employer_name=spec.employer_name,
        description=spec.description,
    )  # fmt: skip
    pk = case.pk
    planned = spec.stage not in (CaseStatus.INTAKE, CaseStatus.ASSESSMENT)
    if spec.stage != CaseStatus.INTAKE:
        services.advance(cm, pk, _version(pk))
    if planned:
        services.update_case(
            cm,
            pk,
            _version(pk),
            service_plan=spec.plan,
            next_followup_on=today + timedelta(days=14),
        )
        services.advance(cm, pk, _version(pk))
        services.advance(cm, pk, _version(pk))
    for s in spec.services:
        services.add_service(cm, pk, kind=s.kind, provided_on=s.on, items=s.items, note=s.note)
    contacts = [
        services.record_contact(
            cm,
            pk,
            contacted_on=c.on,
            method=c.method,
            note=c.note,
            next_followup_on=today + timedelta(days=7),
        )  # fmt: skip
        for c in spec.contacts
    ]
    if spec.closure_requested_on:
        note = spec.closure_note or "服務目標達成，申請結案。"
        if planned:
            services.request_closure(cm, pk, _version(pk), reason=spec.closure_reason, note=note)
            if spec.closed_on:
                services.approve_closure(supervisor, pk, _version(pk))
        else:
            _close_without_plan(cm, supervisor, case, spec.closure_reason, note, today)
    # Historical dates (see the module docstring): the services stamped today's.
    for contact, c in zip(contacts, spec.contacts, strict=True):
        contact.next_followup_on = c.next_on
    CaseContact.objects.bulk_update(contacts, ["next_followup_on"])
    changes: dict[str, object] = {}
    if spec.closure_requested_on:
        tz = timezone.get_default_timezone()
        changes["closure_requested_at"] = datetime.combine(
            spec.closure_requested_on, time(10), tzinfo=tz
        )
    if spec.closed_on:
        changes["closed_on"] = spec.closed_on
    else:
        changes["next_followup_on"] = spec.contacts[-1].next_on if spec.contacts else None
    InjuryCase.objects.filter(pk=pk).update(**changes)
    return case, Counter(cases=1, services=len(spec.services), contacts=len(spec.contacts))


def _close_without_plan(
    cm, supervisor, case: InjuryCase, reason: str, note: str, today: date
) -> None:
    """Close a case that never reached service (the worker declined or moved away).

    :func:`services.request_closure` accepts only cases in service, so the request and the
    approval are written with the services' own versioned, audited update, by the same people.
    """
    save = services._save_versioned  # noqa: SLF001
    save(cm, case, _version(case.pk), {
        "status": CaseStatus.CLOSURE_REQUESTED, "closure_reason": reason, "closure_note": note,
        "closure_requested_at": timezone.now(),
    }, "request closure")  # fmt: skip
    save(supervisor, case, _version(case.pk), {
        "status": CaseStatus.CLOSED, "closed_on": today, "closure_approved_by": supervisor,
        "next_followup_on": None,
    }, "approve closure")  # fmt: skip


def _load_repair(
    spec: RepairSpec, cases: list[InjuryCase], users, teams, districts, seed: int
) -> Counter:
    actor = users[CASE_MANAGERS[seed % 2]]
    supervisor = users[SUPERVISOR]
    case = cases[spec.case] if spec.case is not None else None
    if case is not None:
        actor = case.case_manager
        applicant = case.person
    else:
        applicant = _person(actor, spec.applicant, districts)
    app = housing.apply_for_repair(
        actor, applicant=applicant, category=spec.category, address=spec.address,
        district=districts[spec.postcode], eligibility_note=ELIGIBILITY[spec.category], injury_case=case,
        applied_on=spec.applied_on,
    )  # fmt: skip
    app = housing.record_survey(actor, app, surveyed_on=spec.surveyed_on, needs=spec.needs)
    if spec.rejection:
        housing.decide(supervisor, app, approve=False, reason=spec.rejection)
        return Counter(homes=1)
    app = housing.decide(supervisor, app, approve=True)
    for day in spec.work_days:
        team, members = teams[day.team]
        housing.schedule_work_day(
            actor, app, date=day.on, team=team, volunteers=[members[i] for i in day.volunteers], trades=day.trades,
            hours=day.hours,
        )  # fmt: skip
    app = housing.record_costs(
        actor, app, materials_cost=spec.materials_cost, donations=spec.donations
    )
    caption = "、".join(list(spec.needs.values())[:2])
    uploads.store_attachment(actor, kind=AttachmentKind.BEFORE, uploaded_file=_photo(AttachmentKind.BEFORE, seed),
                             caption=f"修繕前：{caption}", repair=app)  # fmt: skip
    uploads.store_attachment(actor, kind=AttachmentKind.AFTER, uploaded_file=_photo(AttachmentKind.AFTER, seed),
                             caption="修繕後", repair=app)  # fmt: skip
    housing.complete(actor, app, completed_on=spec.completed_on, satisfaction=spec.satisfaction)
    return Counter(homes=1, work_days=len(spec.work_days), photos=2)


def load(users: dict, *, today: date | None = None) -> dict[str, int]:
    """Write the plan and the current cases through the services. Call inside one transaction.

    ``today`` is the real today (the default): the services check the current cases against it.
    Returns counts.
    """
    today = today or timezone.localdate()
    plan = build_plan()
    supervisor = users[SUPERVISOR]
    districts = {d.postcode: d for d in District.objects.all()}
    orgs = _organizations(supervisor, districts)
    counts: Counter[str] = Counter()
    cases = []
    for spec in plan.cases:
        case, n = _load_case(spec, users, orgs, districts, today)
        cases.append(case)
        counts.update(n)
    current = build_current(today)
    for spec in current:
        counts.update(_load_case(spec, users, orgs, districts, today)[1])
    teams = _teams(supervisor, plan, districts)
    for seed, spec in enumerate(plan.repairs):
        counts.update(_load_repair(spec, cases, users, teams, districts, seed))
    counts["organizations"] = len(orgs) + len(teams)
    counts["teams"] = len(teams)
    counts["volunteers"] = sum(len(members) for _team, members in teams.values())
    counts["people"] = Person.objects.filter(
        id_number__in=[p.id_number for p in plan.people] + [c.person.id_number for c in current]
    ).count()
    return dict(counts)


# --- removing it ------------------------------------------------------------------------------
def remove() -> dict[str, int]:
    """Delete the demo rows of program 8, their audit entries and (on commit) their stored photos.

    Demo people and organizations that other records refer to are kept.
    """
    plan = build_plan()
    ids = [p.id_number for p in plan.people]
    ids += [c.person.id_number for c in build_current(timezone.localdate())]
    cases = InjuryCase.objects.filter(
        person__id_number__in=ids, case_manager__username__in=CASE_MANAGERS
    )
    repairs = RepairApplication.objects.filter(applicant__id_number__in=ids)
    team_names = [t.name for t in TEAMS]
    teams = VolunteerTeam.objects.filter(organization__name__in=team_names)
    attachments = Attachment.objects.filter(repair__in=repairs) | Attachment.objects.filter(
        injury_case__in=cases
    )
    removed: dict[type, list[int]] = {
        CaseService: list(CaseService.objects.filter(case__in=cases).values_list("pk", flat=True)),
        CaseContact: list(CaseContact.objects.filter(case__in=cases).values_list("pk", flat=True)),
        Attachment: list(attachments.values_list("pk", flat=True)),
        WorkDay: list(WorkDay.objects.filter(application__in=repairs).values_list("pk", flat=True)),
        RepairApplication: list(repairs.values_list("pk", flat=True)),
        InjuryCase: list(cases.values_list("pk", flat=True)),
    }
    # The stored photos go once the deletion is committed, so that a rollback keeps them.
    files = list(
        Attachment.objects.filter(pk__in=removed[Attachment]).values_list("file", flat=True)
    )

    def delete_files() -> None:
        storage = Attachment._meta.get_field("file").storage
        for name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)
    for model in (Attachment, WorkDay, RepairApplication, CaseService, CaseContact, InjuryCase):
        model.objects.filter(pk__in=removed[model]).delete()
    removed[Volunteer] = []
    removed[VolunteerTeam] = []
    for team in teams:
        if team.work_days.exists():
            continue
        removed[Volunteer] += list(team.volunteers.values_list("pk", flat=True))
        team.volunteers.all().delete()
        removed[VolunteerTeam].append(team.pk)
        team.delete()
    removed[Person] = []
    for person in Person.objects.filter(id_number__in=ids):
        pk = person.pk
        try:
            with transaction.atomic():  # the person's trail goes with them, or neither goes
                AuditEntry.objects.filter(person=person).delete()
                person.delete()
        except ProtectedError:
            continue
        removed[Person].append(pk)
    removed[Organization] = []
    for org in Organization.objects.filter(
        name__in=[name for _k, name, *_ in EMPLOYERS] + team_names
    ):
        pk = org.pk
        try:
            org.delete()
        except ProtectedError:
            continue
        removed[Organization].append(pk)
    for model, pks in removed.items():
        AuditEntry.objects.filter(
            object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in pks]
        ).delete()
    names = {InjuryCase: "cases", CaseService: "services", CaseContact: "contacts", RepairApplication: "homes",
             WorkDay: "work_days", Attachment: "photos", Volunteer: "volunteers", VolunteerTeam: "teams",
             Person: "people", Organization: "organizations"}  # fmt: skip
    return {names[model]: len(pks) for model, pks in removed.items()}
