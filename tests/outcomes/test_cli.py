"""``hopehome outcomes``: the year's indicators as JSON or a table."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hopehome.outcomes import registry
from tests.outcomes.records import build_2019

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("outcomes", *args, stdout=out)
    return out.getvalue()


def test_it_prints_every_indicator_as_json_computed_from_the_records(make_course, provider):
    build_2019(make_course, provider)
    figures = json.loads(run("--year", "2019"))
    assert set(figures) == {i.key for i in registry.all_indicators()}
    for figure in figures.values():
        assert {"value", "numerator", "denominator"} <= set(figure)
    rate = figures["training.employment_rate.unemployed"]
    assert (rate["value"], rate["numerator"], rate["denominator"]) == (60.0, 3, 5)
    assert figures["training.completers"]["value"] == 4
    assert figures["training.employment_rate.care_worker"]["value"] is None


def test_the_per_unit_breakdown_is_nested_under_by_unit(make_course, provider):
    build_2019(make_course, provider)
    figures = json.loads(run("--year", "2019", "--format", "json"))
    gold = figures["ttqs.gold_total"]
    assert (gold["value"], gold["denominator"]) == (2, 2)
    assert gold["by_unit"]["臺南市職業訓練就業服務中心"] == {
        "value": 2,
        "numerator": 2,
        "denominator": 2,
    }


def test_a_year_before_the_records_gives_empty_figures(make_course, provider):
    build_2019(make_course, provider)
    figures = json.loads(run("--year", "2017"))
    assert figures["training.completers"]["value"] == 0
    assert figures["ttqs.gold_total"]["value"] == 0


def test_the_table_format_is_for_people(make_course, provider):
    build_2019(make_course, provider)
    table = run("--year", "2019", "--format", "table")
    assert table.startswith("2019 年施政成果指標")
    line = next(li for li in table.splitlines() if "training.employment_rate.unemployed" in li)
    assert "60.0" in line and line.split()[-1] == "%"
    assert "· 臺南市職業訓練就業服務中心" in table


@pytest.mark.parametrize(
    ("year", "message"), [("abc", "不是西元年"), ("1999", "超出範圍"), ("2101", "超出範圍")]
)
def test_a_bad_year_is_a_clear_error(year, message):
    with pytest.raises(CommandError, match=message):
        run("--year", year)


def test_an_unknown_format_is_refused():
    with pytest.raises(CommandError):
        run("--year", "2019", "--format", "xml")


def test_a_bad_year_exits_non_zero_from_the_shell(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hopehome.settings_test",
        "HOPEHOME_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "hopehome.cli", "outcomes", "--year", "abc"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0
    assert "不是西元年" in done.stderr
