"""Choices of program 1: vocational training."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseCategory(models.TextChoices):
    UNEMPLOYED = "unemployed", _("失業者職前訓練")
    CARE_WORKER = "care_worker", _("照顧服務員訓練")
    IN_SERVICE = "in_service", _("在職進修")
    LEISURE = "leisure", _("勞工學苑休閒課程")


# The 訓後就業率 measures pre-employment training; in-service and leisure trainees are already
# employed or not seeking work, so the rate does not apply to them.
EMPLOYMENT_RATE_CATEGORIES = (CourseCategory.UNEMPLOYED, CourseCategory.CARE_WORKER)


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("招生中")
    IN_PROGRESS = "in_progress", _("開訓中")
    FINISHED = "finished", _("已結訓")
    CANCELLED = "cancelled", _("停辦")


class AdmissionMode(models.TextChoices):
    FIRST_COME = "first_come", _("依報名順序錄取")
    SCREENING = "screening", _("甄試後錄取")


class EnrollmentStatus(models.TextChoices):
    APPLIED = "applied", _("已報名")
    ADMITTED = "admitted", _("已錄取")
    WAITLISTED = "waitlisted", _("備取")
    ATTENDING = "attending", _("參訓中")
    COMPLETED = "completed", _("結訓")
    DROPPED = "dropped", _("退訓")
    EARLY_EMPLOYED = "early_employed", _("提前就業")
    WITHDRAWN = "withdrawn", _("取消報名")


# Statuses that hold a seat in the class.
SEAT_HOLDING = (
    EnrollmentStatus.ADMITTED,
    EnrollmentStatus.ATTENDING,
    EnrollmentStatus.COMPLETED,
    EnrollmentStatus.DROPPED,
    EnrollmentStatus.EARLY_EMPLOYED,
)
FINAL_OUTCOMES = (EnrollmentStatus.COMPLETED, EnrollmentStatus.DROPPED, EnrollmentStatus.EARLY_EMPLOYED)


class EmploymentSource(models.TextChoices):
    INSURANCE = "insurance", _("勞保投保資料比對")
    MANUAL = "manual", _("人工確認（TIMS）")
    ROSTER = "roster", _("名冊匯入")
    SELF_REPORT = "self_report", _("學員自述")


class InsuranceChannel(models.TextChoices):
    """How the labour-insurance enrolment was made; only REGULAR counts as employment."""

    REGULAR = "regular", _("一般受僱投保")
    TRAINING = "training", _("訓字號")
    LAYOFF = "layoff", _("裁減續保")
    INJURY = "injury", _("職災續保")
    OCCUPATIONAL_UNION = "occupational_union", _("職業工會")
    FARMERS = "farmers", _("農會")
    FISHERS = "fishers", _("漁會")


class TTQSFormType(models.TextChoices):
    PROVIDER = "provider", _("訓練機構版")
    ENTERPRISE = "enterprise", _("企業機構版")


class TTQSGrade(models.TextChoices):
    FAIL = "fail", _("未通過")
    PASS = "pass", _("通過")
    BRONZE = "bronze", _("銅牌")
    SILVER = "silver", _("銀牌")
    GOLD = "gold", _("金牌")
    PLATINUM = "platinum", _("白金")


GRADE_ORDER = [g.value for g in TTQSGrade]
GOLD_OR_BETTER = (TTQSGrade.GOLD, TTQSGrade.PLATINUM)

# 訓練機構版 indicators (reference labor-law.md §8.2). 17–19 are outcome indicators and may be 0.
TTQS_INDICATORS = [
    ("P", _("訓練機構未來經營方向與目標之訂定")),
    ("P", _("對外明確的訓練政策")),
    ("P", _("明確的PDDRO訓練課程及明確的核心訓練類別")),
    ("P", _("訓練品質管理的系統化文件資料")),
    ("P", _("訓練規劃與經營目標的連結性")),
    ("P", _("訓練機構的行政管理能力與訓練主管相關職能")),
    ("D", _("訓練需求相關的職能分析與應用")),
    ("D", _("訓練方案的系統設計")),
    ("D", _("利益關係人的參與過程")),
    ("D", _("訓練產品或服務的採購程序及甄選標準")),
    ("Do", _("訓練與目標需求的結合")),
    ("Do", _("訓練內涵按計畫執行的程度")),
    ("Do", _("提供學習成果轉移的建議或協助")),
    ("Do", _("訓練資料分類及建檔與管理資訊系統化")),
    ("R", _("評估報告與定期性綜合分析")),
    ("R", _("監控與異常矯正處理")),
    ("O", _("訓練成果評估的多元性與完整性")),
    ("O", _("訓練系統的一般性功能－目標客戶及學員的評價")),
    ("O", _("訓練系統的市場功能－目標市場及顧客的價值創造")),
]
TTQS_OUTCOME_INDICATORS = frozenset({17, 18, 19})
