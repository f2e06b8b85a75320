"""Events, their invitations and attendance, surveys and the opinion register."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EventKind(models.TextChoices):
    DIALOGUE = "dialogue", _("Dialogue conference")
    CEREMONY = "ceremony", _("Ceremony")
    TRAINING = "training", _("Training")
    MEETING = "meeting", _("Meeting")
    ACTIVITY = "activity", _("Activity")


class Event(models.Model):
    """Something the union holds on a date: a dialogue conference, a ceremony, a training…"""

    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    organiser = models.ForeignKey(
        "branches.Unit",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("An event cannot end before it starts.")})

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Reply(models.TextChoices):
    PENDING = "pending", _("Not replied yet")
    YES = "yes", _("Attending")
    NO = "no", _("Not attending")


def new_checkin_code() -> str:
    """An unguessable personal check-in code (128 random bits)."""
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    """An invited unit (addressed to its secretary) or a named guest, with reply and check-in."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations"
    )
    unit = models.ForeignKey(
        "branches.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    guest_name = models.CharField(_("guest's name"), max_length=150, blank=True)
    guest_position = models.CharField(_("position"), max_length=150, blank=True)
    guest_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    reply = models.CharField(_("reply"), max_length=8, choices=Reply.choices, default=Reply.PENDING)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    code = models.CharField(
        _("check-in code"), max_length=32, unique=True, default=new_checkin_code, editable=False
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "unit"],
                condition=models.Q(unit__isnull=False),
                name="one_invitation_per_event_and_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | ~models.Q(guest_name=""),
                name="invitation_has_unit_or_guest",
            ),
        ]

    def __str__(self) -> str:
        return self.invitee_name

    def get_absolute_url(self) -> str:
        return reverse("events:invitation", kwargs={"pk": self.pk})

    @property
    def is_guest(self) -> bool:
        return self.unit_id is None

    @property
    def invitee_name(self) -> str:
        return self.guest_name if self.is_guest else self.unit.name

    @property
    def invitee_detail(self) -> str:
        """The guest's position and organisation, or the unit's parent."""
        if self.is_guest:
            return ", ".join(p for p in (self.guest_position, self.guest_organisation) if p)
        return self.unit.parent.name if self.unit.parent_id else ""

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None


class Survey(models.Model):
    """An online survey sent before an event to every invited unit."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=255)
    intro = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:survey", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A survey must close after it opens.")})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    @property
    def has_closed(self) -> bool:
        return timezone.now() >= self.closes_at


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    NUMBER = "number", _("Number")
    SCALE = "scale_1_5", _("Scale from 1 to 5")


CHOICE_KINDS = {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}
TEXT_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}
NUMBER_KINDS = {QuestionKind.NUMBER, QuestionKind.SCALE}


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    # The options of a choice question, as a list of labels; an answer stores the chosen labels.
    choices = models.JSONField(_("options"), default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.choices, list) or not all(
            isinstance(c, str) and c.strip() for c in self.choices
        ):
            raise ValidationError({"choices": _("Options must be a list of labels.")})
        if self.kind in CHOICE_KINDS and len(self.choices) < 2:
            raise ValidationError({"choices": _("A choice question needs at least two options.")})
        if len(set(self.choices)) != len(self.choices):
            raise ValidationError({"choices": _("Each option must be different.")})
        if self.kind not in CHOICE_KINDS and self.choices:
            raise ValidationError({"choices": _("Only choice questions have options.")})

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS


class Response(models.Model):
    """One invited unit's answers to a survey: one per unit, editable until the survey closes."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses"
    )
    unit = models.ForeignKey(
        "branches.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["submitted_at", "pk"]
        constraints = [
            # The guarantee behind "a double submission never makes two responses".
            models.UniqueConstraint(fields=["survey", "unit"], name="one_response_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.unit}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    text = models.TextField(_("text"), blank=True)
    number = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    choices = models.JSONField(_("chosen options"), default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__order", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        if self.choices:
            return "; ".join(self.choices)
        if self.number is not None:
            return format_number(self.number)
        return self.text


def format_number(value) -> str:
    """2.00 → "2", 2.50 → "2.5": how people write the numbers they typed."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class Theme(models.Model):
    """A theme opinions are grouped under; an editable list."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


# The themes of the 2021 dialogue conference (DOMAIN.md § The dialogue conference).
THEMES_2021 = [
    "Cơ sở vật chất, địa điểm sinh hoạt",
    "Hoạt động chưa thu hút",
    "Kỹ năng vận động thanh niên và địa bàn khó tiếp cận",
    "Tình hình đoàn viên",
    "Phụ cấp, chế độ chính sách cho Bí thư",
    "Công tác phát triển đoàn viên mới",
    "Giới thiệu đoàn viên ưu tú cho Đảng",
    "Đề xuất hỗ trợ",
]


class OpinionSource(models.TextChoices):
    SURVEY = "survey", _("Survey")
    SPOKEN = "spoken", _("Spoken at the conference")
    WRITTEN = "written", _("In writing")


class OpinionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ASSIGNED = "assigned", _("Assigned")
    ANSWERED = "answered", _("Answered")
    FORWARDED = "forwarded", _("Forwarded")
    CLOSED = "closed", _("Closed")


# Which status may follow which; `events.services.opinions._transition` enforces it.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    OpinionStatus.OPEN: {
        OpinionStatus.ASSIGNED,
        OpinionStatus.ANSWERED,
        OpinionStatus.FORWARDED,
        OpinionStatus.CLOSED,
    },
    OpinionStatus.ASSIGNED: {
        OpinionStatus.ASSIGNED,
        OpinionStatus.ANSWERED,
        OpinionStatus.FORWARDED,
        OpinionStatus.CLOSED,
    },
    OpinionStatus.ANSWERED: {OpinionStatus.ANSWERED, OpinionStatus.CLOSED, OpinionStatus.OPEN},
    OpinionStatus.FORWARDED: {OpinionStatus.ANSWERED, OpinionStatus.CLOSED, OpinionStatus.OPEN},
    OpinionStatus.CLOSED: {OpinionStatus.OPEN},
}
UNANSWERED_STATUSES = (OpinionStatus.OPEN, OpinionStatus.ASSIGNED)


class AnswerChannel(models.TextChoices):
    AT_CONFERENCE = "at_conference", _("At the conference")
    IN_WRITING = "in_writing", _("In writing")
    FORWARDED = "forwarded", _("Forwarded to another body")


class Addressee(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", _("The standing committee")
    DISTRICT_DEPARTMENT = "district_department", _("A district department")
    OUTSIDE_BODY = "outside_body", _("An outside body")


class Opinion(models.Model):
    """An opinion, petition or proposal raised for an event, and what was done with it."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="opinions"
    )
    raised_by_unit = models.ForeignKey(
        "branches.Unit",
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    speaker = models.CharField(_("speaker"), max_length=150, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=OpinionSource.choices)
    source_answer = models.ForeignKey(
        Answer,
        verbose_name=_("survey answer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="opinions"
    )
    content = models.TextField(_("content"))
    addressee = models.CharField(
        _("addressed to"), max_length=24, choices=Addressee.choices, blank=True
    )
    addressee_detail = models.CharField(
        _("which body"),
        max_length=200,
        blank=True,
        help_text=_("For example: Phòng Văn hóa và Thông tin Quận"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who answers"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_opinions",
    )
    due_on = models.DateField(_("answer by"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answer_channel = models.CharField(
        _("answered"), max_length=16, choices=AnswerChannel.choices, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.OPEN
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")), name="opinion_not_merged_into_self"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.content[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("events:opinion", kwargs={"pk": self.pk})

    @property
    def raised_by(self) -> str:
        """Who raised it, as a line: the branch and the speaker."""
        parts = []
        if self.raised_by_unit_id:
            unit = self.raised_by_unit
            parent = unit.parent.name if unit.parent_id and unit.parent.parent_id else ""
            parts.append(f"{unit.name} – {parent}" if parent else unit.name)
        if self.speaker:
            parts.append(self.speaker)
        return ", ".join(parts)

    @property
    def is_overdue(self) -> bool:
        return (
            self.due_on is not None
            and self.status in UNANSWERED_STATUSES
            and self.due_on < timezone.localdate()
        )


class OpinionTransition(models.Model):
    """One change of an opinion's status: kept for the follow-up tracker."""

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("opinion"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=10, choices=OpinionStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=OpinionStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("opinion status change")
        verbose_name_plural = _("opinion status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.opinion_id}: {self.from_status} → {self.to_status}"
