"""Sign-in, sign-out and job seeker sign-up of the job app (台南工作好找)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from hopehome.jobs.models import SeekerProfile

pytestmark = pytest.mark.django_db

LOGIN = "/jobs/login/"
SIGNUP = "/jobs/signup/"
STRONG = "Tainan-jobs-2030"


def signup_data(**changes) -> dict:
    data = {
        "email": "New.Seeker@Example.TW",
        "password1": STRONG,
        "password2": STRONG,
        "display_name": "張小華",
        "phone": "0912-345-678",
        "birth_date": "89/05/01",
    }
    data.update(changes)
    return data


# --- sign-in ----------------------------------------------------------------------------------
def test_the_login_page_labels_its_fields_and_links_to_both_sign_ups(client):
    html = client.get(LOGIN).content.decode()
    assert '<label for="id_username">電子郵件' in html
    assert '<label for="id_password">密碼' in html
    assert reverse("jobs:signup") in html
    assert reverse("employer:signup") in html
    assert 'rel="manifest"' in html


def test_a_seeker_signs_in_with_the_e_mail_in_any_case_and_goes_to_next(client, seeker):
    response = client.post(
        LOGIN,
        {
            "username": "  YOUNG@Example.TW ",
            "password": "pw-young@example.tw",
            "next": "/jobs/me/saved/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/jobs/me/saved/"
    assert client.session["_auth_user_id"] == str(seeker.pk)


def test_a_seeker_without_next_lands_on_the_search(client, seeker):
    response = client.post(
        LOGIN, {"username": "young@example.tw", "password": "pw-young@example.tw"}
    )
    assert response["Location"] == reverse("jobs:search")


def test_an_outside_next_is_ignored(client, seeker):
    response = client.post(
        LOGIN,
        {
            "username": "young@example.tw",
            "password": "pw-young@example.tw",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("jobs:search")


def test_an_employer_lands_on_the_employer_dashboard(client, employer):
    response = client.post(
        LOGIN,
        {"username": "hr@anping.example", "password": "pw-hr@anping.example", "next": "/jobs/"},
    )
    assert response["Location"] == reverse("employer:dashboard")


def test_an_employer_keeps_a_next_inside_the_employer_area(client, employer):
    response = client.post(
        LOGIN,
        {
            "username": "hr@anping.example",
            "password": "pw-hr@anping.example",
            "next": "/employer/vacancies/new/",
        },
    )
    assert response["Location"] == "/employer/vacancies/new/"


def test_staff_land_on_the_back_office(client, jobs_clerk):
    response = client.post(
        LOGIN, {"username": "jobs_clerk", "password": "pw-jobs_clerk", "next": "/jobs/me/saved/"}
    )
    assert response["Location"] == reverse("staff:dashboard")


def test_a_wrong_password_is_refused_with_a_clear_message(client, seeker):
    response = client.post(LOGIN, {"username": "young@example.tw", "password": "wrong"})
    assert response.status_code == 400
    assert "電子郵件或密碼不正確" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_empty_login_form_links_each_error_to_its_field(client):
    response = client.post(LOGIN, {})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_username"' in html and 'href="#id_password"' in html
    assert 'aria-invalid="true"' in html


def test_a_signed_in_seeker_opening_the_login_page_goes_on(client, seeker):
    client.force_login(seeker)
    assert client.get(LOGIN)["Location"] == reverse("jobs:search")


# --- sign-out ---------------------------------------------------------------------------------
def test_logout_asks_first_and_signs_out_on_post(client, seeker):
    client.force_login(seeker)
    page = client.get("/jobs/logout/")
    assert page.status_code == 200
    assert "確定登出" in page.content.decode()
    assert "_auth_user_id" in client.session
    response = client.post("/jobs/logout/")
    assert response["Location"] == reverse("jobs:search")
    assert "_auth_user_id" not in client.session


def test_the_nav_offers_sign_out_to_a_signed_in_user_and_sign_in_otherwise(client, seeker):
    assert "登入</a>" in client.get("/jobs/").content.decode()
    client.force_login(seeker)
    html = client.get("/jobs/").content.decode()
    assert f'action="{reverse("jobs:logout")}"' in html


# --- sign-up ----------------------------------------------------------------------------------
def test_sign_up_creates_a_seeker_signs_them_in_and_opens_the_profile(client):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:profile")
    profile = SeekerProfile.objects.get()
    assert profile.user.username == "new.seeker@example.tw"
    assert profile.user.email == "new.seeker@example.tw"
    assert profile.display_name == "張小華"
    assert profile.birth_date.isoformat() == "2000-05-01"
    assert client.session["_auth_user_id"] == str(profile.user.pk)


def test_sign_up_keeps_a_safe_next(client, vacancy):
    target = reverse("jobs:apply", args=[vacancy.pk])
    response = client.post(SIGNUP, signup_data(next=target))
    assert response["Location"] == target


def test_sign_up_refuses_different_passwords(client):
    response = client.post(SIGNUP, signup_data(password2="Other-password-1"))
    assert response.status_code == 400
    assert "兩次輸入的密碼不一致" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_sign_up_refuses_a_weak_password(client):
    response = client.post(SIGNUP, signup_data(password1="12345678", password2="12345678"))
    assert response.status_code == 400
    assert 'id="id_password1-error"' in response.content.decode()
    assert not SeekerProfile.objects.exists()


def test_sign_up_refuses_an_e_mail_already_registered(client, seeker):
    response = client.post(SIGNUP, signup_data(email="Young@Example.tw"))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_email-error"' in html and "已註冊" in html
    assert SeekerProfile.objects.count() == 1


def test_sign_up_refuses_a_birth_date_it_cannot_read(client):
    response = client.post(SIGNUP, signup_data(birth_date="明年"))
    assert response.status_code == 400
    assert 'id="id_birth_date-error"' in response.content.decode()
    assert not SeekerProfile.objects.exists()


def test_sign_up_requires_a_name_and_an_e_mail(client):
    response = client.post(SIGNUP, signup_data(email="", display_name=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_email"' in html and 'href="#id_display_name"' in html


def test_the_sign_up_page_points_employers_to_their_own_sign_up(client):
    html = client.get(SIGNUP).content.decode()
    assert reverse("employer:signup") in html
    assert 'autocomplete="new-password"' in html
