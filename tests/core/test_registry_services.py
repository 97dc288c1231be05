"""People and organizations: validation, uniqueness, audit, masking, scoping."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hopehome.core import services
from hopehome.core.choices import AuditAction, IdType, OrganizationKind
from hopehome.core.masking import mask_identifier
from hopehome.core.models import AuditEntry, Organization, Person, PersonIdentifier


def test_mask_identifier_keeps_three_characters_each_side():
    assert mask_identifier("A123456789") == "A12****789"
    assert mask_identifier("") == ""


def test_it_creates_a_person_with_the_detected_id_type_and_an_audit_entry(clerk):
    person = services.create_person(clerk, id_number="ｄ１２３４５６７８２", name=" 王小明 ")
    assert person.id_number == "D123456782"
    assert person.id_type == IdType.NATIONAL
    assert person.name == "王小明"
    entry = AuditEntry.objects.get(object_type="core.person", object_id=str(person.pk))
    assert entry.action == AuditAction.CREATE
    assert entry.actor == clerk
    assert entry.changes["after"]["id_number"] == "D123456782"


def test_it_rejects_a_bad_id_checksum_and_changes_nothing(clerk):
    with pytest.raises(ValidationError) as exc:
        services.create_person(clerk, id_number="A123456788", name="王小明")
    assert "id_number" in exc.value.message_dict
    assert Person.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_one_person_per_identifier_including_former_identifiers(clerk):
    person = services.create_person(clerk, id_number="A800000014", name="Nguyen Van A")
    with pytest.raises(ValidationError) as exc:
        services.create_person(clerk, id_number="A800000014", name="Someone Else")
    assert exc.value.code if hasattr(exc.value, "code") else True
    assert "id_number" in exc.value.message_dict
    PersonIdentifier.objects.create(person=person, id_type=IdType.RESIDENT_OLD, value="AA00000009")
    with pytest.raises(ValidationError):
        services.create_person(clerk, id_number="AA00000009", name="Old Number")
    assert services.find_person("aa00000009") == person
    assert Person.objects.count() == 1


def test_updates_record_before_and_after_values(clerk):
    person = services.create_person(clerk, id_number="A123456789", name="陳大文", phone="0912345678")
    services.update_person(clerk, person, phone="0922333444")
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).get()
    assert entry.changes == {"phone": {"before": "0912345678", "after": "0922333444"}}
    assert entry.person == person


def test_an_update_that_changes_nothing_writes_no_entry(clerk):
    person = services.create_person(clerk, id_number="A123456789", name="陳大文")
    services.update_person(clerk, person, name="陳大文")
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE).count() == 0


def test_roles_without_the_permission_cannot_change_people(inspector, administrator):
    for actor in (inspector, administrator, None):
        with pytest.raises(PermissionDenied):
            services.create_person(actor, id_number="A123456789", name="陳大文")


def test_organizations_validate_the_ubn_under_the_2023_rule_and_are_unique(clerk):
    org = services.create_organization(clerk, name="將寶實業股份有限公司", kind=OrganizationKind.EMPLOYER, ubn="04595252")
    assert org.ubn == "04595252"
    with pytest.raises(ValidationError) as exc:
        services.create_organization(clerk, name="Other", kind=OrganizationKind.EMPLOYER, ubn="04595252")
    assert "ubn" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.create_organization(clerk, name="Bad", kind=OrganizationKind.EMPLOYER, ubn="12345678")
    assert "ubn" in exc.value.message_dict
    assert Organization.objects.count() == 1
    no_ubn = services.create_organization(clerk, name="臺南市政府勞工局", kind=OrganizationKind.GOVERNMENT, ubn="")
    assert no_ubn.ubn is None


def test_viewing_a_person_writes_an_access_entry_and_is_scoped(clerk, outsider, director, course):
    from hopehome.training.services import Applicant, apply

    enrollment = apply(None, course, Applicant(id_number="D223456784", name="林美玲"))
    person = enrollment.person
    seen = services.view_person(clerk, person.pk)
    assert seen == person
    assert AuditEntry.objects.filter(person=person, action=AuditAction.VIEW, actor=clerk).count() == 1
    with pytest.raises(Person.DoesNotExist):
        services.view_person(outsider, person.pk)  # labor-relations clerk: no training records
    services.view_person(director, person.pk)  # bureau-wide
    assert AuditEntry.objects.filter(person=person, action=AuditAction.VIEW).count() == 2


def test_search_finds_by_exact_identifier_or_name_prefix_within_scope(clerk, outsider, course):
    from hopehome.training.services import Applicant, apply

    apply(None, course, Applicant(id_number="D223456784", name="林美玲"))
    assert list(services.search_people(clerk, "d223456784").values_list("name", flat=True)) == ["林美玲"]
    assert services.search_people(clerk, "林美").count() == 1
    assert services.search_people(clerk, "D22345").count() == 0  # no partial-ID fishing
    assert services.search_people(outsider, "林美").count() == 0
