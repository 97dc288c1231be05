"""Every API error has one shape: {"error": {"code", "message", "details"}}."""

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.testing import TestClient

from hopehome.api import errors


def assert_error_shape(body: dict, code: str) -> dict:
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == code
    assert error["message"]
    assert isinstance(error["details"], list)
    return error


@pytest.fixture(scope="module")
def failing_client():
    """An API with the product's handlers and one operation per kind of failure."""
    api = NinjaAPI(urls_namespace="errors-under-test")
    errors.install(api)

    @api.get("/forbidden")
    def forbidden(request):
        raise PermissionDenied("您沒有執行此項作業的權限。")

    @api.get("/rejected")
    def rejected(request):
        raise DjangoValidationError({"capacity": "名額不可少於已錄取人數（3 人）。"})

    @api.get("/missing")
    def missing(request):
        raise ObjectDoesNotExist("no such row")

    @api.get("/teapot")
    def teapot(request):
        raise HttpError(409, "此筆資料已被他人修改。")

    @api.get("/broken")
    def broken(request):
        raise RuntimeError("secret internals")

    @api.get("/typed")
    def typed(request, n: int):
        return {"n": n}

    return TestClient(api)


def test_permission_denied_is_403(failing_client):
    response = failing_client.get("/forbidden")
    assert response.status_code == 403
    assert (
        assert_error_shape(response.json(), "permission_denied")["message"]
        == "您沒有執行此項作業的權限。"
    )


def test_a_service_validation_error_is_400_with_the_field(failing_client):
    response = failing_client.get("/rejected")
    assert response.status_code == 400
    error = assert_error_shape(response.json(), "invalid")
    assert error["details"][0]["field"] == "capacity"
    assert error["message"] == "名額不可少於已錄取人數（3 人）。"


def test_a_missing_object_is_404(failing_client):
    response = failing_client.get("/missing")
    assert response.status_code == 404
    assert "no such row" not in response.content.decode()
    assert_error_shape(response.json(), "not_found")


def test_an_http_error_keeps_its_status(failing_client):
    response = failing_client.get("/teapot")
    assert response.status_code == 409
    assert assert_error_shape(response.json(), "conflict")["message"] == "此筆資料已被他人修改。"


def test_an_unexpected_error_is_500_without_internals(failing_client):
    response = failing_client.get("/broken")
    assert response.status_code == 500
    assert "secret internals" not in response.content.decode()
    assert (
        assert_error_shape(response.json(), "server_error")["message"]
        == "系統發生錯誤，請稍後再試。"
    )


def test_a_missing_parameter_is_422_naming_it(failing_client):
    response = failing_client.get("/typed")
    assert response.status_code == 422
    detail = assert_error_shape(response.json(), "validation_error")["details"][0]
    assert detail == {
        "field": "n",
        "location": "query",
        "code": "missing",
        "message": "「n」為必填。",
    }


@pytest.mark.django_db
def test_an_unknown_api_path_is_404_in_the_error_shape(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert_error_shape(response.json(), "not_found")
