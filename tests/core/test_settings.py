"""Settings from the environment: production refuses to start without a secret key."""

import os
import subprocess
import sys


def run_check(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='hopehome.settings'; django.setup(); "
         "from django.conf import settings; print(settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ, settings.DEBUG)"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_check({"HOPEHOME_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_has_a_development_key_and_the_language_and_time_settings(tmp_path):
    result = run_check({"DEBUG": "1", "HOPEHOME_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["zh-hant", "Asia/Taipei", "True", "True"]


def test_a_secret_key_from_the_environment_starts_production(tmp_path):
    result = run_check({"SECRET_KEY": "x" * 50, "HOPEHOME_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "False"
