"""Forms for groups, members, meetings, attachments and the contact directory."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mestring.network.access_groups import DIRECTORY_KINDS
from mestring.network.forms import DateTimeInput
from mestring.network.models_groups import DirectoryEntry, Group, Meeting, Membership
from mestring.structure.models import Unit

DATE = {"type": "date"}


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "slug", "kind", "description", "is_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["person_name", "person_email", "organisation", "unit", "role", "region", "starts_on", "ends_on"]
        widgets = {"starts_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                   "ends_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                   "person_email": forms.EmailInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.current().filter(kind__in=DIRECTORY_KINDS).order_by("kind", "name")
        self.fields["region"].queryset = Unit.objects.current().filter(kind=Unit.Kind.RHF).order_by("name")
        self.fields["person_name"].help_text = _("Fyll ut navn og e-post for en person, organisasjon for en "
                                                 "organisasjon, eller velg en enhet")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "place", "is_digital", "agenda", "minutes", "is_public"]
        widgets = {"starts_at": DateTimeInput(), "agenda": forms.Textarea(attrs={"rows": 6}),
                   "minutes": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Fil"), help_text=_(
        "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), ODT, PNG, JPEG eller ren tekst. Største fil: 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.odt,.png,.jpg,.jpeg,.txt"}))
    is_public = forms.BooleanField(label=_("Offentlig (kan lastes ned av alle når møtet er offentlig)"),
                                   required=False)


class GroupSearchForm(forms.Form):
    q = forms.CharField(label=_("Søk i møter, referater og vedlegg"), max_length=200, required=False)


class DirectoryEntryForm(forms.ModelForm):
    class Meta:
        model = DirectoryEntry
        fields = ["unit", "name", "role", "email", "phone", "is_public"]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("kind", "name")
        self.fields["unit"].empty_label = None if units.count() == 1 else self.fields["unit"].empty_label


def _units(kind: str):
    return Unit.objects.current().filter(kind=kind).order_by("name")


class DirectoryFilterForm(forms.Form):
    """GET filter: a fylke, a helseforetak, a kommune, and free text; every choice comes from our lists."""

    fylke = forms.ModelChoiceField(label=_("Fylke"), queryset=Unit.objects.none(), required=False,
                                   empty_label=_("Alle fylker"))
    hf = forms.ModelChoiceField(label=_("Helseforetak"), queryset=Unit.objects.none(), required=False,
                                empty_label=_("Alle helseforetak"))
    kommune = forms.ModelChoiceField(label=_("Kommune"), queryset=Unit.objects.none(), required=False,
                                     empty_label=_("Alle kommuner"))
    q = forms.CharField(label=_("Navn, rolle eller enhet"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kind in (("fylke", Unit.Kind.FYLKE), ("hf", Unit.Kind.HF), ("kommune", Unit.Kind.KOMMUNE)):
            self.fields[name].queryset = _units(kind)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"fylke": data["fylke"], "hf": data["hf"], "kommune": data["kommune"], "query": data["q"]}

    def describe(self) -> str:
        """The chosen filter in words, for the export log."""
        parts = [f"{k}={v}" for k, v in self.filters().items() if v]
        return ", ".join(parts)
