"""Surveys: attach one to an event, change its title, introduction and opening times."""

from datetime import datetime

from django.db import transaction

from events.models import Event, Survey
from events.permissions import can_run_event, can_run_survey, require
from unionhub.accounts.models import User
from unionhub.core.versions import claim_version, keeps_version_on_failure

SURVEY_FIELDS = ("title", "intro", "opens_at", "closes_at")


def _save_survey(survey: Survey, *, by: User) -> Survey:
    survey.title = " ".join(survey.title.split())
    survey.full_clean()
    survey._history_user = by
    survey.save()
    return survey


@transaction.atomic
def create_survey(
    event: Event, *, by: User, title: str, opens_at: datetime, closes_at: datetime, intro: str = ""
) -> Survey:
    """Attach a survey to an event; its audience is the event's invited units."""
    require(by, can_run_event, event)
    survey = Survey(
        event=event, title=title, intro=intro, opens_at=opens_at, closes_at=closes_at, created_by=by
    )
    return _save_survey(survey, by=by)


@keeps_version_on_failure
@transaction.atomic
def update_survey(survey: Survey, *, by: User, base_version: int | None = None, **fields) -> Survey:
    """Change a survey's title, introduction or opening and closing times."""
    require(by, can_run_survey, survey)
    claim_version(survey, base_version=base_version)
    for field, value in fields.items():
        if field not in SURVEY_FIELDS:
            raise TypeError(f"update_survey() got an unexpected field {field!r}")
        setattr(survey, field, value)
    return _save_survey(survey, by=by)
