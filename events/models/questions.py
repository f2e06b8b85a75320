"""Survey questions: their kinds, options and order."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from events.models.surveys import Survey
from unionhub.core.versions import Versioned


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


class Question(Versioned, models.Model):
    """One question of a survey; deleting it leaves a history row (who, when, what it asked)."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField(
        pgettext_lazy("question", "kind"), max_length=20, choices=QuestionKind.choices
    )
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    # The options of a choice question, as a list of labels; an answer stores the chosen labels.
    choices = models.JSONField(_("options"), default=list, blank=True)
    max_choices = models.PositiveSmallIntegerField(
        _("at most this many options"),
        null=True,
        blank=True,
        help_text=_("For a multiple-choice question; empty for no limit."),
    )

    history = HistoricalRecords()

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
        if self.max_choices is not None:
            if self.kind != QuestionKind.MULTIPLE_CHOICE:
                raise ValidationError(
                    {"max_choices": _("Only a multiple-choice question has a limit.")}
                )
            if not 1 <= self.max_choices < len(self.choices):
                raise ValidationError(
                    {
                        "max_choices": _(
                            "The limit must be at least 1 and less than the number of options."
                        )
                    }
                )

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS
