from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailLoginForm(AuthenticationForm):
    username = forms.EmailField(label=_("E-post"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    error_messages = {
        "invalid_login": _("Feil e-post eller passord. Merk at passordet skiller mellom store og små bokstaver."),
        "inactive": _("Denne kontoen er deaktivert."),
    }
