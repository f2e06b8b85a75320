"""Workflow state: one abstract history row and one helper shared by every workflow.

Each workflow keeps its own `ALLOWED_TRANSITIONS` literal beside its model and a concrete
subclass of `Transition` naming the record it belongs to (`subject_field`). The status moves only
through `move()`, which checks the table, saves the record and writes the history row in the
caller's transaction.
"""

from collections.abc import Mapping, Set

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def status_fields(choices: type[models.TextChoices]) -> tuple[models.CharField, models.CharField]:
    """`from_status` and `to_status` with a workflow's choices, the same type for every workflow."""
    return (
        models.CharField(gettext_lazy("from"), max_length=20, choices=choices.choices),
        models.CharField(gettext_lazy("to"), max_length=20, choices=choices.choices),
    )


class Transition(models.Model):
    """One change of a record's status: who, when, from, to and why. Kept for audit, never edited."""

    subject_field: str = ""

    from_status = models.CharField(gettext_lazy("from"), max_length=20)
    to_status = models.CharField(gettext_lazy("to"), max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(gettext_lazy("at"), default=timezone.now)
    note = models.TextField(gettext_lazy("note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{getattr(self, self.subject_field + '_id', '')}: {self.from_status} → {self.to_status}"


def _label(choices, value: str) -> str:
    return str(dict(choices).get(value, value))


def move(
    obj: models.Model,
    to: str,
    *,
    by,
    allowed: Mapping[str, Set[str]],
    log: type[Transition],
    note: str = "",
    status_field: str = "status",
    message: str | None = None,
) -> Transition:
    """Move `obj` to status `to` if `allowed` permits it, save it, and write the history row.

    Call it inside the service's transaction, after `claim_version()` where the record has a
    version. `message` may name the record ("A report that is “%(from)s” …").
    """
    choices = obj._meta.get_field(status_field).choices or []
    current = getattr(obj, status_field)
    if to not in allowed.get(current, set()):
        template = message or _("This record cannot go from “%(from)s” to “%(to)s”.")
        raise ValidationError(
            template % {"from": _label(choices, current), "to": _label(choices, to)},
            code="transition",
        )
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    setattr(obj, status_field, to)
    obj.full_clean()
    obj._history_user = actor
    obj._change_reason = (note.strip()[:100] if note else "") or _label(choices, to)
    obj.save()
    row = log(
        **{log.subject_field: obj},
        from_status=current,
        to_status=to,
        by=actor,
        note=note.strip(),
    )
    row.save()
    return row
