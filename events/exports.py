"""Every file events hands out, as a registered exporter served by `export_response`.

Excel: the attendance list, the survey results and the opinion register; PDF: the sign-in sheet
and the digest of questions and answers. Each exporter is built from the user and plain ids and
fetches its event or survey through the permission helpers (404 for anyone who does not run
it). Excel rows come from `values_list()` with labels and names looked up once.
Survey results: one row per responding unit; a multiple-choice question gets one column per
option marked "x" (so a spreadsheet can count and filter each option), the other questions one.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import groupby

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from branches.models import Role, RoleKind
from branches.services import top_unit
from events.models import (
    Addressee,
    Answer,
    AnswerChannel,
    Event,
    Invitation,
    Opinion,
    OpinionSource,
    OpinionStatus,
    QuestionKind,
    Reply,
    Response,
)
from events.permissions import can_run_event, get_event_for, get_survey_for
from unionhub.core.exports import PdfExporter, XlsxExporter, register
from unionhub.core.pdf import render_pdf
from unionhub.core.text import natural_key, place_date_line
from unionhub.core.xlsx import Sheet

TICK = "x"


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _people(ids: Iterable[int | None]) -> dict[int, str]:
    """Display names of these users, in one query."""
    wanted = {pk for pk in ids if pk}
    users = get_user_model().objects.filter(pk__in=wanted) if wanted else []
    return {user.pk: user.display_name for user in users}


class _EventExporter:
    """An exporter about one event that the user runs."""

    def __init__(self, *, user, event: int) -> None:
        super().__init__(user=user, event=event)
        self.event = get_event_for(user, event, allow=can_run_event)

    def log_unit(self):
        return self.event.organiser

    def log_detail(self) -> str:
        return self.event.title


# --- attendance and the sign-in sheet --------------------------------------------------------


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
    units.sort(key=lambda i: (natural_key(i.unit.parent.name if i.unit.parent_id else ""),
                              natural_key(i.unit.name)))  # fmt: skip
    return guests + units


@register
class AttendanceExporter(_EventExporter, XlsxExporter):
    identifier = "events.attendance"
    title = gettext_lazy("Event attendance")

    def filename(self) -> str:
        return f"Điểm danh – {self.event.title}.xlsx"

    def rows(self) -> Iterator[list]:
        fields = ("unit_id", "unit__name", "unit__parent__name", "guest_name", "guest_position",
                  "guest_organisation", "reply", "checked_in_at")  # fmt: skip
        invitations = list(self.event.invitations.order_by("pk").values_list(*fields))
        roles = list(
            Role.objects.filter(unit__invitations__event=self.event, kind=RoleKind.EDITOR)
            .order_by("pk")
            .values_list("unit_id", "user_id")
        )
        names = _people(user_id for _unit, user_id in roles)
        secretaries = defaultdict(list)
        for unit_id, user_id in roles:
            secretaries[unit_id].append(names[user_id])
        replies = _labels(Reply.choices)
        guests = [row for row in invitations if row[0] is None]
        units = sorted(
            (row for row in invitations if row[0] is not None),
            key=lambda row: (natural_key(row[2] or ""), natural_key(row[1])),
        )
        for n, row in enumerate(guests + units, start=1):
            unit_id, unit, parent, guest, position, organisation, reply, checked_in_at = row
            if unit_id is None:
                name, detail = guest, ", ".join(p for p in (position, organisation) if p)
                role = position
            else:
                name, detail, role = unit, parent or "", ", ".join(secretaries[unit_id])
            present = TICK if checked_in_at else ""
            yield [n, name, detail, role, replies[reply], present, checked_in_at]

    def sheets(self) -> Iterator[Sheet]:
        header = [_("No."), _("Unit / name"), _("Under / organisation"),
                  _("Position / secretary"), _("Reply"), _("Present"), _("Checked in at")]  # fmt: skip
        widths = [6, 40, 36, 30, 16, 10, 18]
        yield Sheet(_("Attendance"), header, self.rows(), widths=widths)


@register
class SignInSheetExporter(_EventExporter, PdfExporter):
    identifier = "events.sign_in_sheet"
    title = gettext_lazy("Event sign-in sheet")

    def filename(self) -> str:
        return f"Danh sách ký tên – {self.event.title}.pdf"

    def render(self) -> tuple[bytes, int]:
        invitations = attendance_invitations(self.event)
        context = {"event": self.event, "top": top_unit(), "invitations": invitations}
        return render_pdf("events/pdf/invitation_sign_in_sheet.html", context), len(invitations)


# --- survey results --------------------------------------------------------------------------


@register
class SurveyResultsExporter(XlsxExporter):
    identifier = "events.survey_results"
    title = gettext_lazy("Survey results")

    def __init__(self, *, user, survey: int) -> None:
        super().__init__(user=user, survey=survey)
        self.survey = get_survey_for(user, survey)

    def log_unit(self):
        return self.survey.event.organiser

    def log_detail(self) -> str:
        return self.survey.title

    def filename(self) -> str:
        return f"Kết quả – {self.survey.title}.xlsx"

    def sheets(self) -> Iterator[Sheet]:
        questions = list(self.survey.questions.all())
        header = [_("No."), _("Unit"), _("Under"), _("Submitted by"), _("Last saved")]
        for question in questions:
            if question.kind == QuestionKind.MULTIPLE_CHOICE:
                header += [f"{question.text}: {option}" for option in question.choices]
            else:
                header.append(question.text)
        yield Sheet(_("Results"), header, self.rows(questions))

    def rows(self, questions) -> Iterator[list]:
        responses = list(
            Response.objects.filter(survey=self.survey)
            .order_by("unit__path")
            .values_list("pk", "unit__name", "unit__parent__name", "submitted_by_id", "updated_at")
        )
        answers: dict[int, dict[int, tuple]] = defaultdict(dict)
        given = Answer.objects.filter(response__survey=self.survey).values_list(
            "response_id", "question_id", "text", "number", "choices"
        )
        for response_id, question_id, text, number, choices in given:
            answers[response_id][question_id] = (text, number, choices)
        names = _people(row[3] for row in responses)
        for n, (pk, unit, parent, submitted_by, updated_at) in enumerate(responses, start=1):
            row = [n, unit, parent or "", names.get(submitted_by, ""), updated_at]
            mine = answers[pk]
            for question in questions:
                text, number, choices = mine.get(question.pk, ("", None, []))
                if question.kind == QuestionKind.MULTIPLE_CHOICE:
                    row += [TICK if option in choices else "" for option in question.choices]
                elif question.pk not in mine:
                    row.append("")
                elif number is not None:
                    row.append(number)
                else:
                    row.append("; ".join(choices) if choices else text)
            yield row


# --- the opinion register and the digest -----------------------------------------------------


@register
class OpinionRegisterExporter(_EventExporter, XlsxExporter):
    identifier = "events.opinion_register"
    title = gettext_lazy("Opinion register")

    def filename(self) -> str:
        return f"Sổ ý kiến – {self.event.title}.xlsx"

    def rows(self) -> Iterator[list]:
        fields = ("pk", "theme__name", "raised_by_unit__name", "raised_by_unit__parent__name",
                  "speaker", "source", "content", "addressee", "addressee_detail", "assignee_id",
                  "due_on", "status", "answer_channel", "answer", "forwarded_to", "merged_into_id")  # fmt: skip
        opinions = list(
            Opinion.objects.filter(event=self.event).order_by("pk").values_list(*fields)
        )
        names = _people(row[9] for row in opinions)
        sources, statuses = _labels(OpinionSource.choices), _labels(OpinionStatus.choices)
        addressees, channels = _labels(Addressee.choices), _labels(AnswerChannel.choices)
        for row in opinions:
            pk, theme, unit, parent, speaker, source, content, addressee, detail = row[:9]
            assignee, due_on, status, channel, answer, forwarded_to, merged_into = row[9:]
            yield [
                pk, theme, unit or "", parent or "", speaker, sources[source], content,
                addressees.get(addressee, ""), detail, names.get(assignee, ""), due_on,
                statuses[status], channels.get(channel, ""), answer, forwarded_to,
                f"#{merged_into}" if merged_into else "",
            ]  # fmt: skip

    def sheets(self) -> Iterator[Sheet]:
        header = [
            _("No."), _("Theme"), _("Raised by"), _("Under"), _("Speaker"), _("Source"),
            _("Content"), _("Addressed to"), _("Which body"), _("Who answers"), _("Answer by"),
            _("Status"), _("Answered"), _("Answer"), _("Forwarded to"),
            pgettext("opinion", "Merged into"),
        ]  # fmt: skip
        widths = [6, 30, 28, 22, 22, 16, 60, 20, 24, 22, 12, 14, 18, 60, 24, 10]
        yield Sheet(_("Opinions"), header, self.rows(), widths=widths)


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
    number = event.digest_number or "\u00a0" * 6  # left blank to be written in, as on paper
    held_on = timezone.localdate(event.ends_at or event.starts_at)
    return {
        "event": event,
        "top": top,
        "sections": sections,
        "count": sum(len(s["opinions"]) for s in sections),
        "number": f"Số: {number}-BC/{top.issuer_code}" if top.issuer_code else "",
        "place_date": place_date_line(top.place_name or "", held_on),
        "signature": {
            "on_behalf": "TM. BAN THƯỜNG VỤ",
            "title": event.digest_signer_title.upper(),
            "name": event.digest_signer_name,
        },
    }


@register
class OpinionDigestExporter(_EventExporter, PdfExporter):
    identifier = "events.opinion_digest"
    title = gettext_lazy("Opinion digest")

    def filename(self) -> str:
        return f"Tổng hợp ý kiến và trả lời – {self.event.title}.pdf"

    def render(self) -> tuple[bytes, int]:
        context = digest_context(self.event)
        return render_pdf("events/pdf/opinion_digest.html", context), context["count"]
