"""Forms for agreements, uploads and reviews. Kommuner are entered by number, so the form works
without JavaScript and the list of 357 kommuner never needs a giant select."""
from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from mestring.agreements.models import LEVEL_CHOICES, Document
from mestring.structure.models import Unit

QUEUE_STATUS = [("alle", _("Alle")), ("ny", _("Ikke vurdert")), ("vurdert", _("Vurdert én gang")),
                ("ferdig", _("Vurdert to ganger"))]


class QueueFilter(forms.Form):
    status = forms.ChoiceField(label=_("Vis"), choices=QUEUE_STATUS, required=False)


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=300)
    hf = forms.ModelChoiceField(label=_("Helseforetak"), queryset=Unit.objects.none())
    municipalities = forms.CharField(label=_("Kommuner"), max_length=2000,
                                     help_text=_("Kommunenummer eller bydelsnummer, skilt med komma, f.eks. 5501, 1804."))
    signed_on = forms.DateField(label=_("Signert"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_from = forms.DateField(label=_("Gyldig fra"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label=_("Gyldig til"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    revised_on = forms.DateField(label=_("Revidert"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hf"].queryset = Unit.objects.current().filter(kind=Unit.Kind.HF).order_by("name")

    def clean_municipalities(self) -> list[Unit]:
        codes = [c for c in re.split(r"[\s,;]+", self.cleaned_data["municipalities"]) if c]
        units = {u.code: u for u in Unit.objects.current().filter(
            kind__in=[Unit.Kind.KOMMUNE, Unit.Kind.BYDEL], code__in=codes)}
        unknown = [c for c in codes if c not in units]
        if unknown:
            raise forms.ValidationError(_("Ukjente kommunenummer: %(codes)s."), params={"codes": ", ".join(unknown)})
        if not units:
            raise forms.ValidationError(_("Oppgi minst én kommune."))
        return list(units.values())

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("«Gyldig til» kan ikke være før «gyldig fra»."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.odt,.txt,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, (list, tuple)) else [data]
        return [single(f, initial) for f in files]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Dokumenttype"), choices=Document.Kind.choices)
    files = MultipleFileField(label=_("Filer"), help_text=_(
        "PDF, DOCX, ODT eller tekst, én eller flere, eller en zip med slike filer. Største fil: 20 MB. "
        "En fil med samme navn som et dokument som finnes, blir en ny versjon; den gamle beholdes."))


class ReviewForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Nivå"), choices=LEVEL_CHOICES, coerce=int, widget=forms.RadioSelect)
    evidence = forms.MultipleChoiceField(label=_("Belegg du står inne for"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    extra_evidence = forms.CharField(label=_("Andre belegg (én passasje per linje)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    comment = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=5000, help_text=_("Påkrevd når du endrer det foreslåtte nivået."))

    def __init__(self, *args, proposed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = [(str(i), text) for i, text in enumerate(proposed)]
        self.proposed = proposed

    def chosen_evidence(self) -> list[str]:
        picked = [self.proposed[int(i)] for i in self.cleaned_data["evidence"]]
        extra = [line.strip() for line in self.cleaned_data["extra_evidence"].splitlines() if line.strip()]
        return picked + extra


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Søk i avtaletekstene"), max_length=200, required=False)
