"""The demonstration dataset of program 3: the 2019 year of job redesign (新視界客製服務).

The year-end report of 2019 (highlight 三) tells this story, and the dataset reproduces it with
synthetic people: through 職務再設計 — devices and personal assistance fitted to each worker —
five visually impaired people found work in 2019:

* two telephone service staff (電話服務員) at the bureau itself;
* a clerk (文書) at 臺南市立海佃國民中學;
* a property-management clerk (財產管理) at 臺南市立民德國民中學;
* a worker who started as one of the bureau's telephone service staff, passed the city's
  recruitment exam and moved to a clerk's post at the training centre (職訓就服中心) — two
  applications in one year, together under the yearly cap.

Their items are the ones the report lists: 擴視機, 新式點字觸摸顯示器, 手機翻拍架, screen-reading
software, 視力協助員 and 支持性就業服務員. Three further cases show the other categories and
outcomes: 聽打服務 for a hearing-impaired clerk, a workplace ramp (partly approved) for a
wheelchair user who left within three months, and a rejected request for a general-purpose
laptop. The 2019 figure ``accommodation.visually_impaired_employed`` is 5.

:func:`load` writes everything through :mod:`.services` acting as the demo staff of 就業促進科
(``clerk_emp`` takes applications in, ``case_manager_emp`` manages them, ``supervisor_emp``
decides), so every row has its number and its audit entries exactly as in daily use. The
records are recognised later by the context of their creation entries (:data:`DEMO_CONTEXT`).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import router, transaction
from django.db.models.deletion import Collector

from hopehome.core import demo as core_demo
from hopehome.core.choices import AuditAction, OrganizationKind
from hopehome.core.models import AuditEntry, District, Organization, Person, PersonIdentifier
from hopehome.core.services import create_organization, find_person

from . import services
from .choices import ApplicantKind, Category, Impairment, ItemDecision
from .models import RedesignApplication, RedesignItem

DEMO_YEAR = 2019
DEMO_CONTEXT = "job redesign demo dataset"
CLERK, CASE_MANAGER, SUPERVISOR = "clerk_emp", "case_manager_emp", "supervisor_emp"
C, IM, D = Category, Impairment, ItemDecision


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str
    postcode: str
    address: str
    bureau: bool = False
    with_ubn: bool = False


@dataclass(frozen=True)
class PersonSpec:
    key: str
    name: str
    sex: str
    age: int
    impairment: str


@dataclass(frozen=True)
class ItemSpec:
    category: str
    name: str
    description: str
    amount: int
    decision: str = D.APPROVED
    approved: int | None = None  # the reduced amount
    reason: str = ""


@dataclass(frozen=True)
class ApplicationSpec:
    person: str
    employer: str | None
    job_title: str
    workplace: str
    needs: str
    certificate: str
    submitted_on: date
    decided_on: date
    items: tuple[ItemSpec, ...]
    reason: str = ""
    disbursed_on: date | None = None
    employment_start: date | None = None
    followed_up_on: date | None = None
    employed: bool = True
    follow_up_note: str = ""


K = OrganizationKind
BUREAU = OrgSpec(
    "bureau", "臺南市政府勞工局", K.GOVERNMENT, "708", "臺南市安平區永華路二段6號", bureau=True
)
VTC = OrgSpec(
    "vtc", "臺南市職業訓練就業服務中心", K.TRAINING_PROVIDER, "700", "臺南市中西區", bureau=True
)
ORGANIZATIONS = (
    BUREAU,
    VTC,
    OrgSpec("haidian", "臺南市立海佃國民中學", K.SCHOOL, "709", "臺南市安南區"),
    OrgSpec("minde", "臺南市立民德國民中學", K.SCHOOL, "704", "臺南市北區"),
    OrgSpec("jingcheng", "永康精誠電子股份有限公司", K.EMPLOYER, "710", "臺南市永康區中正南路", with_ubn=True),
    OrgSpec("rende_green", "仁德綠能科技股份有限公司", K.EMPLOYER, "717", "臺南市仁德區中山路", with_ubn=True),
    OrgSpec("fucheng_food", "府城好味餐飲有限公司", K.EMPLOYER, "700", "臺南市中西區民族路二段", with_ubn=True),
)  # fmt: skip

PEOPLE = (
    PersonSpec("phone_a", "黃雅筑", "F", 34, IM.VISUAL),
    PersonSpec("phone_b", "蔡明翰", "M", 41, IM.VISUAL),
    PersonSpec("haidian_clerk", "許靜宜", "F", 29, IM.VISUAL),
    PersonSpec("minde_property", "鄭淑華", "F", 46, IM.VISUAL),
    PersonSpec("exam_passer", "楊志遠", "M", 37, IM.VISUAL),
    PersonSpec("hearing", "洪佩珊", "F", 27, IM.HEARING),
    PersonSpec("wheelchair", "邱家豪", "M", 39, IM.MOBILITY),
    PersonSpec("kitchen", "曾建宏", "M", 24, IM.INTELLECTUAL),
)

# Items the report names; prices as quoted by Taiwanese assistive-technology suppliers.
MAGNIFIER = ItemSpec(
    C.DEVICES, "擴視機", "桌上型彩色擴視機，24 吋螢幕，可調放大倍率與對比色。", 48000
)
PORTABLE_MAGNIFIER = ItemSpec(
    C.DEVICES, "擴視機（可攜式）", "可攜式擴視機，盤點財產與至各處室時使用。", 32000
)
SCREEN_READER = ItemSpec(C.DEVICES, "螢幕報讀軟體", "中文螢幕報讀軟體授權一套，含語音合成。", 18000)
BRAILLE = ItemSpec(
    C.DEVICES,
    "新式點字觸摸顯示器",
    "20 方新式點字觸摸顯示器，搭配螢幕報讀軟體摸讀電腦文字。",
    39800,
)
PHONE_STAND = ItemSpec(
    C.DEVICES, "手機翻拍架", "手機翻拍架，拍攝紙本公文後以文字辨識軟體報讀。", 2500
)

APPLICATIONS = (
    # The bureau's first telephone service staffer of the year: later moved to the training centre.
    ApplicationSpec(
        "exam_passer", "bureau", "電話服務員", "臺南市政府勞工局（永華市政中心）",
        "全盲，需以螢幕報讀軟體操作來電紀錄系統，並需協助熟悉諮詢專線作業流程。",
        "身障字第1080003117號", date(2019, 1, 14), date(2019, 1, 30),
        (SCREEN_READER, PHONE_STAND,
         ItemSpec(C.CONDITIONS, "支持性就業服務員", "到職初期陪同熟悉專線作業，32 小時 × 250 元。", 8000)),
        disbursed_on=date(2019, 2, 25), employment_start=date(2019, 2, 11), followed_up_on=date(2019, 5, 13),
        follow_up_note="穩定接聽勞工諮詢專線，並準備參加市府統一招考。",
    ),
    ApplicationSpec(
        "phone_a", "bureau", "電話服務員", "臺南市政府勞工局（永華市政中心）",
        "低視力，閱讀紙本資料與電腦畫面困難；需放大輔具與報讀軟體處理來電紀錄。",
        "身障字第1080011052號", date(2019, 2, 18), date(2019, 3, 8),
        (MAGNIFIER, SCREEN_READER,
         ItemSpec(C.CONDITIONS, "支持性就業服務員", "到職初期陪同適應，40 小時 × 250 元。", 10000)),
        disbursed_on=date(2019, 3, 29), employment_start=date(2019, 3, 4), followed_up_on=date(2019, 6, 10),
        follow_up_note="已能獨立完成來電登錄與轉介，主管表示工作穩定。",
    ),
    ApplicationSpec(
        "phone_b", "bureau", "電話服務員", "臺南市政府勞工局（民治市政中心）",
        "全盲，使用點字與語音操作電腦；查詢紙本資料時需有人協助閱讀。",
        "身障字第1080019874號", date(2019, 3, 25), date(2019, 4, 12),
        (SCREEN_READER, BRAILLE,
         ItemSpec(C.CONDITIONS, "視力協助員", "協助閱讀紙本資料與填寫表單，每週 4 小時 × 24 週 × 200 元。", 19200)),
        disbursed_on=date(2019, 5, 3), employment_start=date(2019, 4, 15), followed_up_on=date(2019, 7, 22),
        follow_up_note="適應良好，專線服務量達單位平均。",
    ),
    ApplicationSpec(
        "haidian_clerk", "haidian", "文書", "臺南市立海佃國民中學 教務處",
        "低視力，公文收發與文書處理需放大閱讀；外出送件時需協助。",
        "身障字第1080024406號", date(2019, 4, 22), date(2019, 5, 10),
        (MAGNIFIER, PHONE_STAND,
         ItemSpec(C.CONDITIONS, "視力協助員", "協助公文分類與外出送件，每週 6 小時 × 20 週 × 200 元。", 24000)),
        disbursed_on=date(2019, 5, 31), employment_start=date(2019, 5, 2), followed_up_on=date(2019, 8, 12),
        follow_up_note="可獨立處理公文收發，學校同仁配合良好。",
    ),
    ApplicationSpec(
        "minde_property", "minde", "財產管理", "臺南市立民德國民中學 總務處",
        "低視力，財產盤點時難以辨識財產標籤與清冊。",
        "身障字第1080038925號", date(2019, 7, 8), date(2019, 7, 26),
        (PORTABLE_MAGNIFIER, PHONE_STAND, SCREEN_READER,
         ItemSpec(C.METHODS, "財產盤點流程調整", "改以大字條碼標籤與語音盤點程式，同事分工核對清冊。", 8600)),
        disbursed_on=date(2019, 8, 23), employment_start=date(2019, 8, 1), followed_up_on=date(2019, 11, 4),
        follow_up_note="完成第一次全校財產盤點。",
    ),
    # After the city's recruitment exam: a clerk's post at the training centre.
    ApplicationSpec(
        "exam_passer", "vtc", "文書", "臺南市職業訓練就業服務中心",
        "通過市府統一招考改任文書工作，需摸讀公文與表格，並需協助處理紙本資料。",
        "身障字第1080003117號", date(2019, 9, 2), date(2019, 9, 20),
        (BRAILLE,
         ItemSpec(C.CONDITIONS, "視力協助員", "協助閱讀紙本公文，每週 4 小時 × 16 週 × 200 元。", 12800)),
        disbursed_on=date(2019, 10, 11), employment_start=date(2019, 9, 16), followed_up_on=date(2019, 12, 17),
        follow_up_note="文書工作穩定，已能獨立以點字顯示器處理公文。",
    ),
    ApplicationSpec(
        "hearing", "jingcheng", "資料登錄員", "永康精誠電子股份有限公司 品保課",
        "重度聽障，參加教育訓練與品質會議時無法聽取內容；產線警示需改為視覺或震動提示。",
        "身障字第1080030517號", date(2019, 6, 3), date(2019, 6, 21),
        (ItemSpec(C.CONDITIONS, "聽打服務", "教育訓練與會議即時聽打，60 小時 × 400 元。", 24000),
         ItemSpec(C.DEVICES, "閃光震動提示器", "產線警示與來電之閃光及震動提示。", 3600)),
        disbursed_on=date(2019, 7, 5), employment_start=date(2019, 6, 10), followed_up_on=date(2019, 9, 16),
        follow_up_note="可參與部門會議，工作穩定。",
    ),
    ApplicationSpec(
        "wheelchair", "rende_green", "組裝作業員", "仁德綠能科技股份有限公司 組裝課",
        "使用輪椅，廠區出入口有階梯；工作台高度不合。",
        "身障字第1080041263號", date(2019, 7, 15), date(2019, 8, 2),
        (ItemSpec(C.ENVIRONMENT, "廠區出入口斜坡道與扶手", "出入口增設斜坡道（坡度 1/12）與雙側扶手。", 68000),
         ItemSpec(C.EQUIPMENT, "電動升降工作台", "可調高度之組裝工作台一張。", 15000, D.REDUCED, 12000,
                  "依市場行情核減。")),
        reason="工作台依三家報價之中位數核減。",
        disbursed_on=date(2019, 8, 30), employment_start=date(2019, 8, 5), followed_up_on=date(2019, 11, 11),
        employed=False, follow_up_note="因家庭照顧需要於到職第 10 週離職；已轉介就業服務站協助再就業，斜坡道留供其他員工使用。",
    ),
    ApplicationSpec(
        "kitchen", "fucheng_food", "廚房助手", "府城好味餐飲有限公司 中央廚房",
        "學習新工作步驟較慢，雇主希望提供電腦以便查看作業說明。",
        "身障字第1080047730號", date(2019, 10, 7), date(2019, 10, 25),
        (ItemSpec(C.EQUIPMENT, "筆記型電腦", "一般筆記型電腦一台。", 32000, D.REJECTED, None,
                  "屬一般辦公設備，非因應障礙所需之調整。"),),
        reason="申請項目為一般性設備，與工作上的障礙無直接關聯；建議改以圖卡化作業流程與支持性就業服務協助。",
    ),
)  # fmt: skip


# --- writing it -------------------------------------------------------------------------------
def _demo_ids(model) -> list[int]:
    """Rows whose creation entry carries the demo context."""
    ids = AuditEntry.objects.filter(
        object_type=model._meta.label_lower, action=AuditAction.CREATE, context=DEMO_CONTEXT
    ).values_list("object_id", flat=True)
    return [int(i) for i in ids if i.isdigit()]


def is_loaded() -> bool:
    return RedesignApplication.objects.filter(pk__in=_demo_ids(RedesignApplication)).exists()


def _organizations(actor, rng: random.Random) -> tuple[dict[str, Organization], int]:
    """The demo's organizations by key (existing ones reused by name), and how many were created."""
    districts = {
        d.postcode: d
        for d in District.objects.filter(postcode__in={s.postcode for s in ORGANIZATIONS})
    }
    orgs: dict[str, Organization] = {}
    created = 0
    for spec in ORGANIZATIONS:
        ubn = None
        if spec.with_ubn:
            ubn = core_demo.ubn(rng)
            while Organization.objects.filter(ubn=ubn).exists():
                ubn = core_demo.ubn(rng)
        existing = Organization.objects.filter(name=spec.name).first()
        if existing is not None:
            orgs[spec.key] = existing
            continue
        orgs[spec.key] = create_organization(
            actor, name=spec.name, kind=spec.kind, ubn=ubn, district=districts.get(spec.postcode),
            address=spec.address, is_bureau_unit=spec.bureau, context=DEMO_CONTEXT,
        )  # fmt: skip
        created += 1
    return orgs, created


def _people(rng: random.Random) -> dict[str, dict]:
    """Identity data of the demo people; identifiers are synthetic and unused in the registry."""
    people = {}
    for spec in PEOPLE:
        id_number = core_demo.national_id(rng, spec.sex, letter="D")
        while find_person(id_number) is not None:
            id_number = core_demo.national_id(rng, spec.sex, letter="D")
        people[spec.key] = {
            "id_number": id_number, "name": spec.name, "sex": spec.sex,
            "birth_date": core_demo.birth_date(rng, spec.age, date(DEMO_YEAR, 1, 1)), "phone": core_demo.mobile(rng),
        }  # fmt: skip
    return people


def load(users: dict) -> dict[str, int]:
    """Write the 2019 applications through the services. Call inside one transaction."""
    clerk, case_manager, supervisor = users[CLERK], users[CASE_MANAGER], users[SUPERVISOR]
    rng = random.Random(DEMO_YEAR + 3)
    orgs, created = _organizations(clerk, rng)
    people = _people(rng)
    impairments = {p.key: p.impairment for p in PEOPLE}
    counts: Counter[str] = Counter(organizations=created)
    known: set[str] = set()
    for spec in APPLICATIONS:
        person = people[spec.person]
        data = {
            "applicant_kind": ApplicantKind.EMPLOYER if spec.employer else ApplicantKind.SELF_EMPLOYED,
            "employer": orgs[spec.employer] if spec.employer else None,
            **person,
            "impairment": impairments[spec.person], "certificate_number": spec.certificate,
            "certificate_valid_until": date(DEMO_YEAR + 5, 6, 30), "job_title": spec.job_title,
            "workplace": spec.workplace, "needs": spec.needs, "submitted_on": spec.submitted_on,
            "case_manager": case_manager,
        }  # fmt: skip
        items = [{"category": i.category, "name": i.name, "description": i.description, "amount_requested": i.amount}
                 for i in spec.items]  # fmt: skip
        application = services.create_application(clerk, data, items, context=DEMO_CONTEXT)
        counts["people"] += spec.person not in known
        known.add(spec.person)
        services.start_review(case_manager, application)
        by_name = {i.name: i for i in spec.items}
        decisions = {
            item.pk: (
                by_name[item.name].decision,
                by_name[item.name].approved,
                by_name[item.name].reason,
            )
            for item in application.items.all()
        }
        application = services.decide(
            supervisor, application, decisions, spec.reason, decided_on=spec.decided_on
        )
        counts["applications"] += 1
        counts["items"] += len(spec.items)
        if spec.employment_start:
            services.record_start(case_manager, application, spec.employment_start)
        if spec.disbursed_on:
            services.disburse(clerk, application, application.approved_total, spec.disbursed_on)
        if spec.followed_up_on:
            services.follow_up(
                case_manager, application, spec.followed_up_on, spec.employed, spec.follow_up_note
            )
    return dict(counts)


def _deletable(obj, allowed: set[type]) -> bool:
    """Whether deleting ``obj`` would delete nothing but rows of the ``allowed`` models."""
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    if any(model not in allowed for model in collector.data):
        return False
    return not any(qs.exists() for qs in collector.fast_deletes if qs.model not in allowed)


@transaction.atomic
def remove() -> dict[str, int]:
    """Delete the demo applications, the people and organizations the demo created (when nothing
    else refers to them), and their audit entries. Other records are left alone."""
    app_ids = list(
        RedesignApplication.objects.filter(pk__in=_demo_ids(RedesignApplication)).values_list(
            "pk", flat=True
        )
    )
    item_ids = list(
        RedesignItem.objects.filter(application_id__in=app_ids).values_list("pk", flat=True)
    )
    RedesignApplication.objects.filter(pk__in=app_ids).delete()
    removed: dict[type, list[int]] = {RedesignApplication: app_ids, RedesignItem: item_ids, Person: [],
                                      Organization: []}  # fmt: skip
    person_allowed = {Person, Person.target_groups.through, PersonIdentifier}
    for person in Person.objects.filter(pk__in=_demo_ids(Person)):
        if _deletable(person, person_allowed):
            removed[Person].append(person.pk)
            person.delete()
    for org in Organization.objects.filter(pk__in=_demo_ids(Organization)):
        if _deletable(org, {Organization}):
            removed[Organization].append(org.pk)
            org.delete()
    for model, pks in removed.items():
        AuditEntry.objects.filter(
            object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in pks]
        ).delete()
    names = {
        RedesignApplication: "applications",
        RedesignItem: "items",
        Person: "people",
        Organization: "organizations",
    }
    return {label: len(removed[model]) for model, label in names.items()}
