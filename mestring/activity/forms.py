"""The per-run form: one row of the yearly report, pre-filled from the registry."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mestring.activity.models import RunActivity, language_validator
from mestring.registry.models import CourseRun


class RunActivityForm(forms.Form):
    """One course run. Unticking «held» leaves the run out (it was cancelled)."""

    held = forms.BooleanField(label=_("Kurset ble holdt"), required=False, initial=True)
    participants_patients = forms.IntegerField(label=_("Deltakere, pasienter og brukere"), min_value=0,
                                               required=False)
    participants_relatives = forms.IntegerField(label=_("Deltakere, pårørende"), min_value=0, required=False)
    sessions = forms.IntegerField(label=_("Samlinger"), min_value=1, max_value=1000, required=False)
    hours = forms.DecimalField(label=_("Timer i alt"), min_value=0, max_digits=5, decimal_places=1, required=False)
    experienced_users_taught = forms.BooleanField(label=_("Erfarne brukere underviste"), required=False)
    language = forms.CharField(label=_("Språk (ISO 639)"), max_length=3, validators=[language_validator],
                               required=False)
    is_digital = forms.BooleanField(label=_("Digitalt"), required=False)

    NUMBERS = ("participants_patients", "participants_relatives", "sessions", "hours", "language")

    def clean(self):
        """A held run needs every number; a cancelled run needs none."""
        data = super().clean()
        if data.get("held"):
            for name in self.NUMBERS:
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, _("Fyll ut dette feltet for et kurs som ble holdt."))
        return data

    def activity_values(self) -> dict | None:
        """Values for `RunActivity`, or None when the run was not held."""
        data = self.cleaned_data
        if not data.get("held"):
            return None
        return {name: data[name] for name in (*self.NUMBERS, "experienced_users_taught", "is_digital")}


def initial_for(run: CourseRun, saved: RunActivity | None) -> dict:
    """What was reported before, else the registry's own facts about the run and its offer."""
    if saved is not None:
        return {"held": True, "participants_patients": saved.participants_patients,
                "participants_relatives": saved.participants_relatives, "sessions": saved.sessions,
                "hours": saved.hours, "experienced_users_taught": saved.experienced_users_taught,
                "language": saved.language, "is_digital": saved.is_digital}
    offer = run.offer
    return {"held": True, "sessions": offer.sessions, "hours": offer.hours,
            "experienced_users_taught": offer.user_participation,
            "language": (offer.language_codes or ["nb"])[0], "is_digital": run.is_digital}


def run_forms(runs: list[CourseRun], saved: dict[int, RunActivity], data=None, *,
              disabled: bool = False) -> list[tuple[CourseRun, RunActivityForm]]:
    """One form per run, prefixed by the run's id so posted rows cannot name another run."""
    rows = []
    for run in runs:
        form = RunActivityForm(data, prefix=f"run-{run.pk}", initial=initial_for(run, saved.get(run.pk)))
        for field in form.fields.values():
            field.disabled = disabled
        rows.append((run, form))
    return rows
