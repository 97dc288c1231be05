"""Choices of the job-matching app (台南工作好找)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Occupation(models.TextChoices):
    """Occupation categories a job seeker recognises (grouped from 職業標準分類)."""

    ADMIN = "admin", _("行政／文書／總機")
    CUSTOMER_SERVICE = "customer_service", _("客服／電話服務")
    SALES = "sales", _("門市／銷售／業務")
    FOOD = "food", _("餐飲／廚務")
    CARE = "care", _("照顧服務／護理")
    HEALTH = "health", _("醫療／健康")
    EDUCATION = "education", _("教育／教保")
    IT = "it", _("資訊／軟體工程")
    ENGINEERING = "engineering", _("工程／研發／技術")
    PRODUCTION = "production", _("製造／作業員／品管")
    CONSTRUCTION = "construction", _("營建／水電／維修")
    LOGISTICS = "logistics", _("物流／倉儲／司機")
    CLEANING = "cleaning", _("清潔／保全／大樓管理")
    FINANCE = "finance", _("會計／財務／金融")
    DESIGN = "design", _("設計／媒體／行銷")
    AGRICULTURE = "agriculture", _("農林漁牧")
    MASSAGE = "massage", _("按摩／美容美髮")
    OTHER = "other", pgettext_lazy("occupation", "其他")


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", _("全職")
    PART_TIME = "part_time", _("兼職")
    SUMMER = "summer", _("暑期工讀")
    INTERNSHIP = "internship", _("實習")
    TEMPORARY = "temporary", _("臨時工")


class SalaryType(models.TextChoices):
    MONTHLY = "monthly", _("月薪")
    HOURLY = "hourly", _("時薪")


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("待審核")
    PUBLISHED = "published", _("刊登中")
    CLOSED = "closed", _("已關閉")
    EXPIRED = "expired", _("已到期")
    REJECTED = "rejected", _("退回")


class ScreenCategory(models.TextChoices):
    """Grounds of discrimination named in 就業服務法 §5(1)."""

    SEX = "sex", _("性別")
    AGE = "age", _("年齡")
    APPEARANCE = "appearance", _("容貌／五官")
    MARITAL = "marital", _("婚姻／懷孕")
    BIRTHPLACE = "birthplace", _("籍貫／出生地／種族")
    DISABILITY = "disability", _("身心障礙")
    ZODIAC = "zodiac", _("星座／血型")
    RELIGION = "religion", _("宗教／思想／黨派")
    UNION = "union", _("工會會員身分")
    ORIENTATION = "orientation", _("性傾向")


class ApplicationStatus(models.TextChoices):
    NEW = "new", _("新應徵")
    PROCESSING = "processing", _("處理中")
    INTERVIEW = "interview", _("面試")
    HIRED = "hired", _("錄取")
    REFUSED = "refused", _("未錄取")
    CANCELLED = "cancelled", _("求職者取消")
    EXPIRED = "expired", _("逾期未處理")


OPEN_APPLICATION_STATUSES = (ApplicationStatus.NEW, ApplicationStatus.PROCESSING, ApplicationStatus.INTERVIEW)


class RefusalReason(models.TextChoices):
    QUALIFICATIONS = "qualifications", _("資格條件不符")
    EXPERIENCE = "experience", _("經驗不足")
    FILLED = "filled", _("職缺已補滿")
    NO_SHOW = "no_show", _("未出席面試")
    SCHEDULE = "schedule", _("工作時間無法配合")
    SALARY = "salary", _("薪資期望不符")
    DECLINED = "declined", _("求職者婉拒")
    OTHER = "other", pgettext_lazy("refusal reason", "其他")


class ApplicationSource(models.TextChoices):
    SEEKER = "seeker", _("求職者自行應徵")
    REFERRAL = "referral", _("就業服務推介")


class AdviceTopic(models.TextChoices):
    JOB_SEARCH = "job_search", _("找工作")
    RESUME = "resume", _("履歷與自傳")
    INTERVIEW = "interview", _("面試準備")
    TRAINING = "training", _("職業訓練")
    RIGHTS = "rights", _("勞動權益")
    ACCOMMODATION = "accommodation", _("職務再設計與輔具")
    OTHER = "other", pgettext_lazy("advice topic", "其他")


class AdviceStatus(models.TextChoices):
    OPEN = "open", _("待回覆")
    ANSWERED = "answered", _("已回覆")
    WITHDRAWN = "withdrawn", _("已撤回")
