"""One error shape for every API error.

Every error answer is ``{"error": {"code": "...", "message": "...", "details": [...]}}``.
``details`` lists each bad parameter as ``{"field", "location", "code", "message"}`` for
invalid input, and each message of a ``django.core.exceptions.ValidationError`` raised by a
service. Messages are translatable (zh-Hant msgids), so ``Accept-Language: en`` is honoured
once the English catalogue holds them.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from hopehome.core.text import join_list

logger = logging.getLogger("hopehome.api")

# Messages for the pydantic error types a query or path parameter can produce.
_TYPE_MESSAGES = {
    "missing": gettext_lazy("「%(field)s」為必填。"),
    "int_parsing": gettext_lazy("「%(field)s」必須是整數。"),
    "int_type": gettext_lazy("「%(field)s」必須是整數。"),
    "int_from_float": gettext_lazy("「%(field)s」必須是整數。"),
    "float_parsing": gettext_lazy("「%(field)s」必須是數字。"),
    "greater_than_equal": gettext_lazy("「%(field)s」不可小於 %(limit)s。"),
    "greater_than": gettext_lazy("「%(field)s」必須大於 %(limit)s。"),
    "less_than_equal": gettext_lazy("「%(field)s」不可大於 %(limit)s。"),
    "less_than": gettext_lazy("「%(field)s」必須小於 %(limit)s。"),
    "bool_parsing": gettext_lazy("「%(field)s」必須是 true 或 false。"),
    "bool_type": gettext_lazy("「%(field)s」必須是 true 或 false。"),
    "enum": gettext_lazy("「%(field)s」必須是下列其中之一：%(expected)s。"),
    "literal_error": gettext_lazy("「%(field)s」必須是下列其中之一：%(expected)s。"),
    "string_too_long": gettext_lazy("「%(field)s」不可超過 %(limit)s 個字元。"),
    "string_too_short": gettext_lazy("「%(field)s」至少需要 %(limit)s 個字元。"),
    "string_pattern_mismatch": gettext_lazy("「%(field)s」的格式不正確。"),
    "date_parsing": gettext_lazy("「%(field)s」必須是 YYYY-MM-DD 格式的日期。"),
    "date_from_datetime_parsing": gettext_lazy("「%(field)s」必須是 YYYY-MM-DD 格式的日期。"),
    "json_invalid": gettext_lazy("請求內容不是有效的 JSON。"),
}
_LIMIT_KEYS = ("ge", "gt", "le", "lt", "max_length", "min_length")

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "validation_error",
    429: "too_many_requests",
}


class ErrorDetail(Schema):
    field: str | None = None
    location: str = ""
    code: str = ""
    message: str


class ErrorInfo(Schema):
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorOut(Schema):
    """The shape of every error answer (for the OpenAPI schema)."""

    error: ErrorInfo


def error_body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict:
    """The error shape shared by every error answer."""
    return {"error": {"code": code, "message": str(message), "details": details or []}}


def invalid_parameter(field: str, message: str, *, code: str = "invalid", location: str = "query"):
    """A ninja ValidationError for one parameter whose value passed parsing but is unknown."""
    return NinjaValidationError(
        [{"type": code, "loc": (location, field), "msg": str(message), "message": str(message)}]
    )


def _parameter_detail(error: dict[str, Any]) -> dict[str, Any]:
    loc = [str(part) for part in error.get("loc", ())]
    location = loc[0] if loc else ""
    field = loc[-1] if len(loc) > 1 else location
    kind = str(error.get("type", "invalid"))
    if error.get("message"):
        message = str(error["message"])
    else:
        ctx = error.get("ctx") or {}
        limit = next((ctx[k] for k in _LIMIT_KEYS if k in ctx), "")
        template = _TYPE_MESSAGES.get(kind, gettext_lazy("「%(field)s」的值不正確。"))
        expected = join_list(re.findall(r"'([^']*)'", str(ctx.get("expected", "")))) or ctx.get(
            "expected", ""
        )
        message = str(template) % {"field": field, "limit": limit, "expected": expected}
    return {"field": field, "location": location, "code": kind, "message": message}


def _django_validation_details(exc: DjangoValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "location": "body", "code": e.code or "invalid", "message": m}
            for field, errors in exc.error_dict.items()
            for e in errors
            for m in e.messages
        ]
    return [{"field": None, "location": "", "code": e.code or "invalid", "message": m}
            for e in exc.error_list for m in e.messages]  # fmt: skip


def install(api: NinjaAPI) -> None:
    """Register a handler for every exception an operation can raise."""

    def respond(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(NinjaValidationError)
    def on_invalid(request, exc: NinjaValidationError):
        details = [_parameter_detail(e) for e in exc.errors]
        return respond(
            request, 422, error_body("validation_error", _("請求參數有誤，請修正後再試。"), details)
        )

    @api.exception_handler(DjangoValidationError)
    def on_rejected(request, exc: DjangoValidationError):
        details = _django_validation_details(exc)
        message = details[0]["message"] if len(details) == 1 else _("資料有誤，請修正後再試。")
        return respond(request, 400, error_body("invalid", message, details))

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return respond(request, 404, error_body("not_found", _("找不到您要的資料。")))

    api.add_exception_handler(ObjectDoesNotExist, on_not_found)

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc: PermissionDenied):
        message = str(exc) or _("您沒有執行此項作業的權限。")
        return respond(request, 403, error_body("permission_denied", message))

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        code = _STATUS_CODES.get(exc.status_code, "error")
        return respond(request, exc.status_code, error_body(code, str(exc)))

    @api.exception_handler(Exception)
    def on_unexpected(request, exc: Exception):
        logger.exception("API error on %s", request.path, exc_info=exc)
        return respond(request, 500, error_body("server_error", _("系統發生錯誤，請稍後再試。")))
