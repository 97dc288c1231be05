"""Choices of program 8: occupational-injury case management and housing repair."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InjuryKind(models.TextChoices):
    INJURY = "injury", _("職業傷害")
    DISEASE = "disease", _("職業病")
    COMMUTING = "commuting", _("上下班交通事故")


class Severity(models.TextChoices):
    DEATH = "death", _("死亡")
    DISABILITY = "disability", _("失能")
    INJURY = "injury", _("傷病")


class CaseSource(models.TextChoices):
    ACCIDENT_REPORT = "accident_report", _("職災通報／勞動檢查")
    BLI_REFERRAL = "bli_referral", _("勞保局轉介")
    HOSPITAL = "hospital", _("醫院")
    UNION = "union", _("工會")
    SELF = "self", _("本人或家屬")


class CaseStatus(models.TextChoices):
    INTAKE = "intake", _("收案")
    ASSESSMENT = "assessment", _("需求評估")
    SERVICE_PLAN = "service_plan", _("擬定服務計畫")
    IN_SERVICE = "in_service", _("服務中")
    CLOSURE_REQUESTED = "closure_requested", _("申請結案")
    CLOSED = "closed", _("已結案")


OPEN_STATUSES = (
    CaseStatus.INTAKE,
    CaseStatus.ASSESSMENT,
    CaseStatus.SERVICE_PLAN,
    CaseStatus.IN_SERVICE,
    CaseStatus.CLOSURE_REQUESTED,
)
# The forward path of a case; closure and reopening have their own services.
NEXT_STATUS = {
    CaseStatus.INTAKE: CaseStatus.ASSESSMENT,
    CaseStatus.ASSESSMENT: CaseStatus.SERVICE_PLAN,
    CaseStatus.SERVICE_PLAN: CaseStatus.IN_SERVICE,
}


class ServiceKind(models.TextChoices):
    CONSOLATION = "consolation", _("職災慰問金")
    LEGAL = "legal", _("法令權益諮詢")
    PSYCHOLOGICAL = "psychological", _("心理支持")
    MEDICAL = "medical", _("醫療轉介")
    REHABILITATION = "rehabilitation", _("職能復健")
    RETURN_TO_WORK = "return_to_work", _("復工計畫")
    JOB_REDESIGN = "job_redesign", _("職務再設計轉介")
    HAIRCUT = "haircut", _("義剪")
    CHILDREN = "children", _("子女就學就業協助")
    GOODS = "goods", _("物資致贈")
    HOUSING = "housing", _("房屋修繕轉介")


class ContactMethod(models.TextChoices):
    VISIT = "visit", _("家訪")
    PHONE = "phone", _("電話")
    OFFICE = "office", _("來局面談")
    HOSPITAL = "hospital", _("醫院探視")


class ClosureReason(models.TextChoices):
    RETURNED_ORIGINAL = "returned_original", _("回原雇主復工")
    NEW_JOB = "new_job", _("轉換新工作")
    NOT_WORKING = "not_working", _("未就業，服務需求已滿足")
    DECEASED = "deceased", _("死亡案件，家屬服務完成")
    DECLINED = "declined", _("個案拒絕服務")
    MOVED = "moved", _("遷出本市")


class HouseholdCategory(models.TextChoices):
    INJURED = "injured", _("職災勞工")
    DISADVANTAGED = "disadvantaged", _("弱勢勞工")
    INDIGENOUS = "indigenous", _("原住民勞工")


class RepairStatus(models.TextChoices):
    APPLIED = "applied", _("已申請")
    SURVEYED = "surveyed", _("已會勘")
    APPROVED = "approved", _("核定修繕")
    IN_PROGRESS = "in_progress", _("施工中")
    COMPLETED = "completed", _("完工")
    REJECTED = "rejected", _("不予修繕")


class Trade(models.TextChoices):
    CARPENTRY = "carpentry", _("木工")
    PAINTING = "painting", _("油漆")
    METAL = "metal", _("金屬建築結構")
    MASONRY = "masonry", _("泥水")
    ELECTRICAL = "electrical", _("電氣")
    ALUMINIUM = "aluminium", _("鋁製品製造裝配")
    MEALS = "meals", _("餐飲")


class AttachmentKind(models.TextChoices):
    EVIDENCE = "evidence", _("資格證明")
    SURVEY = "survey", _("會勘照片")
    BEFORE = "before", _("修繕前")
    AFTER = "after", _("修繕後")
    CASE_DOCUMENT = "case_document", _("個案文件")
