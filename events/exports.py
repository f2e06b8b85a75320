"""Excel rows and PDF contexts for events: attendance, survey results, the register, the digest.

Generators yield rows from querysets that the views have already scoped to what the user may see.
Survey results: one row per responding unit; a multiple-choice question gets one column per option
marked "x" (so a spreadsheet can count and filter each option), the other questions one column.
"""

from collections.abc import Iterator
from itertools import groupby

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from branches.models import Role, RoleKind
from branches.services import top_unit
from events.models import (
    Event,
    Invitation,
    Opinion,
    OpinionStatus,
    QuestionKind,
    Survey,
)
from events.reports import responses_for_export
from unionhub.core.text import natural_key, place_date_line
from unionhub.core.xlsx import Sheet

TICK = "x"


def _parent(unit) -> str:
    return unit.parent.name if unit.parent_id else ""


def attendance_invitations(event: Event) -> list[Invitation]:
    """Guests first, then the units in the order of the tree, with the secretaries' roles."""
    invitations = list(
        event.invitations.select_related("unit", "unit__parent", "checked_in_by").prefetch_related(
            Prefetch(
                "unit__roles",
                queryset=Role.objects.filter(kind=RoleKind.EDITOR).select_related("user"),
                to_attr="editor_roles",
            )
        )
    )
    guests = [i for i in invitations if i.is_guest]
    units = [i for i in invitations if not i.is_guest]
    units.sort(key=lambda i: (natural_key(_parent(i.unit)), natural_key(i.unit.name)))
    return guests + units


def secretary_of(invitation: Invitation) -> str:
    roles = getattr(invitation.unit, "editor_roles", []) if invitation.unit_id else []
    return ", ".join(role.user.display_name for role in roles)


def attendance_sheet(event: Event) -> Sheet:
    def rows() -> Iterator[list]:
        for n, inv in enumerate(attendance_invitations(event), start=1):
            yield [
                n,
                inv.invitee_name,
                inv.invitee_detail,
                inv.guest_position if inv.is_guest else secretary_of(inv),
                inv.get_reply_display(),
                TICK if inv.is_checked_in else "",
                inv.checked_in_at,
            ]

    header = [
        _("No."),
        _("Unit / name"),
        _("Under / organisation"),
        _("Position / secretary"),
        _("Reply"),
        _("Present"),
        _("Checked in at"),
    ]
    return Sheet(_("Attendance"), header, rows(), widths=[6, 40, 36, 30, 16, 10, 18])


def results_sheet(survey: Survey) -> Sheet:
    questions = list(survey.questions.all())
    header = [_("No."), _("Unit"), _("Under"), _("Submitted by"), _("Last saved")]
    for question in questions:
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            header += [f"{question.text}: {option}" for option in question.choices]
        else:
            header.append(question.text)

    def rows() -> Iterator[list]:
        for n, response in enumerate(responses_for_export(survey), start=1):
            answers = {a.question_id: a for a in response.answers.all()}
            row = [
                n,
                response.unit.name,
                _parent(response.unit),
                response.submitted_by.display_name if response.submitted_by else "",
                response.updated_at,
            ]
            for question in questions:
                answer = answers.get(question.pk)
                if question.kind == QuestionKind.MULTIPLE_CHOICE:
                    chosen = set(answer.choices) if answer else set()
                    row += [TICK if option in chosen else "" for option in question.choices]
                elif answer is None:
                    row.append("")
                elif answer.number is not None:
                    row.append(answer.number)
                else:
                    row.append(answer.display)
            yield row

    return Sheet(_("Results"), header, rows())


def register_opinions(event: Event, opinions=None):
    qs = opinions if opinions is not None else Opinion.objects.filter(event=event)
    return qs.select_related(
        "theme", "raised_by_unit", "raised_by_unit__parent", "assignee", "merged_into"
    ).order_by("pk")


def register_sheet(event: Event, opinions=None) -> Sheet:
    def rows() -> Iterator[list]:
        for op in register_opinions(event, opinions):
            yield [
                op.pk,
                op.theme.name,
                op.raised_by_unit.name if op.raised_by_unit_id else "",
                _parent(op.raised_by_unit) if op.raised_by_unit_id else "",
                op.speaker,
                op.get_source_display(),
                op.content,
                op.get_addressee_display() if op.addressee else "",
                op.addressee_detail,
                op.assignee.display_name if op.assignee_id else "",
                op.due_on,
                op.get_status_display(),
                op.get_answer_channel_display() if op.answer_channel else "",
                op.answer,
                op.forwarded_to,
                f"#{op.merged_into_id}" if op.merged_into_id else "",
            ]

    header = [
        _("No."), _("Theme"), _("Raised by"), _("Under"), _("Speaker"), _("Source"), _("Content"),
        _("Addressed to"), _("Which body"), _("Who answers"), _("Answer by"), _("Status"),
        _("Answered"), _("Answer"), _("Forwarded to"), pgettext("opinion", "Merged into"),
    ]  # fmt: skip
    widths = [6, 30, 28, 22, 22, 16, 60, 20, 24, 22, 12, 14, 18, 60, 24, 10]
    return Sheet(_("Opinions"), header, rows(), widths=widths)


def roman(n: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out


DIGEST_STATUSES = (OpinionStatus.ANSWERED, OpinionStatus.FORWARDED, OpinionStatus.CLOSED)


def digest_context(event: Event) -> dict:
    """Every answered (or forwarded) opinion, under its theme, with its answer."""
    opinions = (
        Opinion.objects.filter(event=event, merged_into__isnull=True, status__in=DIGEST_STATUSES)
        .exclude(answer="", forwarded_to="")
        .select_related("theme", "raised_by_unit", "raised_by_unit__parent")
        .prefetch_related(
            Prefetch(
                "merged",
                queryset=Opinion.objects.select_related(
                    "raised_by_unit", "raised_by_unit__parent"
                ).order_by("pk"),
            )
        )
        .order_by("theme__order", "theme__name", "pk")
    )
    sections = []
    for n, (theme, items) in enumerate(groupby(opinions, key=lambda op: op.theme), start=1):
        sections.append({"number": roman(n), "theme": theme, "opinions": list(items)})
    top = top_unit()  # the letterhead is the top unit's
    return {
        "event": event,
        "top": top,
        "sections": sections,
        "count": sum(len(s["opinions"]) for s in sections),
        "place_date": place_date_line(top.place_name or "", timezone.localdate()),
    }


def sign_in_context(event: Event) -> dict:
    top = top_unit()
    return {"event": event, "top": top, "invitations": attendance_invitations(event)}
