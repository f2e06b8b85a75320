"""Survey responses: one per invited unit, editable until the survey closes, and their answers."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.models.questions import Question
from events.models.surveys import Survey
from unionhub.core.versions import Versioned


class Response(Versioned, models.Model):
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
        indexes = [
            # The results are kept until a response comes or changes: their count and the sum
            # of their versions are read from this index alone (unionhub/core/fingerprints.py).
            models.Index(fields=["survey", "version"], name="response_survey_version"),
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
