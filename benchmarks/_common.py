"""What the million-row benchmarks share: Django set-up, the database they run on, statistics.

Each script runs as ``python benchmarks/<name>.py``, so this module is imported as ``_common``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


CPU_CHECK_STEPS = 5_000_000


def cpu_check() -> str:
    """A line timing a fixed pure-Python loop (best of three). Request timings are mostly Python,
    so they scale with it: it tells how fast the machine that printed the figures was."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(CPU_CHECK_STEPS):
            total += i
        best = min(best, time.perf_counter() - start)
    return f"cpu check         {best:.2f} s for a loop of {CPU_CHECK_STEPS:,} Python additions"


def prepare_bulk_load(connection) -> None:
    """Open the connection for a bulk load; on SQLite without fsync and with a 512 MiB cache
    (the file is a benchmark's own, recreated when a load fails)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        connection.connection.execute("PRAGMA synchronous=OFF")
        connection.connection.execute("PRAGMA cache_size=-524288")


def configure_django(url: str, var_dir: Path) -> None:
    """Production settings (cached templates, no query log) on the database at ``url``."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
    os.environ["DEBUG"] = ""
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_COOKIES"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "hopehome.settings"
    os.environ.setdefault("HOPEHOME_VAR_DIR", str(var_dir))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def open_database(args, default_db: Path) -> tuple[str, bool, str]:
    """Set Django up on ``--postgres URL`` or the SQLite file ``--db``; recreate the database
    unless ``--reuse`` finds it. Returns ``(url, reuse, label)``."""
    if args.postgres:
        url = args.postgres
        reuse = args.reuse
        if not reuse:
            recreate_postgres(url)
        label = f"PostgreSQL {url.rsplit('@', 1)[-1]}"
        var_dir = default_db.parent
    else:
        db = args.db.resolve()
        reuse = args.reuse and db.exists()
        if not reuse:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        db.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{db}"
        label = f"SQLite {db}"
        var_dir = db.parent
    configure_django(url, var_dir)
    return url, reuse, label


def ubns(start: int):
    """Checksum-valid 統一編號 in increasing order from ``start``."""
    from hopehome.core.validators import is_ubn

    n = start
    while True:
        value = f"{n:08d}"
        if is_ubn(value):
            yield value
        n += 1


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# --- PostgreSQL database lifecycle -------------------------------------------------------------
def _admin_url(url: str) -> tuple[str, str]:
    from urllib.parse import urlparse

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name or not name.replace("_", "").isalnum():
        raise SystemExit(f"unusable database name {name!r}")
    return parsed._replace(path="/postgres").geturl(), name


def recreate_postgres(url: str) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_postgres(url: str) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
