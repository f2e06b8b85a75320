"""No lost updates: a record with a version is saved only if nobody saved it since it was opened.

The form carries the version it was opened at (`VersionedFormMixin`). The service, inside its
transaction and before changing anything else, calls `claim_version()`, which runs
`UPDATE … SET version = version + 1 WHERE pk = … AND version = n`: of two concurrent saves from
version n exactly one updates a row, and the other is refused with what changed in between
(the historical record of version n compared with the current one).
"""

import functools
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_IGNORED = {"version", "updated_at", "sort_key", "search_text"}


class Versioned(models.Model):
    """A record edited through a form: `version` goes up by one on every save by a service."""

    version = models.PositiveIntegerField(gettext_lazy("version"), default=1)

    class Meta:
        abstract = True


def _version_field(model) -> str:
    return getattr(model, "version_field", "version")


def _shown(model, field_name: str, value) -> str:
    if value in (None, ""):
        return "—"
    field = model._meta.get_field(field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _changes(model, obj, base_version: int) -> tuple[list[str], object]:
    history = getattr(model, "history", None)
    if history is None:
        return [], None
    version_field = _version_field(model)
    records = model.history.filter(id=obj.pk).select_related("history_user")
    base = (
        records.filter(**{version_field: base_version})
        .order_by("-history_date", "-history_id")
        .first()
    )
    current = records.order_by("-history_date", "-history_id").first()
    lines = []
    if base is not None and current is not None and current.history_id != base.history_id:
        ignored = (_IGNORED | {version_field}) & {f.name for f in model._meta.concrete_fields}
        delta = current.diff_against(base, excluded_fields=sorted(ignored))
        for change in delta.changes:
            label = model._meta.get_field(change.field).verbose_name
            lines.append(
                f"{label}: {_shown(model, change.field, change.old)} → "
                f"{_shown(model, change.field, change.new)}"
            )
    return lines, current


def conflict_message(who: str, when: str, lines: list[str]) -> ValidationError:
    """The refusal of a stale save, in the user's language: who, when, and what changed."""
    message = _(
        "%(who)s changed this record at %(when)s, after you opened it. Your changes were not "
        "saved, so nothing was overwritten. What changed: %(changes)s. Reload the page to see "
        "the current record, then make your changes again."
    ) % {"who": who, "when": when, "changes": "; ".join(lines) or _("its status")}
    return ValidationError(message, code="conflict")


def describe_save(record) -> tuple[str, str]:
    """Who made a historical record and when, as the refusal prints them."""
    who = (
        str(record.history_user)
        if record is not None and record.history_user
        else _("someone else")
    )
    when = (
        timezone.localtime(record.history_date).strftime("%d/%m/%Y %H:%M")
        if record is not None
        else ""
    )
    return who, when


def conflict_error(obj: models.Model, base_version: int) -> ValidationError:
    """The refusal: who changed the record after `base_version` and which fields, old → new."""
    lines, current = _changes(type(obj), obj, base_version)
    return conflict_message(*describe_save(current), lines)


def claim_version(obj: models.Model, *, base_version: int | None = None) -> None:
    """Take the next version of `obj` in the database, or refuse if someone saved it meanwhile.

    Call inside the service's transaction, before changing anything else: if the service fails
    later, the transaction gives the version back. Without `base_version` the version the object
    was loaded at is used, so two concurrent service calls on one record cannot both win.
    """
    model = type(obj)
    field = _version_field(model)
    expected = getattr(obj, field) if base_version is None else int(base_version)
    claimed = model._default_manager.filter(pk=obj.pk, **{field: expected}).update(
        **{field: F(field) + 1}
    )
    if not claimed:
        raise conflict_error(obj, expected)
    setattr(obj, field, expected + 1)


def keeps_version_on_failure(service: Callable) -> Callable:
    """Decorate a service whose first argument is a versioned record: if the service fails after
    `claim_version()`, the record keeps the version it came with, as the rolled-back database
    does (else the page re-rendered with it, and any later call, would be refused as stale)."""

    @functools.wraps(service)
    def wrapper(record, *args, **kwargs):
        field = _version_field(type(record))
        before = getattr(record, field, None)
        try:
            return service(record, *args, **kwargs)
        except Exception:
            if before is not None:
                setattr(record, field, before)
            raise

    return wrapper


class VersionedFormMixin:
    """A hidden `version`: the version of the record the form was opened at.

    A ModelForm on a `Versioned` instance gets it by itself; other forms call `add_version()`.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        field = _version_field(type(instance)) if instance is not None else ""
        wants_version = instance is not None and instance.pk and hasattr(instance, field)
        if wants_version and "version" not in self.fields:
            self.add_version(getattr(instance, field))

    def add_version(self, version: int) -> None:
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=version, min_value=1
        )

    @property
    def base_version(self) -> int | None:
        return self.cleaned_data.get("version")
