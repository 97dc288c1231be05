"""Choices of the registry, and their labels in the active language."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

_LABELS: dict[tuple[object, str], dict[str, str]] = {}


def choice_labels(choices) -> dict[str, str]:
    """``{value: label}`` of ``choices`` (a ``Choices`` class, or a module-level list of
    ``(value, label)`` pairs) in the active language, translated once per language.

    Django's ``get_FOO_display()`` hashes every lazy label of the field's choices on each call,
    which translates them all: twenty results with three such fields cost some 10 ms a page.
    """
    is_class = isinstance(choices, type)
    key = (choices if is_class else id(choices), get_language() or "")
    labels = _LABELS.get(key)
    if labels is None:
        pairs = choices.choices if is_class else choices
        labels = _LABELS[key] = {value: str(label) for value, label in pairs}
    return labels


def choice_label(choices: type[models.Choices], value) -> str:
    """The label of ``value`` in ``choices`` (the value itself if it is not one of them)."""
    return choice_labels(choices).get(value, value)


class IdType(models.TextChoices):
    NATIONAL = "national", _("身分證字號")
    RESIDENT_NEW = "resident_new", _("統一證號（新式）")
    RESIDENT_OLD = "resident_old", _("統一證號（舊式）")


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")
    OTHER = "X", _("其他／不透露")


class DisabilityCategory(models.TextChoices):
    """身心障礙類別 (ICF-based 8 categories of the 身心障礙者權益保障法)."""

    NONE = "", _("無")
    MENTAL = "b1", _("第一類：神經系統構造及精神、心智功能")
    SENSORY = "b2", _("第二類：眼、耳及相關構造與感官功能及疼痛")
    VOICE = "b3", _("第三類：涉及聲音與言語構造及其功能")
    CIRCULATORY = "b4", _("第四類：循環、造血、免疫與呼吸系統構造及其功能")
    DIGESTIVE = "b5", _("第五類：消化、新陳代謝與內分泌系統相關構造及其功能")
    URINARY = "b6", _("第六類：泌尿與生殖系統相關構造及其功能")
    MOVEMENT = "b7", _("第七類：神經、肌肉、骨骼之移動相關構造及其功能")
    SKIN = "b8", _("第八類：皮膚與相關構造及其功能")


class OrganizationKind(models.TextChoices):
    EMPLOYER = "employer", _("事業單位")
    SCHOOL = "school", _("學校")
    UNION = "union", _("工會")
    NGO = "ngo", _("身障團體／非營利組織")
    SHELTERED_WORKSHOP = "sheltered_workshop", _("庇護工場")
    GOVERNMENT = "government", _("政府機關")
    TRAINING_PROVIDER = "training_provider", _("訓練單位")


class Role(models.TextChoices):
    CLERK = "clerk", _("承辦人")
    CASE_MANAGER = "case_manager", _("個案管理員")
    INSPECTOR = "inspector", _("勞動檢查員")
    SUPERVISOR = "supervisor", _("科長／主管")
    DIRECTOR = "director", _("局長")
    ADMINISTRATOR = "administrator", _("系統管理員")


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("刪除")
    VIEW = "view", _("檢視")
    EXPORT = "export", _("匯出")
