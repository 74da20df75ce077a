"""Forms of the report pages: the year of a national report, and the unit of a fact sheet."""
from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mestring.overview.models import FIRST_REPORT_YEAR
from mestring.structure.models import Unit


def report_years() -> list[int]:
    """Last year first: the year normally reported on."""
    return list(range(timezone.localdate().year, FIRST_REPORT_YEAR - 1, -1))


class StartReportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in report_years()]
        self.fields["year"].initial = report_years()[1]


class FactsheetForm(forms.Form):
    """GET form: pick a kommune or an HF and a year; the view sends the browser to the PDF."""

    kommune = forms.ChoiceField(label=_("Kommune"), required=False)
    hf = forms.ChoiceField(label=_("Helseforetak"), required=False)
    year = forms.TypedChoiceField(label=_("År"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = Unit.objects.current()
        self.fields["kommune"].choices = [("", _("Velg kommune"))] + [
            (u.code, f"{u.name} ({u.code})") for u in current.filter(kind=Unit.Kind.KOMMUNE).order_by("name")]
        self.fields["hf"].choices = [("", _("Velg helseforetak"))] + [
            (u.code, u.name) for u in current.filter(kind=Unit.Kind.HF).order_by("name")]
        self.fields["year"].choices = [(y, str(y)) for y in report_years()]
        self.fields["year"].initial = report_years()[1]

    def clean(self):
        data = super().clean()
        if bool(data.get("kommune")) == bool(data.get("hf")):
            raise forms.ValidationError(_("Velg enten en kommune eller et helseforetak."))
        return data

    def target(self) -> tuple[str, str, int]:
        data = self.cleaned_data
        kind = "kommune" if data["kommune"] else "hf"
        return kind, data["kommune"] or data["hf"], data["year"]
