"""Every test vector of the identifier reference, in one parametrised module."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from hopehome.core.choices import IdType
from hopehome.core.validators import (
    classify_personal_id,
    is_national_id,
    is_resident_new,
    is_resident_old,
    is_ubn,
    normalize_identifier,
    validate_ubn,
)


@pytest.mark.parametrize(
    "value,valid",
    [
        ("A123456789", True), ("D123456782", True), ("D223456784", True), ("R123456783", True),
        ("A180000005", True), ("A123456788", False), ("D123456780", False), ("A323456789", False),
        ("A12345678", False), ("A800000014", False),
    ],
)  # fmt: skip
def test_national_id_vectors(value, valid):
    assert is_national_id(value) is valid


def test_lowercase_and_full_width_input_is_normalised_first():
    assert not is_national_id("a123456789")
    assert is_national_id(normalize_identifier("a123456789"))
    assert normalize_identifier("Ａ１２３４５６７８９") == "A123456789"


@pytest.mark.parametrize(
    "value,valid",
    [("A800000014", True), ("A900000007", True), ("D800000017", True), ("D900000019", True),
     ("A800000015", False), ("A700000014", False)],
)  # fmt: skip
def test_new_resident_number_vectors(value, valid):
    assert is_resident_new(value) is valid


@pytest.mark.parametrize(
    "value,valid",
    [("AA00000009", True), ("AB00000001", True), ("AC00000003", True), ("AD00000005", True),
     ("DA12345678", True), ("AA00000008", False), ("AE00000001", False)],
)  # fmt: skip
def test_old_resident_number_vectors(value, valid):
    assert is_resident_old(value) is valid


def test_classify_returns_the_identifier_type():
    assert classify_personal_id("A123456789") == IdType.NATIONAL
    assert classify_personal_id("A800000014") == IdType.RESIDENT_NEW
    assert classify_personal_id("AA00000009", today=date(2026, 1, 1)) == IdType.RESIDENT_OLD


def test_old_resident_number_is_refused_on_new_input_after_the_cutoff_but_still_loads():
    with pytest.raises(ValidationError) as exc:
        classify_personal_id("AA00000009", today=date(2031, 1, 1))
    assert exc.value.code == "retired"
    assert classify_personal_id("AA00000009", today=date(2031, 1, 1), new_input=False) == IdType.RESIDENT_OLD


@override_settings(HOPEHOME={"OLD_RESIDENT_NUMBER_ACCEPTED_UNTIL": date(2020, 1, 1)})
def test_the_cutoff_comes_from_settings():
    with pytest.raises(ValidationError):
        classify_personal_id("AA00000009", today=date(2021, 1, 1))


@pytest.mark.parametrize("value,code", [("A123456788", "checksum"), ("12345", "format"), ("", "required")])
def test_classify_rejects_bad_identifiers_with_a_reason(value, code):
    with pytest.raises(ValidationError) as exc:
        classify_personal_id(value)
    assert exc.value.code == code


@pytest.mark.parametrize(
    "ubn,valid",
    [("04595257", True), ("10458575", True), ("12345675", True), ("00238778", True), ("00651474", True),
     ("04702088", True), ("04595252", True), ("10000004", True), ("10000073", True),
     ("04595253", False), ("10000003", False), ("12345678", False), ("1234567", False)],
)  # fmt: skip
def test_ubn_vectors_under_the_2023_rule(ubn, valid):
    assert is_ubn(ubn) is valid


def test_validate_ubn_messages():
    with pytest.raises(ValidationError) as exc:
        validate_ubn("1234567")
    assert exc.value.code == "format"
    with pytest.raises(ValidationError) as exc:
        validate_ubn("12345678")
    assert exc.value.code == "checksum"
    validate_ubn("０４５９５２５２")  # full-width input, valid only under the 2023 rule
