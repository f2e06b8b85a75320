"""Themes: the editable list opinions are grouped under."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionhub.core.versions import Versioned


class Theme(Versioned, models.Model):
    """A theme opinions are grouped under; an editable list."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


# The themes of the 2021 dialogue conference, as its organisers grouped the opinions.
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
