"""Settings for the test suite: the production settings with a test-only secret."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")

from hopehome.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory, so that concurrent-application tests see real locking.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-hopehome-{os.getpid()}.sqlite3")}  # noqa: F405
