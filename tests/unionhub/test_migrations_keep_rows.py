"""Upgrading keeps every row: the landed release's schema with its demo data, migrated to today's.

The old release is taken from git (`git archive`), migrated and seeded with its own code in a
database of the same engine as this run, then today's `migrate` runs on that database. Every table
keeps its rows, and the audit trails (status changes, history) keep their values.
"""

import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings

# The last release that landed before the apps took one shape.
LANDED = "fcdf500"
# Rows that say who did what and when: compared value by value, not only counted.
AUDIT_COLUMNS = {
    "branches_reporttransition": "id, report_id, from_status, to_status, note",
    "commendations_nominationtransition": "id, nomination_id, from_status, to_status, note",
    "events_opiniontransition": "id, opinion_id, from_status, to_status, note",
}

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(*args: str) -> bytes:
    return subprocess.run(
        ["git", *args], cwd=settings.BASE_DIR, capture_output=True, check=True
    ).stdout


def _database_url(tmp_path: Path) -> tuple[str, callable]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        name = f"unionhub_upgrade_{uuid.uuid4().hex[:8]}"
        base, _, _ = url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return f"{base}/{name}", drop
    return f"sqlite:///{tmp_path / 'upgrade.sqlite3'}", lambda: None


def _manage(tree: Path, database_url: str, *args: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "true",
        "TESTING": "true",
        "PYTHONPATH": str(tree),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=tree, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]


def _snapshot(database_url: str) -> tuple[dict, dict]:
    import sqlite3

    if database_url.startswith("sqlite"):
        conn = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
    else:
        import psycopg

        conn = psycopg.connect(database_url)
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]
    counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    audit = {
        t: sorted(conn.execute(f'SELECT {cols} FROM "{t}" ORDER BY id').fetchall())
        for t, cols in AUDIT_COLUMNS.items()
        if t in tables
    }
    conn.close()
    return counts, audit


@pytest.mark.django_db
def test_upgrading_from_the_landed_release_keeps_every_row(tmp_path):
    try:
        archive = _git("archive", "--format=tar", LANDED)
    except subprocess.CalledProcessError:
        pytest.skip(f"the landed release {LANDED} is not in this clone's history")
    old = tmp_path / "landed"
    old.mkdir()
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(old, filter="data")
    database_url, drop = _database_url(tmp_path)
    try:
        _manage(old, database_url, "migrate", "--verbosity=0")
        _manage(old, database_url, "seed_demo")
        before, audit_before = _snapshot(database_url)
        assert before["branches_member"] > 1000 and before["commendations_award"] == 47

        _manage(Path(settings.BASE_DIR), database_url, "migrate", "--verbosity=0")
        after, audit_after = _snapshot(database_url)
    finally:
        drop()

    ignored = {"django_migrations", "django_content_type", "auth_permission"}
    lost = {
        table: (count, after.get(table))
        for table, count in before.items()
        if table not in ignored and after.get(table) != count
    }
    assert lost == {}
    for table, rows in audit_before.items():
        assert rows, table
        assert audit_after[table] == rows, table
