"""Forms of an import: the upload (checked before any parser opens it) and the column mapping."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from branches.lists.columns import MEMBER_FIELD_LABELS as MEMBER_LABELS
from branches.lists.columns import MEMBER_JOINABLE
from branches.lists.columns import UNIT_FIELD_LABELS as UNIT_LABELS
from branches.models import Import, ImportKind
from unionhub.core.forms import StyledFormMixin
from unionhub.core.spreadsheets import check_file

ACCEPT = ".xlsx,.xls,.ods,.csv"


class ImportUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("The list"),
        help_text=_("An Excel (.xlsx, .xls), LibreOffice (.ods) or CSV file."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.UPLOAD_MAX_FILE_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        upload.seek(0)
        content = upload.read()
        # Size, format by content, zip entries and ratio: refused before anything parses it.
        check_file(content, upload.name, max_bytes=limit)
        self.content = content
        return upload


class ImportMappingForm(StyledFormMixin, forms.Form):
    """One choice per column found: the field it holds, or "ignore"."""

    def __init__(self, *args, record: Import, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.record = record
        labels = MEMBER_LABELS if record.kind == ImportKind.MEMBERS else UNIT_LABELS
        self.joinable = MEMBER_JOINABLE if record.kind == ImportKind.MEMBERS else {"address"}
        self.labels = labels
        choices = [("", _("Ignore this column")), *labels.items()]
        for index, column in enumerate(record.columns):
            sample = column.get("sample") or ""
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=column["label"],
                choices=choices,
                required=False,
                initial=column["field"],
                help_text=_("For example: %(value)s") % {"value": sample} if sample else "",
            )
        # StyledFormMixin styled the fields that existed when it ran: none yet.
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select")

    def clean(self) -> dict:
        data = super().clean()
        seen: dict[str, str] = {}
        for index, column in enumerate(self.record.columns):
            chosen = data.get(f"column_{index}") or ""
            if not chosen or chosen in self.joinable:
                continue
            if chosen in seen:
                raise forms.ValidationError(
                    _("“%(a)s” and “%(b)s” cannot both hold “%(field)s”: ignore one of them.")
                    % {"a": seen[chosen], "b": column["label"], "field": self.labels[chosen]}
                )
            seen[chosen] = column["label"]
        return data

    def mapping(self) -> dict[str, str]:
        """The columns the person sent (a column left out keeps what it holds)."""
        return {
            column["key"]: self.cleaned_data.get(f"column_{index}") or ""
            for index, column in enumerate(self.record.columns)
            if f"column_{index}" in self.data
        }
