"""Rounds and their honours: open a round, edit it and its honours, its certificate images."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from commendations.models import CriteriaSet, Honour, Round, RoundStatus
from commendations.permissions.rounds import can_manage_rounds, manage_rounds
from commendations.services import require
from commendations.uploads import check_image_file
from unionhub.core.versions import claim_version, keeps_version_on_failure


@dataclass
class HonourSpec:
    title: str
    unit_level: str
    list_heading: str
    quota: int | None = None


@transaction.atomic
def open_round(
    *,
    by,
    title: str,
    year: int,
    criteria_set: CriteriaSet,
    opens_on: date,
    closes_on: date,
    honours: Iterable[HonourSpec],
    achievement_line: str = "",
) -> Round:
    """Open a commendation round with its honours (one per unit level)."""
    require(can_manage_rounds, by)
    if not criteria_set.criteria.exists():
        raise ValidationError({"criteria_set": _("This criteria set has no criteria.")})
    round_ = Round(
        title=title.strip(),
        year=year,
        criteria_set=criteria_set,
        opens_on=opens_on,
        closes_on=closes_on,
        achievement_line=achievement_line.strip(),
        created_by=by,
    )
    round_.full_clean()
    round_._history_user = by
    round_.save()
    specs = list(honours)
    if not specs:
        raise ValidationError(_("A round needs at least one honour."))
    for order, spec in enumerate(specs, start=1):
        honour = Honour(
            round=round_,
            title=spec.title.strip(),
            unit_level=spec.unit_level,
            list_heading=spec.list_heading.strip(),
            quota=spec.quota,
            order=order,
        )
        honour.full_clean()
        honour._history_user = by
        honour.save()
    return round_


@keeps_version_on_failure
@transaction.atomic
def update_round(
    round_: Round,
    *,
    by,
    base_version: int | None = None,
    title: str,
    year: int,
    opens_on: date,
    closes_on: date,
    status: str,
    achievement_line: str = "",
) -> Round:
    """Change a round's title, year, dates, status or certificate line (its criteria stay)."""
    require(manage_rounds, by, round_)
    claim_version(round_, base_version=base_version)
    round_.title = title.strip()
    round_.year = year
    round_.opens_on = opens_on
    round_.closes_on = closes_on
    round_.status = status
    round_.achievement_line = achievement_line.strip()
    round_.full_clean()
    round_._history_user = by
    round_.save()
    return round_


@keeps_version_on_failure
@transaction.atomic
def close_round(round_: Round, *, by, base_version: int | None = None) -> Round:
    """Stop taking nominations and scorecard changes."""
    require(manage_rounds, by, round_)
    claim_version(round_, base_version=base_version)
    round_.status = RoundStatus.CLOSED
    round_.full_clean()
    round_._history_user = by
    round_.save()
    return round_


@keeps_version_on_failure
@transaction.atomic
def update_honour(
    honour: Honour,
    *,
    by,
    base_version: int | None = None,
    title: str,
    list_heading: str,
    quota: int | None,
    order: int,
) -> Honour:
    """Change an honour's title, its heading in the printed list, its quota or its place."""
    require(manage_rounds, by, honour.round)
    claim_version(honour, base_version=base_version)
    honour.title = title.strip()
    honour.list_heading = list_heading.strip()
    honour.quota = quota
    honour.order = order
    honour.full_clean()
    honour._history_user = by
    honour.save()
    return honour


IMAGE_FIELDS = {"background": "background_image", "signature": "signature_image"}


@keeps_version_on_failure
@transaction.atomic
def set_round_images(
    round_: Round, *, by, background=None, signature=None, base_version: int | None = None
) -> Round:
    """Replace the certificate background and/or the signature image of a round.

    The stored file is named by the type its bytes show (never the uploaded name), so it is
    served and printed as the image it is.
    """
    require(manage_rounds, by, round_)
    claim_version(round_, base_version=base_version)
    replaced = []
    for kind, upload in (("background", background), ("signature", signature)):
        if upload is None:
            continue
        field = IMAGE_FIELDS[kind]
        try:
            _content_type, extension = check_image_file(upload)
        except ValidationError as error:
            raise ValidationError({kind: error.messages}) from error
        old = getattr(round_, field)
        if old and old.name:
            replaced.append((old.storage, old.name))
        getattr(round_, field).save(f"{kind}.{extension}", upload, save=False)
    round_.full_clean()
    round_._history_user = by
    round_.save()
    for storage, name in replaced:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    return round_
