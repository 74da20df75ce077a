"""Coordinator forms: a service and everything it keeps current (contacts, places, hours, members, courses, runs)."""
from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mestring.registry.models import (Contact, CourseOffer, CourseRun, Location, OpeningHours, Service,
                                      ServiceMembership)
from mestring.structure.models import Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "form", "description", "email", "phone", "website", "status"]


class ContactForm(forms.ModelForm):
    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)

    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone"]


class LocationForm(forms.ModelForm):
    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].queryset = Unit.objects.current().filter(kind=Unit.Kind.KOMMUNE).order_by("name_nb")

    class Meta:
        model = Location
        fields = ["name", "address", "postcode", "place", "kommune", "latitude", "longitude", "directions"]
        help_texts = {"latitude": _("Desimalgrader (WGS84), for eksempel 69.64890"),
                      "longitude": _("Desimalgrader (WGS84), for eksempel 18.95508")}


class OpeningHoursForm(forms.ModelForm):
    def __init__(self, *args, service: Service | None, **kwargs):
        super().__init__(*args, **kwargs)
        # None: the write API got no organization (reported apart), so no place can be chosen.
        self.fields["location"].queryset = Location.objects.filter(service=service)
        self.fields["location"].empty_label = _("Alle steder")

    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes", "location"]
        widgets = {"opens": TIME, "closes": TIME}

    def clean(self):
        data = super().clean()
        if data.get("opens") and data.get("closes") and data["closes"] <= data["opens"]:
            self.add_error("closes", _("Stengetid må være etter åpningstid."))
        return data


class MembershipForm(forms.ModelForm):
    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        kinds = [Unit.Kind.KOMMUNE, Unit.Kind.BYDEL]
        self.fields["unit"].queryset = Unit.objects.current().filter(kind__in=kinds).order_by("name_nb")

    class Meta:
        model = ServiceMembership
        fields = ["unit", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE}

    def clean(self):
        data = super().clean()
        start, end, unit = data.get("valid_from"), data.get("valid_to"), data.get("unit")
        if start and end and end < start:
            self.add_error("valid_to", _("Sluttdato kan ikke være før startdato."))
        if unit and unit == self.service.host_unit:
            self.add_error("unit", _("Vertsenheten er alltid med; velg en annen enhet."))
        same = ServiceMembership.objects.filter(service=self.service, unit=unit, valid_from=start)
        if unit and start and same.exclude(pk=self.instance.pk).exists():
            self.add_error("valid_from", _("Denne enheten er allerede medlem fra samme dato."))
        return data


class OfferForm(forms.ModelForm):
    class Meta:
        model = CourseOffer
        fields = ["title", "title_en", "description", "description_en", "diagnosis_groups", "target_groups",
                  "min_age", "max_age", "languages", "format", "hours", "sessions", "user_participation", "method",
                  "method_note", "referral_required", "cost_nok", "cost_note", "capacity", "sign_up", "sign_up_url",
                  "locations", "status"]
        widgets = {"diagnosis_groups": forms.CheckboxSelectMultiple, "target_groups": forms.CheckboxSelectMultiple,
                   "locations": forms.CheckboxSelectMultiple}

    def __init__(self, *args, service: Service | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        service = service or self.instance.service
        self.fields["locations"].queryset = service.locations.all()

    def clean(self):
        data = super().clean()
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", _("Øvre alder kan ikke være lavere enn nedre alder."))
        return data


class RunForm(forms.ModelForm):
    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = service.locations.all()

    class Meta:
        model = CourseRun
        fields = ["starts_on", "ends_on", "schedule", "location", "is_digital", "seats_left", "sign_up_url",
                  "sign_up_deadline"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "sign_up_deadline": DATE}

    def clean(self):
        data = super().clean()
        start, end, deadline = data.get("starts_on"), data.get("ends_on"), data.get("sign_up_deadline")
        if start and end and end < start:
            self.add_error("ends_on", _("Sluttdato kan ikke være før startdato."))
        if start and deadline and deadline > start:
            self.add_error("sign_up_deadline", _("Påmeldingsfristen kan ikke være etter startdato."))
        if not data.get("location") and not data.get("is_digital"):
            self.add_error("location", _("Velg et sted, eller kryss av for digitalt."))
        return data


class LocationDeleteForm(forms.Form):
    """Deleting a place that courses or runs use needs a tick that the coordinator knows they lose it."""

    confirm = forms.BooleanField(
        label=_("Jeg forstår at kursene og kursstartene over mister stedet"),
        error_messages={"required": _("Kryss av for at du forstår at kursene og kursstartene mister stedet. "
                                      "Stedet er ikke slettet.")})

    def __init__(self, *args, in_use: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not in_use:
            del self.fields["confirm"]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=100,
                           help_text=_("Hva nøkkelen brukes til, for eksempel «Kurskalender på nettsiden»"))
    days = forms.IntegerField(label=_("Gyldig i antall dager"), min_value=1, max_value=365, initial=90)

    def expires(self) -> dt.datetime:
        return timezone.now() + dt.timedelta(days=self.cleaned_data["days"])

