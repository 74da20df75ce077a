"""Forms for signing up (public, spam-guarded) and for running events (staff)."""
from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mestring.accounts.access import scoped_units
from mestring.network.models import Assignment, Event, Registration, Representative, Training
from mestring.structure.models import Unit

MIN_FILL_SECONDS = 3
MAX_FILL_SECONDS = 60 * 60 * 4
STARTED_SALT = "mestring.network.form-started"


def started_token(at: float | None = None) -> str:
    """A signed note of when the form was shown; a bot that posts at once is caught by it."""
    return signing.dumps(at if at is not None else time.time(), salt=STARTED_SALT)


class RegistrationForm(forms.ModelForm):
    consent = forms.BooleanField(label=_("Jeg samtykker til at opplysningene brukes til formålet over"),
                                 error_messages={"required": _("Du må samtykke for å kunne melde deg på.")})
    # Honeypot: hidden from people by the style sheet, filled in by form-filling robots.
    website = forms.CharField(required=False, label=_("Ikke fyll ut dette feltet"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
    started = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Registration
        fields = ["name", "email", "organisation", "role", "dietary_needs", "accessibility_needs"]
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"}),
                   "email": forms.EmailInput(attrs={"autocomplete": "email"}),
                   "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
                   "role": forms.TextInput(attrs={"autocomplete": "organization-title"})}
        help_texts = {"organisation": _("For eksempel Tromsø kommune eller Mental Helse"),
                      "dietary_needs": _("For eksempel vegetar, glutenfritt eller allergier"),
                      "accessibility_needs": _("For eksempel rullestoltilgang, teleslynge eller tolk")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = started_token()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Skjemaet kunne ikke sendes. Prøv igjen."))
        return ""

    def clean_started(self):
        try:
            shown = float(signing.loads(self.cleaned_data["started"], salt=STARTED_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(_("Skjemaet er ugyldig. Last inn siden på nytt og prøv igjen.")) from None
        age = time.time() - shown
        if age < MIN_FILL_SECONDS:
            raise forms.ValidationError(_("Skjemaet ble sendt for raskt. Vent noen sekunder og send på nytt."))
        if age > MAX_FILL_SECONDS:
            raise forms.ValidationError(_("Skjemaet har vært åpent for lenge. Last inn siden på nytt."))
        return ""

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def spam_errors(self) -> bool:
        return "website" in self.errors or "started" in self.errors


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "slug", "kind", "summary", "programme", "place", "address", "starts_at", "ends_at",
                  "capacity", "registration_closes_at", "unit", "is_published", "purpose",
                  "delete_personal_data_on"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput(),
                   "registration_closes_at": DateTimeInput(),
                   "delete_personal_data_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "summary": forms.Textarea(attrs={"rows": 3}), "programme": forms.Textarea(attrs={"rows": 6}),
                   "purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at", "registration_closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        unit_field = self.fields["unit"]
        if user.is_national_admin:
            unit_field.queryset = Unit.objects.current().order_by("kind", "name")
        else:
            unit_field.queryset = scoped_units(user).order_by("kind", "name")
            unit_field.required = True
            unit_field.empty_label = None


def _unit_choices(user):
    if user.is_national_admin:
        return Unit.objects.current().order_by("kind", "name")
    return scoped_units(user).order_by("kind", "name")


class RepresentativeForm(forms.ModelForm):
    consent = forms.BooleanField(label=_("Personen har samtykket til formålet"),
                                 error_messages={"required": _("Registrering krever samtykke fra personen.")})

    class Meta:
        model = Representative
        fields = ["name", "email", "phone", "appointed_by", "experience", "competence", "units", "purpose",
                  "keep_until"]
        widgets = {"keep_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "experience": forms.Textarea(attrs={"rows": 3}), "competence": forms.Textarea(attrs={"rows": 3}),
                   "purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = _unit_choices(user)
        if self.instance.pk:
            del self.fields["consent"]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_keep_until(self):
        value = self.cleaned_data["keep_until"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("Slettedatoen må være fram i tid."))
        return value


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["title", "completed_on"]
        widgets = {"completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["title", "unit", "starts_on", "ends_on", "hours", "rate", "travel_km", "other_costs"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _unit_choices(user)
