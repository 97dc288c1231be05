"""The demonstration dataset of program 1: the 2019 training year, TTQS results, open courses.

:func:`build_plan` turns ``random.Random(2019)`` into a complete, fixed description of the data
(providers, employers, courses, trainees, applications, outcomes, follow-ups, TTQS evaluations);
:func:`load` writes it through the program's services, acting as the demo staff, so that every
row has its audit entry exactly as in daily use. The 2019 figures of the year-end report are not
stored anywhere: they come out of the indicator code over these records.

Only the courses that are open for applications depend on today's date: they start in the
first year after today (2027 at the earliest) so that the public catalogue always has courses
accepting applications.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import ProtectedError, Q
from django.utils import timezone

from hopehome.core import demo as core_demo
from hopehome.core.choices import DisabilityCategory, OrganizationKind
from hopehome.core.models import AuditEntry, District, Industry, Organization, Person, TargetGroup
from hopehome.core.reference_data import DISTRICTS
from hopehome.core.services import create_organization, create_person, find_person

from . import services
from .choices import (
    AdmissionMode,
    CourseCategory,
    CourseStatus,
    EmploymentSource,
    EnrollmentStatus,
    InsuranceChannel,
    TTQSFormType,
)
from .models import Course, EmploymentFollowUp, Enrollment, TTQSEvaluation

S = EnrollmentStatus
DEMO_YEAR = 2019
MARKER_CODE = "108U01"  # the first demo course; its presence means the dataset is loaded
DEMO_CODE_REGEX = r"^1[0-9]{2}[UCIL][0-9]{2}$"
# Targets of the 2019 post-training employment rates (year-end report: 8成以上, 近9成).
TARGET_RATE = {CourseCategory.UNEMPLOYED: 0.835, CourseCategory.CARE_WORKER: 0.894}
PUBLIC_ASSISTANCE = {CourseCategory.UNEMPLOYED: 4, CourseCategory.CARE_WORKER: 1}
WEEKLY_HOURS = {
    CourseCategory.UNEMPLOYED: 30,
    CourseCategory.CARE_WORKER: 30,
    CourseCategory.IN_SERVICE: 6,
    CourseCategory.LEISURE: 3,
}
CATEGORY_LETTER = {
    CourseCategory.UNEMPLOYED: "U",
    CourseCategory.CARE_WORKER: "C",
    CourseCategory.IN_SERVICE: "I",
    CourseCategory.LEISURE: "L",
}


# --- the organizations ------------------------------------------------------------------------
@dataclass(frozen=True)
class OrgSpec:
    """An organization of the dataset."""

    key: str
    name: str
    kind: str
    industry: str
    postcode: str
    address: str
    bureau: bool = False
    responsible: str = ""
    employees: int | None = None


BUREAU_UNITS = (
    OrgSpec("vtc", "臺南市職業訓練就業服務中心", OrganizationKind.TRAINING_PROVIDER, "O", "700",
            "臺南市中西區", bureau=True, employees=86),
    OrgSpec("nanmen", "南門勞工育樂中心勞工學苑", OrganizationKind.TRAINING_PROVIDER, "O", "700",
            "臺南市中西區南門路", bureau=True, employees=12),
)  # fmt: skip
PROVIDERS = (
    OrgSpec("nanying", "社團法人臺南市南瀛職業訓練協會", OrganizationKind.TRAINING_PROVIDER, "P", "730",
            "臺南市新營區中山路", responsible="邱文雄", employees=18),
    OrgSpec("fucheng_skills", "府城技能培訓股份有限公司", OrganizationKind.TRAINING_PROVIDER, "P", "701",
            "臺南市東區崇學路", responsible="許雅惠", employees=24),
    OrgSpec("anping_digital", "安平數位學習有限公司", OrganizationKind.TRAINING_PROVIDER, "P", "708",
            "臺南市安平區健康路", responsible="蔡宗翰", employees=15),
    OrgSpec("longcare", "財團法人臺南長期照顧發展基金會", OrganizationKind.TRAINING_PROVIDER, "Q", "710",
            "臺南市永康區中華路", responsible="周素琴", employees=42),
    OrgSpec("yongkang_tech", "永康技術人才培訓中心有限公司", OrganizationKind.TRAINING_PROVIDER, "P", "710",
            "臺南市永康區中正南路", responsible="鄭明德", employees=20),
    OrgSpec("xinying_care", "社團法人臺南市新營樂齡照護協會", OrganizationKind.TRAINING_PROVIDER, "Q", "730",
            "臺南市新營區民治路", responsible="謝美玲", employees=16),
)  # fmt: skip
EMPLOYERS = (
    OrgSpec("nanke_machinery", "南科精密機械股份有限公司", OrganizationKind.EMPLOYER, "C", "744", "臺南市新市區", responsible="黃志明", employees=320),
    OrgSpec("yongkang_metal", "永康金屬工業股份有限公司", OrganizationKind.EMPLOYER, "C", "710", "臺南市永康區", responsible="林國榮", employees=140),
    OrgSpec("fucheng_bakery", "府城烘焙坊有限公司", OrganizationKind.EMPLOYER, "I", "700", "臺南市中西區", responsible="陳淑華", employees=35),
    OrgSpec("anping_retail", "安平生活百貨股份有限公司", OrganizationKind.EMPLOYER, "G", "708", "臺南市安平區", responsible="張家豪", employees=210),
    OrgSpec("tainan_electric", "大臺南水電工程有限公司", OrganizationKind.EMPLOYER, "F", "704", "臺南市北區", responsible="吳建宏", employees=28),
    OrgSpec("nantai_logistics", "南台物流股份有限公司", OrganizationKind.EMPLOYER, "H", "717", "臺南市仁德區", responsible="楊俊傑", employees=180),
    OrgSpec("guiren_auto", "歸仁汽車保養廠有限公司", OrganizationKind.EMPLOYER, "G", "711", "臺南市歸仁區", responsible="劉正德", employees=22),
    OrgSpec("dongqu_design", "東區室內裝修設計有限公司", OrganizationKind.EMPLOYER, "F", "701", "臺南市東區", responsible="蘇怡婷", employees=14),
    OrgSpec("chihkan_digital", "赤崁數位行銷有限公司", OrganizationKind.EMPLOYER, "J", "700", "臺南市中西區", responsible="葉承翰", employees=30),
    OrgSpec("canal_hotel", "運河旅店股份有限公司", OrganizationKind.EMPLOYER, "I", "708", "臺南市安平區", responsible="賴美玲", employees=95),
    OrgSpec("success_accounting", "成功聯合會計師事務所", OrganizationKind.EMPLOYER, "M", "701", "臺南市東區", responsible="郭文彬", employees=18),
    OrgSpec("fengshang_salon", "風尚髮藝有限公司", OrganizationKind.EMPLOYER, "S", "730", "臺南市新營區", responsible="江佩君", employees=12),
    OrgSpec("anxin_homecare", "安心居家長照服務有限公司", OrganizationKind.EMPLOYER, "Q", "710", "臺南市永康區", responsible="何淑貞", employees=60),
    OrgSpec("songbo_ltc", "松柏老人長期照顧中心", OrganizationKind.EMPLOYER, "Q", "730", "臺南市新營區", responsible="施俊宏", employees=45),
    OrgSpec("kangning_nursing", "康寧護理之家", OrganizationKind.EMPLOYER, "Q", "711", "臺南市歸仁區", responsible="廖雅雯", employees=38),
)  # fmt: skip


# --- the courses ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CourseTemplate:
    """What a course teaches, where, and for whom; dates are drawn per year."""

    title: str
    hours: int
    capacity: int
    provider: str
    postcode: str
    venue: str
    description: str
    employers: tuple[str, ...] = ()
    excluded_channel: str = ""  # a common non-counting insurance channel for this trade
    target_groups: tuple[str, ...] = ()


U, C, IS, L = (CourseCategory.UNEMPLOYED, CourseCategory.CARE_WORKER, CourseCategory.IN_SERVICE,
               CourseCategory.LEISURE)  # fmt: skip
UNION = InsuranceChannel.OCCUPATIONAL_UNION
VTC_VENUE = "臺南市職業訓練就業服務中心"
COURSES_2019: dict[str, tuple[CourseTemplate, ...]] = {
    U: (
        CourseTemplate("電腦輔助機械製圖班", 480, 25, "vtc", "700", VTC_VENUE + " 機械製圖教室",
                       "AutoCAD 與 SolidWorks 2D／3D 製圖、機械識圖與公差配合，輔導考取電腦輔助機械製圖丙級技術士。",
                       ("nanke_machinery", "yongkang_metal")),
        CourseTemplate("門市服務人員養成班", 300, 25, "fucheng_skills", "701", "府城技能培訓 東區教學中心",
                       "門市營運、顧客服務、收銀與商品陳列實務，協助中高齡者轉職門市工作。",
                       ("anping_retail",), target_groups=("middle_aged",)),
        CourseTemplate("烘焙食品丙級證照班", 400, 24, "vtc", "700", VTC_VENUE + " 烘焙教室",
                       "麵包、西點蛋糕與餅乾製作，輔導考取烘焙食品丙級技術士。", ("fucheng_bakery",)),
        CourseTemplate("水電工程實務班", 600, 25, "vtc", "700", VTC_VENUE + " 水電實習工場",
                       "室內配線、給排水管路配置與施工安全，結合工地實習。", ("tainan_electric",), UNION),
        CourseTemplate("數位行銷與電商經營班", 360, 28, "anping_digital", "708", "安平數位學習 電腦教室 A",
                       "社群經營、網路廣告投放、電商平台開店與數據分析。",
                       ("chihkan_digital", "anping_retail"), target_groups=("youth",)),
        CourseTemplate("室內配線丙級班", 500, 25, "nanying", "730", "南瀛職業訓練協會 電工教室",
                       "室內配線丙級術科實作與學科，含用電安全與工業配線基礎。", ("tainan_electric",), UNION),
        CourseTemplate("中餐烹調丙級證照班", 400, 24, "nanying", "730", "南瀛職業訓練協會 中餐教室",
                       "中餐刀工、烹調技法與食品衛生，輔導考取中餐烹調丙級技術士。",
                       ("canal_hotel", "fucheng_bakery")),
        CourseTemplate("會計實務與稅務申報班", 360, 28, "fucheng_skills", "701", "府城技能培訓 電腦教室",
                       "帳務處理、會計軟體、營業稅與綜合所得稅申報實務。", ("success_accounting",)),
        CourseTemplate("CNC 車床銑床操作班", 800, 22, "vtc", "700", VTC_VENUE + " 精密加工工場",
                       "CNC 車床與綜合切削中心機操作、程式設計與量測。", ("nanke_machinery", "yongkang_metal")),
        CourseTemplate("汽車修護技術班", 720, 22, "yongkang_tech", "710", "永康技術人才培訓中心 汽修工場",
                       "汽車引擎、底盤、電系檢修與保養實務。", ("guiren_auto",)),
        CourseTemplate("網頁設計與程式開發班", 540, 28, "anping_digital", "708", "安平數位學習 電腦教室 B",
                       "HTML／CSS、JavaScript 與後端程式開發，完成作品集。",
                       ("chihkan_digital",), target_groups=("youth",)),
        CourseTemplate("銲接技術實務班", 600, 20, "yongkang_tech", "710", "永康技術人才培訓中心 銲接工場",
                       "氬焊、電焊與半自動銲接實作，輔導考取銲接技術士。", ("yongkang_metal",)),
        CourseTemplate("冷凍空調維修班", 560, 22, "vtc", "700", VTC_VENUE + " 冷凍空調工場",
                       "家用及商用空調安裝、冷媒回收與故障排除。", ("tainan_electric",), UNION),
        CourseTemplate("飲料調製與咖啡實務班", 300, 25, "fucheng_skills", "701", "府城技能培訓 飲調教室",
                       "咖啡沖煮、茶飲與調酒基礎，輔導考取飲料調製丙級技術士。", ("canal_hotel",)),
        CourseTemplate("美容美髮造型設計班", 480, 24, "nanying", "730", "南瀛職業訓練協會 美髮教室",
                       "剪、燙、染、吹整與彩妝造型實務。", ("fengshang_salon",), UNION),
        CourseTemplate("物流倉儲與堆高機操作班", 300, 25, "yongkang_tech", "710", "永康技術人才培訓中心 倉儲實習場",
                       "倉儲管理系統、揀貨配送流程與堆高機操作技術士。", ("nantai_logistics",)),
        CourseTemplate("室內設計與裝修班", 600, 24, "vtc", "700", VTC_VENUE + " 木工工場",
                       "室內設計繪圖、裝修工法與工程估價。", ("dongqu_design",), UNION),
        CourseTemplate("機電整合自動化班", 720, 22, "vtc", "700", VTC_VENUE + " 自動化實驗室",
                       "氣壓、感測器、PLC 與機器手臂整合應用。", ("nanke_machinery",)),
        CourseTemplate("商業攝影與影像處理班", 360, 24, "anping_digital", "708", "安平數位學習 攝影棚",
                       "商品攝影、人像攝影與影像後製。", ("chihkan_digital",)),
        CourseTemplate("行政文書與電腦應用班", 300, 28, "fucheng_skills", "701", "府城技能培訓 電腦教室",
                       "公文書寫、文書處理與試算表應用，協助中高齡者重返職場。",
                       ("success_accounting", "anping_retail"), target_groups=("middle_aged",)),
        CourseTemplate("農產品加工與行銷班", 360, 25, "nanying", "730", "南瀛職業訓練協會 食品加工教室",
                       "在地農產品加工、包裝設計與通路行銷。", ("fucheng_bakery",), InsuranceChannel.FARMERS),
        CourseTemplate("工業配線與 PLC 控制班", 640, 22, "vtc", "700", VTC_VENUE + " 電機控制教室",
                       "工業配線丙級與可程式控制器（PLC）應用。", ("nanke_machinery",)),
        CourseTemplate("居家修繕與木作班", 480, 22, "yongkang_tech", "710", "永康技術人才培訓中心 木工教室",
                       "居家水電、油漆與木作修繕實務。", ("dongqu_design",), UNION),
        CourseTemplate("身心障礙者烘焙實務班", 300, 20, "vtc", "700", VTC_VENUE + " 烘焙教室",
                       "專為身心障礙者設計的烘焙實務課程，結合職場實習與就業媒合。",
                       ("fucheng_bakery",), target_groups=("disabled",)),
    ),
    C: (
        CourseTemplate("照顧服務員訓練班（第1期）", 90, 30, "longcare", "710", "臺南長期照顧發展基金會 永康教室",
                       "長期照顧基本知識、身體照顧技巧與臨床實習，結訓可報考照顧服務員單一級技術士。",
                       ("anxin_homecare", "kangning_nursing")),
        CourseTemplate("照顧服務員訓練班（第2期）", 90, 30, "xinying_care", "730", "新營樂齡照護協會 教室",
                       "長期照顧基本知識、身體照顧技巧與臨床實習。", ("songbo_ltc",)),
        CourseTemplate("照顧服務員訓練班（第3期）", 90, 30, "vtc", "700", VTC_VENUE + " 照護教室",
                       "長期照顧基本知識、身體照顧技巧與臨床實習。", ("anxin_homecare", "kangning_nursing")),
        CourseTemplate("照顧服務員訓練班（新住民專班）", 90, 28, "longcare", "711", "歸仁區公所 社區活動中心",
                       "專為新住民開設，提供華語輔助教材與照顧實務訓練。",
                       ("kangning_nursing", "anxin_homecare"), target_groups=("new_immigrant",)),
        CourseTemplate("照顧服務員訓練班（第4期）", 90, 30, "xinying_care", "722", "佳里區 社區照顧關懷據點",
                       "長期照顧基本知識、身體照顧技巧與臨床實習。", ("songbo_ltc",)),
        CourseTemplate("照顧服務員訓練班（第5期）", 90, 30, "longcare", "741", "善化區 長照服務據點",
                       "長期照顧基本知識、身體照顧技巧與臨床實習。", ("anxin_homecare", "songbo_ltc")),
    ),
    IS: (
        CourseTemplate("職場溝通與領導實務班", 36, 30, "vtc", "700", VTC_VENUE + " 第二教室",
                       "跨部門溝通、團隊領導與衝突管理。"),
        CourseTemplate("Excel 資料分析應用班", 42, 30, "anping_digital", "708", "安平數位學習 電腦教室 A",
                       "函數、樞紐分析與圖表，快速整理工作資料。"),
        CourseTemplate("職業安全衛生管理實務班", 48, 30, "vtc", "700", VTC_VENUE + " 第一教室",
                       "風險評估、危害辨識與職業安全衛生管理系統。"),
        CourseTemplate("品質管理與 ISO 實務班", 45, 28, "fucheng_skills", "701", "府城技能培訓 第三教室",
                       "品質管理手法與 ISO 9001 文件實務。"),
        CourseTemplate("社群經營與行動商務班", 30, 30, "anping_digital", "708", "安平數位學習 電腦教室 B",
                       "社群平台經營、短影音與行動支付應用。"),
        CourseTemplate("低壓電工法規與用電安全班", 60, 25, "nanying", "730", "南瀛職業訓練協會 電工教室",
                       "用戶用電設備裝置規則與用電安全檢查。"),
    ),
    L: (
        CourseTemplate("瑜珈入門班", 24, 25, "nanmen", "700", "南門勞工育樂中心 韻律教室", "伸展、呼吸與核心肌群訓練。"),
        CourseTemplate("國際標準舞班", 36, 24, "nanmen", "700", "南門勞工育樂中心 韻律教室", "華爾滋、探戈與恰恰基本舞步。"),
        CourseTemplate("烏克麗麗初級班", 24, 20, "nanmen", "700", "南門勞工育樂中心 音樂教室", "和弦、節奏與自彈自唱。"),
        CourseTemplate("書法研習班", 30, 22, "nanmen", "700", "南門勞工育樂中心 研習教室", "楷書與行書的筆法與結構。"),
        CourseTemplate("數位攝影入門班", 24, 25, "nanmen", "700", "南門勞工育樂中心 研習教室", "相機操作、構圖與手機攝影。"),
        CourseTemplate("日語會話入門班", 36, 28, "nanmen", "700", "南門勞工育樂中心 語文教室", "五十音與日常會話。"),
        CourseTemplate("手作皮革工藝班", 18, 20, "nanmen", "700", "南門勞工育樂中心 手作教室", "皮革裁切、縫製與零錢包製作。"),
        CourseTemplate("太極拳養生班", 24, 30, "nanmen", "700", "南門勞工育樂中心 韻律教室", "太極拳基本功與養生保健。"),
    ),
}  # fmt: skip
# Open for applications; (template, category, admission mode, number of applicants).
OPEN_COURSES: tuple[tuple[CourseTemplate, str, str, int], ...] = (
    (CourseTemplate("智慧製造機電整合班", 640, 25, "vtc", "700", VTC_VENUE + " 自動化實驗室",
                    "感測器、PLC、機器手臂與物聯網整合應用，結訓輔導就業。"),
     U, AdmissionMode.SCREENING, 12),
    (CourseTemplate("門市服務人員養成班", 300, 24, "fucheng_skills", "701", "府城技能培訓 東區教學中心",
                    "門市營運、顧客服務、收銀與商品陳列實務。", target_groups=("middle_aged",)),
     U, AdmissionMode.FIRST_COME, 9),
    (CourseTemplate("照顧服務員訓練班", 90, 20, "longcare", "710", "臺南長期照顧發展基金會 永康教室",
                    "長期照顧基本知識、身體照顧技巧與臨床實習。"),
     C, AdmissionMode.FIRST_COME, 24),
    (CourseTemplate("職場 AI 工具應用班", 30, 30, "anping_digital", "708", "安平數位學習 電腦教室 A",
                    "生成式 AI 工具於文書、簡報與資料整理的應用。"),
     IS, AdmissionMode.FIRST_COME, 8),
    (CourseTemplate("瑜珈入門班", 24, 25, "nanmen", "700", "南門勞工育樂中心 韻律教室",
                    "伸展、呼吸與核心肌群訓練。"),
     L, AdmissionMode.FIRST_COME, 17),
    (CourseTemplate("烏克麗麗初級班", 24, 20, "nanmen", "700", "南門勞工育樂中心 音樂教室",
                    "和弦、節奏與自彈自唱。"),
     L, AdmissionMode.FIRST_COME, 5),
)  # fmt: skip

# TTQS: (unit, year, total). Bands shipped: pass 50, bronze 58, silver 66, gold 74, platinum 84.
TTQS_RESULTS = (
    *(("vtc", y, t) for y, t in zip(range(2011, 2020), (75, 76, 76, 77, 78, 79, 80, 81, 82), strict=True)),
    ("nanmen", 2013, 70),
    *(("nanmen", y, t) for y, t in zip(range(2014, 2020), (74, 75, 76, 77, 78, 79), strict=True)),
    ("nanying", 2017, 62), ("nanying", 2018, 67), ("nanying", 2019, 70),
    ("longcare", 2018, 60), ("longcare", 2019, 68),
    ("fucheng_skills", 2019, 63),
    ("anping_digital", 2019, 55),
)  # fmt: skip

DISTRICT_WEIGHTS = {
    "710": 12, "709": 10, "701": 9, "704": 8, "702": 7, "700": 6, "708": 4, "717": 5, "711": 4,
    "730": 5, "722": 3, "741": 3, "744": 2, "712": 2, "721": 2, "745": 1, "718": 1, "737": 1,
    "736": 1, "732": 1, "734": 1, "726": 1, "723": 1, "720": 1,
}  # fmt: skip
STREETS = ("中正路", "中山路", "民生路", "民族路", "成功路", "和平路", "建國路", "復興路", "光明街",
           "忠孝街", "仁愛路", "信義街", "長榮路", "大同路", "文化路", "自強街")  # fmt: skip
DISTRICT_NAMES = {postcode: zh for postcode, zh, _ in DISTRICTS}
PA_NOTES = ("臨時工作津貼", "多元就業開發方案")


# --- the plan ---------------------------------------------------------------------------------
@dataclass
class PersonSpec:
    """A trainee: who they are and what they declared."""

    id_number: str
    name: str
    sex: str
    birth_date: date
    phone: str
    email: str
    postcode: str
    address: str
    registered_in_city: bool
    disability_category: str
    target_groups: tuple[str, ...]


@dataclass
class FollowUpSpec:
    """A job found after training (a labour-insurance enrolment)."""

    insured_on: date
    source: str
    channel: str = InsuranceChannel.REGULAR
    employer: str = ""  # an employer key, or empty with ``employer_name``
    employer_name: str = ""
    public_assistance: bool = False
    confirmed_on: date | None = None
    note: str = ""


@dataclass
class EnrollmentSpec:
    """One application and, for an attendee, how the training ended."""

    person: PersonSpec
    applied_at: datetime | None = None  # backdated application time (2019 courses)
    withdraw: bool = False
    outcome: str = ""  # completed / dropped / early_employed, for attendees
    hours_attended: int | None = None
    left_on: date | None = None
    followups: list[FollowUpSpec] = field(default_factory=list)


@dataclass
class CourseSpec:
    """A course and its applicants, in application order."""

    code: str
    template: CourseTemplate
    category: str
    starts_on: date
    ends_on: date
    deadline: date
    admission_mode: str
    status: str
    subsidy: int
    fee: int
    applicants: list[EnrollmentSpec] = field(default_factory=list)

    @property
    def attendees(self) -> list[EnrollmentSpec]:
        """Who will be admitted after withdrawals: the services fill a freed seat from the waitlist."""
        seated = [e for e in self.applicants[: self.template.capacity] if not e.withdraw]
        waiting = self.applicants[self.template.capacity :]
        return seated + waiting[: self.template.capacity - len(seated)]


@dataclass
class Plan:
    """The whole dataset as plain data."""

    people: list[PersonSpec]
    courses: list[CourseSpec]
    ttqs: list[tuple[str, int, list[int], date, str]]

    @property
    def past_courses(self) -> list[CourseSpec]:
        return [c for c in self.courses if c.status == CourseStatus.FINISHED]

    @property
    def open_courses(self) -> list[CourseSpec]:
        return [c for c in self.courses if c.status == CourseStatus.OPEN]


def open_year(today: date | None = None) -> int:
    """The year the open courses run in: 2027, or the next year once that is no longer ahead."""
    today = today or timezone.localdate()
    return max(2027, today.year + 1)


class _Planner:
    """Draws people and schedules from one random stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.names = core_demo.NameGenerator(rng)
        self.used_ids: set[str] = set()
        self.people: list[PersonSpec] = []
        self._postcodes = list(DISTRICT_WEIGHTS)
        self._postcode_weights = list(DISTRICT_WEIGHTS.values())
        self.returning: list[PersonSpec] = []  # in-service and leisure learners who come back

    # people ------------------------------------------------------------------------------
    def person(self, *, on: date, ages: tuple[int, int], female_share: float = 0.5,
               groups: tuple[str, ...] = (), immigrant_share: float = 0.02) -> PersonSpec:  # fmt: skip
        rng = self.rng
        immigrant = "new_immigrant" in groups or rng.random() < immigrant_share
        sex = "F" if rng.random() < (0.92 if immigrant else female_share) else "M"
        age = rng.randint(*ages)
        while True:
            if immigrant and rng.random() < 0.6:
                id_number = core_demo.resident_id(rng, sex, rng.choice("DDR"))
            else:
                letter = rng.choices("DREASTB", weights=(58, 30, 4, 2, 2, 2, 2))[0]
                id_number = core_demo.national_id(rng, sex, letter)
            if id_number not in self.used_ids:
                break
        self.used_ids.add(id_number)
        name = (
            self.names.immigrant_name()
            if immigrant and id_number[1] in "89"
            else self.names.name(sex)
        )
        tags = set(groups)
        if immigrant:
            tags.add("new_immigrant")
        if age <= 29:
            tags.add("youth")
        if 45 <= age <= 64:
            tags.add("middle_aged")
        disability = ""
        if "disabled" in tags or rng.random() < 0.03:
            tags.add("disabled")
            disability = rng.choice([c.value for c in DisabilityCategory if c.value])
        if rng.random() < 0.04:
            tags.add("low_income")
        if not immigrant and rng.random() < 0.02:
            tags.add("indigenous")
        postcode = rng.choices(self._postcodes, weights=self._postcode_weights)[0]
        district_name = DISTRICT_NAMES[postcode]
        spec = PersonSpec(
            id_number=id_number,
            name=name,
            sex=sex,
            birth_date=core_demo.birth_date(rng, age, on),
            phone=core_demo.mobile(rng),
            email=f"trainee{len(self.people) + 1:04d}@example.com" if rng.random() < 0.45 else "",
            postcode=postcode,
            address=f"臺南市{district_name}{rng.choice(STREETS)}{rng.randint(1, 420)}號",
            registered_in_city=rng.random() < 0.93,
            disability_category=disability,
            target_groups=tuple(sorted(tags)),
        )
        self.people.append(spec)
        return spec

    # courses -----------------------------------------------------------------------------
    def schedule(self, category: str, hours: int, year: int, earliest: date) -> tuple[date, date]:
        weeks = math.ceil(hours / WEEKLY_HOURS[category])
        last_start = date(year, 12, 20) - timedelta(weeks=weeks)
        first_monday = earliest + timedelta(days=(7 - earliest.weekday()) % 7)
        span = max(0, (last_start - first_monday).days // 7)
        starts = first_monday + timedelta(weeks=self.rng.randint(0, span))
        return starts, starts + timedelta(weeks=weeks, days=-3)

    def money(self, category: str, hours: int) -> tuple[int, int]:
        rng = self.rng
        if category == U:
            return round(hours * rng.randint(72, 95), -2), 0
        if category == C:
            return 10800, 0
        if category == IS:
            cost = round(hours * rng.randint(90, 130), -2)
            return round(cost * 0.8, -1), round(cost * 0.2, -1)
        return 600, rng.choice((1000, 1200, 1500, 1800))

    def applicants_for(self, course: CourseSpec, on: date, *, count: int) -> None:
        t = course.template
        groups = t.target_groups
        for _ in range(count):
            if course.category == U:
                ages = (
                    (45, 63)
                    if "middle_aged" in groups
                    else (18, 29)
                    if "youth" in groups
                    else (19, 60)
                )
                p = self.person(on=on, ages=ages, female_share=0.45, groups=groups)
            elif course.category == C:
                p = self.person(
                    on=on, ages=(28, 62), female_share=0.82, groups=groups, immigrant_share=0.1
                )
            else:
                taken = {a.person.id_number for a in course.applicants}
                reuse = [x for x in self.returning if x.id_number not in taken]
                if reuse and self.rng.random() < 0.18:
                    p = self.rng.choice(reuse)
                else:
                    p = self.person(
                        on=on, ages=(23, 62), female_share=0.6 if course.category == L else 0.45
                    )
                    self.returning.append(p)
            course.applicants.append(EnrollmentSpec(person=p))


def build_plan(today: date | None = None) -> Plan:
    """The whole demo dataset as data, from ``random.Random(2019)``."""
    rng = random.Random(DEMO_YEAR)
    planner = _Planner(rng)
    courses: list[CourseSpec] = []
    roc = DEMO_YEAR - 1911
    for category, templates in COURSES_2019.items():
        for n, t in enumerate(templates, start=1):
            starts, ends = planner.schedule(category, t.hours, DEMO_YEAR, date(DEMO_YEAR, 1, 7))
            subsidy, fee = planner.money(category, t.hours)
            mode = AdmissionMode.SCREENING if category == U else AdmissionMode.FIRST_COME
            course = CourseSpec(
                code=f"{roc}{CATEGORY_LETTER[category]}{n:02d}", template=t, category=category,
                starts_on=starts, ends_on=ends, deadline=starts - timedelta(days=10),
                admission_mode=mode, status=CourseStatus.FINISHED, subsidy=subsidy, fee=fee,
            )  # fmt: skip
            if category == U:
                count = t.capacity + rng.randint(2, 9)
            elif category == C:
                count = t.capacity + rng.randint(0, 4)
            else:
                count = (
                    t.capacity
                    - rng.randint(0, 5)
                    + (rng.randint(1, 4) if rng.random() < 0.3 else 0)
                )
            planner.applicants_for(course, starts, count=count)
            # One or two admitted applicants withdraw before training starts.
            for e in rng.sample(course.applicants[: t.capacity], k=rng.choice((0, 1, 1, 2))):
                e.withdraw = True
            _backdate_applications(rng, course)
            courses.append(course)
    _assign_outcomes(rng, [c for c in courses if c.category in (U, C)])
    _assign_leisure_outcomes(rng, [c for c in courses if c.category in (IS, L)])

    ttqs = []
    for unit, year_, total in TTQS_RESULTS:
        scores = ttqs_scores(rng, total)
        evaluated_on = date(year_, rng.randint(5, 10), rng.randint(1, 28))
        assessors = "、".join(planner.names.name(rng.choice("MF")) for _ in range(2))
        ttqs.append((unit, year_, scores, evaluated_on, assessors))

    year = open_year(today)
    counters: Counter[str] = Counter()
    for t, category, mode, count in OPEN_COURSES:
        counters[category] += 1
        # The spring intake: pre-employment classes start in the first week of March, the
        # others within the following two months.
        first_monday = date(year, 3, 1) + timedelta(days=(7 - date(year, 3, 1).weekday()) % 7)
        starts = first_monday + timedelta(weeks=0 if category in (U, C) else rng.randint(1, 8))
        ends = starts + timedelta(weeks=math.ceil(t.hours / WEEKLY_HOURS[category]), days=-3)
        subsidy, fee = planner.money(category, t.hours)
        course = CourseSpec(
            code=f"{year - 1911}{CATEGORY_LETTER[category]}{counters[category]:02d}", template=t,
            category=category, starts_on=starts, ends_on=ends, deadline=starts - timedelta(days=14),
            admission_mode=mode, status=CourseStatus.OPEN, subsidy=subsidy, fee=fee,
        )  # fmt: skip
        planner.applicants_for(course, starts, count=count)
        courses.append(course)

    return Plan(people=planner.people, courses=courses, ttqs=ttqs)


def _backdate_applications(rng: random.Random, course: CourseSpec) -> None:
    """Application times in the month before the deadline, in application order."""
    tz = timezone.get_default_timezone()
    first = course.deadline - timedelta(days=30)
    offsets = sorted(rng.randrange(30 * 9 * 60) for _ in course.applicants)
    for e, minutes in zip(course.applicants, offsets, strict=True):
        day, minute = divmod(minutes, 9 * 60)
        e.applied_at = datetime.combine(
            first + timedelta(days=day), time(9), tzinfo=tz
        ) + timedelta(minutes=minute)


def ttqs_scores(rng: random.Random, total: int) -> list[int]:
    """19 indicator scores (1–5; 0–5 for the outcome indicators 17–19) adding up to ``total``."""
    scores = [4] * 19
    diff = total - sum(scores)
    while diff:
        i = rng.randrange(19)
        if diff > 0 and scores[i] < 5:
            scores[i] += 1
            diff -= 1
        elif diff < 0 and scores[i] > 2:
            scores[i] -= 1
            diff += 1
    return scores


def _days_into(course: CourseSpec, share: float) -> date:
    return course.starts_on + timedelta(days=int((course.ends_on - course.starts_on).days * share))


def _assign_outcomes(rng: random.Random, courses: list[CourseSpec]) -> None:
    """Completed, dropped and early-employed trainees, and follow-ups that give the target rates."""
    for category in (U, C):
        pool = [(c, e) for c in courses if c.category == category for e in c.attendees]
        rng.shuffle(pool)
        n = len(pool)
        n_drop = round(n * (0.06 if category == U else 0.04))
        n_early = round(n * (0.09 if category == U else 0.05))
        for i, (course, e) in enumerate(pool):
            hours = course.template.hours
            if i < n_drop:
                share = rng.uniform(0.1, 0.45)
                e.outcome, e.hours_attended, e.left_on = (
                    S.DROPPED,
                    int(hours * share),
                    _days_into(course, share),
                )
            elif i < n_drop + n_early:
                share = rng.uniform(0.55, 0.9)
                e.outcome, e.hours_attended, e.left_on = (
                    S.EARLY_EMPLOYED,
                    math.ceil(hours * share),
                    _days_into(course, share),
                )
            else:
                e.outcome, e.hours_attended = S.COMPLETED, hours - rng.randint(0, hours // 12)
        completers = [(c, e) for c, e in pool if e.outcome == S.COMPLETED]
        early = [(c, e) for c, e in pool if e.outcome == S.EARLY_EMPLOYED]
        pa = PUBLIC_ASSISTANCE[category]
        denominator = len(completers) + len(early) - pa
        counted = round(TARGET_RATE[category] * denominator) - len(early) + pa
        for course, e in early:
            e.followups.append(
                _job(
                    rng,
                    course,
                    e.left_on - timedelta(days=rng.randint(0, 3)),
                    EmploymentSource.INSURANCE,
                )
            )
        for i, (course, e) in enumerate(completers):
            end = course.ends_on
            if i < pa:
                f = _job(
                    rng,
                    course,
                    end + timedelta(days=rng.randint(5, 60)),
                    EmploymentSource.INSURANCE,
                )
                f.public_assistance, f.note, f.employer, f.employer_name = (
                    True,
                    rng.choice(PA_NOTES),
                    "",
                    "臺南市政府社會局（以工代賑）",
                )
                e.followups.append(f)
            elif i < counted:
                roll = rng.random()
                if roll < 0.1:  # confirmed by hand in TIMS, 91–118 days after completion
                    insured = end + timedelta(days=rng.randint(91, 115))
                    f = _job(rng, course, insured, EmploymentSource.MANUAL)
                    f.confirmed_on = min(
                        insured + timedelta(days=rng.randint(1, 5)), end + timedelta(days=120)
                    )
                    f.note = "TIMS 人工確認"
                else:
                    source = EmploymentSource.ROSTER if roll < 0.22 else EmploymentSource.INSURANCE
                    f = _job(
                        rng,
                        course,
                        end + timedelta(days=rng.choice((1, 3, 7, 14, 21, 30, 45, 60, 75, 88))),
                        source,
                    )
                e.followups.append(f)
                if rng.random() < 0.08:  # a later change of job
                    e.followups.append(
                        _job(
                            rng,
                            course,
                            f.insured_on + timedelta(days=rng.randint(150, 300)),
                            EmploymentSource.INSURANCE,
                        )
                    )
            else:
                roll = rng.random()
                excluded = course.template.excluded_channel
                if roll < (0.55 if excluded else 0.2):
                    f = _job(
                        rng,
                        course,
                        end + timedelta(days=rng.randint(5, 80)),
                        EmploymentSource.INSURANCE,
                    )
                    f.channel = excluded or UNION
                    f.note = (
                        "職業工會加保，不列計就業" if f.channel == UNION else "農會加保，不列計就業"
                    )
                    e.followups.append(f)
                elif roll < 0.8:
                    f = _job(
                        rng,
                        course,
                        end + timedelta(days=rng.randint(125, 220)),
                        EmploymentSource.INSURANCE,
                    )
                    f.note = "結訓 90 日後始就業"
                    e.followups.append(f)
        for course, e in pool:
            if e.outcome == S.DROPPED and rng.random() < 0.3:
                e.followups.append(
                    _job(
                        rng,
                        course,
                        e.left_on + timedelta(days=rng.randint(3, 40)),
                        EmploymentSource.INSURANCE,
                    )
                )


def _job(rng: random.Random, course: CourseSpec, insured_on: date, source: str) -> FollowUpSpec:
    employers = course.template.employers
    if employers and rng.random() < 0.7:
        return FollowUpSpec(insured_on=insured_on, source=source, employer=rng.choice(employers))
    trade = course.template.title.split("班")[0].split("（")[0][:6]
    place = rng.choice(("府城", "南瀛", "大臺南", "安南", "永康", "新營", "赤崁", "鹽水"))
    return FollowUpSpec(insured_on=insured_on, source=source, employer_name=f"{place}{trade}企業社")


def _assign_leisure_outcomes(rng: random.Random, courses: list[CourseSpec]) -> None:
    for course in courses:
        hours = course.template.hours
        for e in course.attendees:
            if rng.random() < 0.08:
                share = rng.uniform(0.1, 0.6)
                e.outcome, e.hours_attended, e.left_on = (
                    S.DROPPED,
                    int(hours * share),
                    _days_into(course, share),
                )
            else:
                e.outcome, e.hours_attended = S.COMPLETED, hours - rng.choice((0, 0, 0, 3, 3, 6))


# --- writing it -------------------------------------------------------------------------------
def is_loaded() -> bool:
    return Course.objects.filter(code=MARKER_CODE).exists()


def _organizations(actor, rng: random.Random) -> dict[str, Organization]:
    districts = {d.postcode: d for d in District.objects.all()}
    industries = {i.code: i for i in Industry.objects.filter(revision="11")}
    orgs: dict[str, Organization] = {}
    for spec in (*BUREAU_UNITS, *PROVIDERS, *EMPLOYERS):
        ubn = None if spec.bureau else core_demo.ubn(rng)
        while ubn and Organization.objects.filter(ubn=ubn).exclude(name=spec.name).exists():
            ubn = core_demo.ubn(rng)
        existing = Organization.objects.filter(name=spec.name).first()
        if existing is not None:
            orgs[spec.key] = existing
            continue
        orgs[spec.key] = create_organization(
            actor, name=spec.name, kind=spec.kind, ubn=ubn, industry=industries[spec.industry],
            district=districts[spec.postcode], address=spec.address, is_bureau_unit=spec.bureau,
            responsible_person=spec.responsible, employee_count=spec.employees,
            context="demo dataset",
        )  # fmt: skip
    return orgs


def load(users: dict, *, today: date | None = None) -> dict[str, int]:
    """Write the plan through the services. Call inside one transaction. Returns counts."""
    clerk, case_manager, supervisor = users["clerk"], users["case_manager"], users["supervisor"]
    plan = build_plan(today)
    rng = random.Random(DEMO_YEAR + 1)  # UBNs; independent of the plan's stream
    orgs = _organizations(supervisor, rng)
    districts = {d.postcode: d for d in District.objects.all()}
    groups = {g.code: g for g in TargetGroup.objects.all()}

    # Trainees of 2019 were registered at the counter; applicants to the open courses register
    # themselves when they apply on the portal.
    counter = {e.person.id_number for c in plan.past_courses for e in c.applicants}
    registered = {
        v for ids in _batches([p.id_number for p in plan.people])
        for v in Person.objects.filter(id_number__in=ids).values_list("id_number", flat=True)
    }  # fmt: skip
    for spec in plan.people:
        if (
            spec.id_number in counter
            and spec.id_number not in registered
            and find_person(spec.id_number) is None
        ):
            create_person(
                clerk, id_number=spec.id_number, name=spec.name, birth_date=spec.birth_date,
                sex=spec.sex, phone=spec.phone, email=spec.email, district=districts[spec.postcode],
                address=spec.address, registered_in_city=spec.registered_in_city,
                disability_category=spec.disability_category,
                target_groups=[groups[g] for g in spec.target_groups], context="counter registration",
            )  # fmt: skip

    counts: Counter[str] = Counter()
    for cs in plan.courses:
        counts.update(_load_course(cs, orgs, districts, groups, clerk, case_manager))
    for unit, year, scores, evaluated_on, assessors in plan.ttqs:
        if TTQSEvaluation.objects.filter(organization=orgs[unit], year=year).exists():
            continue
        services.record_ttqs_evaluation(
            supervisor, organization=orgs[unit], year=year, form_type=TTQSFormType.PROVIDER,
            scores=scores, assessor=assessors, evaluated_on=evaluated_on,
        )  # fmt: skip
    counts["organizations"] = len(orgs)
    counts["people"] = sum(
        Person.objects.filter(id_number__in=ids).count()
        for ids in _batches([p.id_number for p in plan.people])
    )
    counts["ttqs"] = len(plan.ttqs)
    counts["courses"] = len(plan.courses)
    return dict(counts)


def _applicant(spec: PersonSpec, districts) -> services.Applicant:
    return services.Applicant(
        id_number=spec.id_number, name=spec.name, birth_date=spec.birth_date, sex=spec.sex,
        phone=spec.phone, email=spec.email, district=districts[spec.postcode], address=spec.address,
    )  # fmt: skip


def _load_course(cs: CourseSpec, orgs, districts, groups, clerk, case_manager) -> Counter[str]:
    t = cs.template
    course = services.create_course(
        clerk, code=cs.code, title=t.title, category=cs.category, provider=orgs[t.provider],
        description=t.description, hours=t.hours, capacity=t.capacity, starts_on=cs.starts_on,
        ends_on=cs.ends_on, application_deadline=cs.deadline, district=districts[t.postcode],
        venue=t.venue, subsidy=cs.subsidy, trainee_fee=cs.fee, admission_mode=cs.admission_mode,
        status=CourseStatus.OPEN, target_groups=[groups[g] for g in t.target_groups],
        context="demo dataset",
    )  # fmt: skip
    counts: Counter[str] = Counter()
    past = cs.status == CourseStatus.FINISHED
    enrollments: list[Enrollment] = []
    for spec in cs.applicants:
        if past:
            enrollment = services.apply(
                clerk, course, _applicant(spec.person, districts), channel="counter"
            )
        else:
            enrollment = services.apply(
                None, course, _applicant(spec.person, districts), channel="portal"
            )
        enrollments.append(enrollment)
    counts["enrollments"] += len(enrollments)
    if not past:
        return counts

    by_spec = dict(zip(map(id, cs.applicants), enrollments, strict=True))
    if cs.admission_mode == AdmissionMode.SCREENING:
        for i, enrollment in enumerate(enrollments):
            if i < t.capacity:
                services.admit(clerk, enrollment)
            else:
                services.put_on_waitlist(clerk, enrollment)
    for spec in cs.applicants:
        if spec.withdraw:
            services.withdraw(clerk, by_spec[id(spec)])
    if cs.admission_mode == AdmissionMode.SCREENING:  # freed seats go down the waitlist
        for spec in cs.applicants[t.capacity :][: sum(e.withdraw for e in cs.applicants)]:
            services.admit(clerk, by_spec[id(spec)])
    attendees = cs.attendees
    seated = set(
        Enrollment.objects.filter(course=course, status=S.ADMITTED).values_list(
            "person__id_number", flat=True
        )
    )
    if seated != {a.person.id_number for a in attendees}:
        raise RuntimeError(f"demo plan and admissions disagree for {cs.code}")
    course = services.update_course(
        clerk, course, status=CourseStatus.IN_PROGRESS, context="demo dataset"
    )
    for spec in attendees:
        services.start_attending(clerk, by_spec[id(spec)])
    for spec in attendees:
        services.record_outcome(
            clerk,
            by_spec[id(spec)],
            spec.outcome,
            hours_attended=spec.hours_attended,
            on=spec.left_on,
        )
    services.update_course(clerk, course, status=CourseStatus.FINISHED, context="demo dataset")
    for spec in attendees:
        for f in spec.followups:
            services.record_followup(
                case_manager, by_spec[id(spec)], insured_on=f.insured_on, source=f.source,
                employer=orgs[f.employer] if f.employer else None, employer_name=f.employer_name,
                insurance_channel=f.channel, public_assistance=f.public_assistance,
                confirmed_on=f.confirmed_on, note=f.note,
            )  # fmt: skip
            counts["followups"] += 1
    # Historical application times: the services stamp "now"; these courses ran in 2019.
    tz = timezone.get_default_timezone()
    updates = []
    for spec in cs.applicants:
        enrollment = by_spec[id(spec)]
        enrollment.applied_at = spec.applied_at
        if cs.admission_mode == AdmissionMode.SCREENING:
            enrollment.decided_at = datetime.combine(
                cs.deadline + timedelta(days=3), time(10), tzinfo=tz
            )
        else:
            enrollment.decided_at = spec.applied_at
        updates.append(enrollment)
    Enrollment.objects.bulk_update(updates, ["applied_at", "decided_at"])
    return counts


# --- removing it ------------------------------------------------------------------------------
def _batches(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _demo_courses(plan: Plan, orgs: list[Organization]):
    """The demo courses: the 2019 ones by code, and the open ones of whichever year they were loaded."""
    open_codes = "|".join(sorted({c.code[3:] for c in plan.open_courses}))
    return Course.objects.filter(provider__in=orgs).filter(
        Q(code__in=[c.code for c in plan.past_courses])
        | Q(
            code__regex=rf"^1[0-9]{{2}}({open_codes})$",
            starts_on__year__gte=open_year(date(2026, 1, 1)),
        )
    )


def remove() -> dict[str, int]:
    """Delete the demo rows and their audit entries; other records are left alone.

    Demo people and organizations that other records refer to (someone enrolled a demo trainee
    in a course of their own, say) are kept.
    """
    plan = build_plan()
    names = [s.name for s in (*BUREAU_UNITS, *PROVIDERS, *EMPLOYERS)]
    orgs = list(Organization.objects.filter(name__in=names))
    courses = _demo_courses(plan, orgs)
    enrollments = Enrollment.objects.filter(course__in=courses)
    followups = EmploymentFollowUp.objects.filter(enrollment__in=enrollments)
    evaluations = TTQSEvaluation.objects.filter(organization__in=orgs)
    removed: dict[type, list[int]] = {
        EmploymentFollowUp: list(followups.values_list("pk", flat=True)),
        Enrollment: list(enrollments.values_list("pk", flat=True)),
        Course: list(courses.values_list("pk", flat=True)),
        TTQSEvaluation: list(evaluations.values_list("pk", flat=True)),
    }
    for model in (EmploymentFollowUp, Enrollment, Course, TTQSEvaluation):
        for ids in _batches(removed[model]):
            model.objects.filter(pk__in=ids).delete()
    removed[Person] = []
    for ids in _batches([p.id_number for p in plan.people]):
        people = Person.objects.filter(id_number__in=ids, enrollments__isnull=True)
        removed[Person] += list(people.values_list("pk", flat=True))
    for ids in _batches(removed[Person]):
        AuditEntry.objects.filter(person_id__in=ids).delete()
        Person.objects.filter(pk__in=ids).delete()
    removed[Organization] = []
    for org in orgs:
        pk = org.pk
        try:
            org.delete()
        except ProtectedError:
            continue
        removed[Organization].append(pk)
    for model, pks in removed.items():
        for ids in _batches([str(pk) for pk in pks]):
            AuditEntry.objects.filter(
                object_type=model._meta.label_lower, object_id__in=ids
            ).delete()
    names = {Organization: "organizations", Person: "people", Course: "courses", Enrollment: "enrollments",
             EmploymentFollowUp: "followups", TTQSEvaluation: "ttqs"}  # fmt: skip
    return {names[model]: len(pks) for model, pks in removed.items()}
