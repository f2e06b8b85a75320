"""No lost updates: a record with a `version` is saved only if nobody saved it since it was opened.

The form carries the version it was opened at. The save first runs
`UPDATE … SET version = version + 1 WHERE pk = … AND version = n`: of two concurrent saves from
version n, exactly one updates a row, and the other is refused with what changed in between
(the historical record of version n compared with the current one).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

_IGNORED = {"version", "updated_at", "sort_key", "search_text"}


def _shown(model, field_name: str, value) -> str:
    if value in (None, ""):
        return "—"
    field = model._meta.get_field(field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def conflict_error(obj: models.Model, base_version: int) -> ValidationError:
    """The refusal: who changed the record after `base_version` and which fields, old → new."""
    model = type(obj)
    records = model.history.filter(id=obj.pk).select_related("history_user")
    base = records.filter(version=base_version).order_by("-history_date", "-history_id").first()
    current = records.order_by("-history_date", "-history_id").first()
    lines = []
    if base is not None and current is not None and current.history_id != base.history_id:
        delta = current.diff_against(base, excluded_fields=sorted(_IGNORED & _field_names(model)))
        for change in delta.changes:
            label = model._meta.get_field(change.field).verbose_name
            lines.append(
                f"{label}: {_shown(model, change.field, change.old)} → "
                f"{_shown(model, change.field, change.new)}"
            )
    who = (
        str(current.history_user)
        if current is not None and current.history_user
        else _("someone else")
    )
    when = (
        timezone.localtime(current.history_date).strftime("%d/%m/%Y %H:%M")
        if current is not None
        else ""
    )
    message = _(
        "%(who)s changed this record at %(when)s, after you opened it. Your changes were not "
        "saved, so nothing was overwritten. What changed: %(changes)s. Reload the page to see "
        "the current record, then make your changes again."
    ) % {"who": who, "when": when, "changes": "; ".join(lines) or _("its status")}
    return ValidationError(message, code="conflict")


def _field_names(model) -> set[str]:
    return {field.name for field in model._meta.concrete_fields}


def claim_version(obj: models.Model, *, base_version: int | None = None) -> None:
    """Take the next version of `obj` in the database, or refuse if someone saved it meanwhile.

    Call inside the service's transaction, before changing anything else: if the service fails
    later, the transaction gives the version back.
    """
    expected = obj.version if base_version is None else int(base_version)
    model = type(obj)
    claimed = model.objects.filter(pk=obj.pk, version=expected).update(version=F("version") + 1)
    if not claimed:
        raise conflict_error(obj, expected)
    obj.version = expected + 1
