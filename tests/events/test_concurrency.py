"""Two submissions of one unit's survey response at the same moment still make one response.

Two threads, each with its own database connection, wait at a barrier and submit together.
PostgreSQL runs them truly in parallel: the second insert waits on the unique index, then fails,
and the service falls back to the row the first one made. SQLite lets one writer in at a time
and turns the other away with "database is locked"; that thread tries again, as a phone would,
and its retry meets the existing row. Without the unique constraint both threads insert a row
on either database, so this test fails if the guarantee is removed.
"""

import threading
import time

import pytest
from django.db import OperationalError, connection

from events.models import Response
from events.services import submit_response
from tests.events.conftest import good_answers


def _submit_together(survey, unit, user, answers, workers: int = 2) -> tuple[list, list]:
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def work() -> None:
        try:
            barrier.wait()
            for attempt in range(50):
                try:
                    results.append(submit_response(survey, by=user, unit=unit, answers=answers))
                    return
                except OperationalError as error:  # SQLite: another writer holds the lock
                    if "locked" not in str(error) or attempt == 49:
                        raise
                    time.sleep(0.02)
        except Exception as error:  # noqa: BLE001 (reported to the main thread)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_the_same_response_submitted_at_the_same_time_makes_one_response(
    survey, tree, branch_secretary
):
    results, errors = _submit_together(survey, tree.a1, branch_secretary, good_answers(survey))

    assert errors == []
    assert len(results) == 2
    assert sorted(created for _response, created in results) == [False, True]
    assert len({response.pk for response, _created in results}) == 1
    assert Response.objects.filter(survey=survey, unit=tree.a1).count() == 1
    response = Response.objects.get()
    assert response.answers.count() == len(survey.q.__dict__)
