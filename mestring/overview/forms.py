"""The filter form every overview page shares (GET, so the state lives in the URL), plus page options."""
from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mestring.overview import selectors
from mestring.overview.selectors import Filters


def year_choices() -> list[int]:
    """Years with reports; last year when none has been reported yet."""
    return selectors.available_years() or [timezone.localdate().year - 1]


def _area(label, choices) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False,
                             choices=[("", _("Alle"))] + [(c.code, c.name) for c in choices])


class FilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [(y, y) for y in year_choices()]
        choices = selectors.filter_choices()
        self.fields["rhf"] = _area(_("Regionalt helseforetak"), choices.rhfs)
        self.fields["hf"] = _area(_("Helseforetak"), choices.hfs)
        self.fields["fylke"] = _area(_("Fylke"), choices.fylker)
        self.fields["kommune"] = _area(_("Kommune"), choices.kommuner)
        for name, field in self.extra_fields().items():
            self.fields[name] = field
        self.fields["year"].error_messages["invalid_choice"] = _("Det finnes ingen rapporter for året %(value)s.")
        for name in ("rhf", "hf", "fylke", "kommune"):
            self.fields[name].error_messages["invalid_choice"] = _("Ukjent kode «%(value)s». Velg fra listen.")

    def extra_fields(self) -> dict[str, forms.Field]:
        return {}

    @property
    def selected_year(self) -> int:
        return self.cleaned_data.get("year") or year_choices()[0]

    @property
    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(rhf=data.get("rhf", ""), hf=data.get("hf", ""), fylke=data.get("fylke", ""),
                       kommune=data.get("kommune", ""))

    def selects(self) -> list[tuple]:
        """(bound field, its <select> HTML) for the template."""
        return [(field, select_html(field)) for field in self]

    def option(self, name: str) -> str:
        return self.cleaned_data.get(name) or self.fields[name].choices[0][0]


LEVEL_CHOICES = [("kommune", _("Kommune")), ("fylke", _("Fylke")), ("hf", _("Helseforetaksområde"))]


class LevelForm(FilterForm):
    def extra_fields(self):
        return {"level": forms.ChoiceField(label=_("Nivå"), choices=LEVEL_CHOICES, required=False)}


class ParticipationForm(FilterForm):
    def extra_fields(self):
        return {"level": forms.ChoiceField(label=_("Nivå"), choices=[LEVEL_CHOICES[2], LEVEL_CHOICES[1]],
                                           required=False)}


DIMENSION_CHOICES = [("diagnose", _("Diagnosegruppe")), ("malgruppe", _("Målgruppe")),
                     ("sprak", _("Språk")), ("digital", _("Digitalt eller fysisk"))]


class DimensionForm(FilterForm):
    def extra_fields(self):
        return {"dimension": forms.ChoiceField(label=_("Fordelt på"), choices=DIMENSION_CHOICES, required=False)}


class AccessForm(FilterForm):
    def extra_fields(self):
        from mestring.overview import facts

        return {"group": forms.ChoiceField(label=_("Diagnosegruppe på kartet"), required=False,
                                           choices=facts.diagnosis_terms())}


class ChangeForm(FilterForm):
    """Change over years has no single year: it shows every reported year."""

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        del self.fields["year"]


def select_html(bound_field) -> str:
    """A Designsystemet <select> built in Python: Django's widget templates render one include per
    option, which for 357 kommuner costs most of a page's time."""
    value = str(bound_field.value() or "")
    described = f"{bound_field.id_for_label}-error" if bound_field.errors else ""
    options = format_html_join("", '<option value="{}"{}>{}</option>', (
        (code, mark_safe(" selected") if str(code) == value else "", label)
        for code, label in bound_field.field.choices))
    return format_html('<select name="{}" id="{}" class="ds-input"{}{}>{}</select>', bound_field.html_name,
                       bound_field.id_for_label,
                       mark_safe(' aria-invalid="true"') if described else "",
                       format_html(' aria-describedby="{}"', described) if described else "", options)
