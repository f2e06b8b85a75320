"""Tasks the worker tests enqueue; the worker process imports them by their module path."""

from django.db import connection
from django.tasks import task


@task()
def record_run(n: int) -> int:
    """Write one row per run, so a job run twice shows up as two rows."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO worker_test_runs (n, pid) VALUES (%s, %s)", [n, _pid()])
    return n


def _pid() -> int:
    import os

    return os.getpid()
