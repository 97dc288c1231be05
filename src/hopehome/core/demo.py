"""The demonstration dataset's shared parts: staff accounts and generators of plausible records.

Everything here is deterministic for a given :class:`random.Random`: the same seed gives the same
names, identifiers and phone numbers. Identifiers are built with the checksum rules of
:mod:`hopehome.core.validators`, so they validate; they are synthetic and belong to no one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from .choices import Role
from .models import Division, StaffProfile
from .validators import LETTER_CODE, is_national_id, is_resident_new, is_ubn

DEMO_PASSWORD = "hopehome-demo"  # noqa: S105 - documented, shared password of the demo accounts


@dataclass(frozen=True)
class DemoAccount:
    """One demo staff login."""

    username: str
    name: str
    role: str
    division: str
    title: str
    superuser: bool = False


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("clerk", "王怡君", Role.CLERK, "vtc", "業務承辦人"),
    DemoAccount("case_manager", "陳建宏", Role.CASE_MANAGER, "vtc", "就業個案管理員"),
    DemoAccount("supervisor", "林淑芬", Role.SUPERVISOR, "vtc", "課長"),
    DemoAccount("inspector", "張志豪", Role.INSPECTOR, "osh", "勞動檢查員"),
    DemoAccount("director", "黃國華", Role.DIRECTOR, "director_office", "局長"),
    DemoAccount(
        "administrator",
        "李佳穎",
        Role.ADMINISTRATOR,
        "director_office",
        "系統管理員",
        superuser=True,
    ),
    DemoAccount("outsider", "吳宗翰", Role.CLERK, "labor_relations", "科員"),
    # 勞安福利科: occupational-injury case management and housing repair (program 8)
    DemoAccount("case_manager_sw1", "蔡佩珊", Role.CASE_MANAGER, "safety_welfare", "職災個案管理員"),
    DemoAccount("case_manager_sw2", "許家銘", Role.CASE_MANAGER, "safety_welfare", "職災個案管理員"),
    DemoAccount("supervisor_sw", "鄭雅文", Role.SUPERVISOR, "safety_welfare", "勞安福利科科長"),
    # 職業安全健康處 and 勞動條件科: inspections, penalties and their publication (program 5)
    DemoAccount("supervisor_osh", "周秀英", Role.SUPERVISOR, "osh", "職安健康處科長"),
    DemoAccount("inspector_lc", "邱冠宇", Role.INSPECTOR, "labor_conditions", "勞動檢查員"),
    DemoAccount("supervisor_lc", "謝宗霖", Role.SUPERVISOR, "labor_conditions", "勞動條件科科長"),
    # 就業促進科: vacancies, job seekers, advice (台南工作好找) and job redesign (programs 3 and 4)
    DemoAccount("clerk_emp", "劉欣怡", Role.CLERK, "employment", "就業服務承辦人"),
    DemoAccount("case_manager_emp", "楊承翰", Role.CASE_MANAGER, "employment", "身障就業個案管理員"),
    DemoAccount("supervisor_emp", "郭美玲", Role.SUPERVISOR, "employment", "就業促進科科長"),
)


@transaction.atomic
def ensure_staff_accounts(*, reset_passwords: bool = False) -> dict[str, object]:
    """Create the demo staff accounts that are missing and give each its documented role.

    An existing account keeps its password unless ``reset_passwords`` is true.
    Returns the users by username.
    """
    User = get_user_model()
    divisions = {d.code: d for d in Division.objects.all()}
    users: dict[str, object] = {}
    encoded = ""
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=account.username)
        user.first_name = account.name
        user.last_name = ""
        user.email = f"{account.username}@demo.hopehome.example"
        user.is_active = True
        user.is_staff = account.superuser
        user.is_superuser = account.superuser
        if created or reset_passwords:
            # One hash for the one published password: hashing is deliberately slow.
            encoded = encoded or make_password(DEMO_PASSWORD)
            user.password = encoded
        user.save()
        StaffProfile.objects.update_or_create(
            user=user,
            defaults={
                "division": divisions[account.division],
                "role": account.role,
                "title": account.title,
            },
        )
        users[account.username] = user
    return users


def demo_users() -> dict[str, object]:
    """The existing demo staff accounts, with their profiles, by username."""
    User = get_user_model()
    names = [a.username for a in DEMO_ACCOUNTS]
    return {
        u.username: u
        for u in User.objects.select_related("staff_profile__division").filter(username__in=names)
    }


# --- names ------------------------------------------------------------------------------------
# Common Taiwanese surnames with rough relative frequencies.
SURNAMES = (
    ("陳", 112), ("林", 83), ("黃", 60), ("張", 53), ("李", 51), ("王", 41), ("吳", 40),
    ("劉", 32), ("蔡", 29), ("楊", 26), ("許", 23), ("鄭", 19), ("謝", 18), ("郭", 17),
    ("洪", 16), ("曾", 15), ("邱", 15), ("廖", 14), ("賴", 14), ("周", 13), ("徐", 12),
    ("蘇", 12), ("葉", 12), ("莊", 11), ("呂", 11), ("江", 10), ("何", 10), ("蕭", 9),
    ("羅", 9), ("高", 9), ("潘", 8), ("簡", 8), ("朱", 8), ("鍾", 8), ("彭", 7), ("游", 7),
    ("詹", 7), ("胡", 7), ("施", 7), ("沈", 6), ("余", 6), ("盧", 6), ("梁", 6), ("趙", 5),
    ("顏", 5), ("柯", 5), ("翁", 5), ("魏", 4), ("孫", 4), ("戴", 4), ("方", 3), ("宋", 3),
)  # fmt: skip
MALE_CHARS = (
    "志俊家建冠宇承哲明偉信宏智文豪翔傑凱國榮正德嘉彥廷柏勝昇睿恩祐誠銘鴻峰仁安泰政宗毅維育聖軒浩"
)
FEMALE_CHARS = "淑美雅怡婷慧惠玲芳君佩欣筱琪珮宜靜秀麗蓉華如萱郁芸瑜詩涵庭瑩珊嘉佳雯馨若韻婉琳媛蘋"
# Names of spouses from Southeast Asia as they appear on Taiwanese documents.
IMMIGRANT_SURNAMES = "阮陳黎范武潘黃吳"
IMMIGRANT_GIVEN = ("氏梅", "氏秋", "氏玉", "氏芳", "氏香", "氏蘭", "氏鳳", "氏雪", "氏月", "氏花")


class NameGenerator:
    """Deterministic zh_TW personal names."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._surnames = [s for s, _ in SURNAMES]
        self._weights = [w for _, w in SURNAMES]

    def surname(self) -> str:
        return self.rng.choices(self._surnames, weights=self._weights)[0]

    def given(self, sex: str) -> str:
        pool = FEMALE_CHARS if sex == "F" else MALE_CHARS
        first = self.rng.choice(pool)
        second = self.rng.choice(pool)
        while second == first:
            second = self.rng.choice(pool)
        return first + second

    def name(self, sex: str) -> str:
        return self.surname() + self.given(sex)

    def immigrant_name(self) -> str:
        return self.rng.choice(IMMIGRANT_SURNAMES) + self.rng.choice(IMMIGRANT_GIVEN)


# --- identifiers --------------------------------------------------------------------------------
_ID_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 1)


def _check_digit(letter: str, digits: list[int]) -> int:
    """The last digit that makes ``letter`` + ``digits`` + it pass the personal-ID checksum."""
    x1, x2 = divmod(LETTER_CODE[letter], 10)
    total = x1 + 9 * x2 + sum(w * d for w, d in zip(_ID_WEIGHTS, digits, strict=True))
    return (10 - total % 10) % 10


def national_id(rng: random.Random, sex: str, letter: str = "D") -> str:
    """A 身分證字號 whose sex digit matches ``sex`` ("M" → 1, otherwise 2)."""
    digits = [1 if sex == "M" else 2] + [rng.randrange(10) for _ in range(7)]
    value = letter + "".join(map(str, digits)) + str(_check_digit(letter, digits))
    assert is_national_id(value)
    return value


def resident_id(rng: random.Random, sex: str, letter: str = "D") -> str:
    """A new-format 統一證號 (second digit 8 for men, 9 for women)."""
    digits = [8 if sex == "M" else 9] + [rng.randrange(10) for _ in range(7)]
    value = letter + "".join(map(str, digits)) + str(_check_digit(letter, digits))
    assert is_resident_new(value)
    return value


def ubn(rng: random.Random) -> str:
    """A 統一編號 that passes the checksum (the first digit is never 0, for readability)."""
    while True:
        head = str(rng.randrange(1, 10)) + "".join(str(rng.randrange(10)) for _ in range(6))
        for last in range(10):
            value = head + str(last)
            if is_ubn(value):
                return value


def mobile(rng: random.Random) -> str:
    """A Taiwanese mobile number, 09xxxxxxxx."""
    return "09" + str(rng.randrange(10, 90)) + "".join(str(rng.randrange(10)) for _ in range(6))


def birth_date(rng: random.Random, age: int, on: date) -> date:
    """A birth date making the person ``age`` years old on ``on``."""
    latest = date(on.year - age, on.month, min(on.day, 28))
    return latest - timedelta(days=rng.randrange(365))
