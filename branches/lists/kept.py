"""A member list's plan kept as JSON on its import, from the check to the confirmation.

The confirmation writes what the person saw in the preview, unless a member it corrects has been
changed since (its version moved): then the list is checked again.
"""

from datetime import date

from branches.lists import Plan, Planned
from branches.models import Import, Member


def plan_to_json(plan: Plan) -> list[dict]:
    """What the confirmation will write, as JSON: the new members' fields, the corrections."""
    kept = []
    for planned in plan.planned:
        if planned.action == "create":
            kept.append({"fields": _json_fields(planned.fields)})
        elif planned.action == "update":
            target = planned.target
            kept.append({"member": target.pk, "version": target.version,
                         "fields": _json_fields(planned.fields)})  # fmt: skip
    return kept


def _json_fields(fields: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items()}


_DATE_FIELDS = {"birth_date", "joined_on"}


def plan_from_json(record: Import) -> Plan | None:
    """The plan kept at the check, if every corrected member is still as it was then."""

    def fields(stored: dict) -> dict:
        return {
            k: date.fromisoformat(v) if k in _DATE_FIELDS and v else v for k, v in stored.items()
        }

    entries = record.planned or []
    targets = Member.objects.select_related("unit").in_bulk(
        [e["member"] for e in entries if "member" in e]
    )
    plan = Plan(rows=record.rows)
    for entry in entries:
        if "member" not in entry:
            plan.planned.append(Planned(None, "create", fields(entry["fields"])))
            continue
        target = targets.get(entry["member"])
        if target is None or target.version != entry["version"] or target.unit_id != record.unit_id:
            return None
        plan.planned.append(Planned(None, "update", fields(entry["fields"]), target))
    return plan
