"""Masked display of personal identifiers: A12****789."""


def mask_identifier(value: str | None) -> str:
    if not value:
        return ""
    if len(value) <= 6:
        return value[0] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 6) + value[-3:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    digits = value.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:-6] + "***" + digits[-3:] if len(digits) > 6 else "***" + digits[-3:]
