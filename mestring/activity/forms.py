"""The per-run form: one row of the yearly report, pre-filled from the registry."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mestring.activity.homes import check_homes, format_homes, parse_homes
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
    home_municipalities = forms.CharField(
        label=_("Hjemkommuner (kommunenummer:antall)"), required=False, max_length=2000,
        help_text=_("Hvis dere vet hvor deltakerne bor: for eksempel «5501:4, 1804:2». La feltet stå tomt hvis "
                    "dere ikke vet. Summen kan ikke være større enn antall deltakere."))

    def __init__(self, *args, known: dict[str, int], year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.known, self.year = known, year

    NUMBERS = ("participants_patients", "participants_relatives", "sessions", "hours", "language")

    def clean(self):
        """A held run needs every number; a cancelled run needs none."""
        data = super().clean()
        if data.get("held"):
            for name in self.NUMBERS:
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, _("Fyll ut dette feltet for et kurs som ble holdt."))
        self._clean_homes(data)
        return data

    def _clean_homes(self, data) -> None:
        pairs, problems = parse_homes(data.get("home_municipalities", ""))
        patients, relatives = data.get("participants_patients"), data.get("participants_relatives")
        total = patients + relatives if patients is not None and relatives is not None else None
        problems += check_homes(pairs, known=self.known, participants=total, year=self.year)
        if pairs and not data.get("held"):
            problems.append(_("Et kurs som ikke ble holdt, har ingen deltakere."))
        for problem in problems:
            self.add_error("home_municipalities", problem)
        self.home_pairs = pairs

    def activity_values(self) -> dict | None:
        """Values for `RunActivity`, or None when the run was not held."""
        data = self.cleaned_data
        if not data.get("held"):
            return None
        values = {name: data[name] for name in (*self.NUMBERS, "experienced_users_taught", "is_digital")}
        values["homes"] = [(self.known[code], count) for code, count in self.home_pairs]
        return values


def initial_for(run: CourseRun, saved: RunActivity | None, homes: list[tuple[str, int]] = ()) -> dict:
    """What was reported before, else the registry's own facts about the run and its offer."""
    if saved is not None:
        return {"held": True, "participants_patients": saved.participants_patients,
                "participants_relatives": saved.participants_relatives, "sessions": saved.sessions,
                "hours": saved.hours, "experienced_users_taught": saved.experienced_users_taught,
                "language": saved.language, "is_digital": saved.is_digital,
                "home_municipalities": format_homes(list(homes))}
    offer = run.offer
    return {"held": True, "sessions": offer.sessions, "hours": offer.hours,
            "experienced_users_taught": offer.user_participation,
            "language": (offer.language_codes or ["nb"])[0], "is_digital": run.is_digital}


def run_forms(runs: list[CourseRun], saved: dict[int, RunActivity], data=None, *, year: int, known: dict[str, int],
              homes: dict[int, list[tuple[str, int]]],
              disabled: bool = False) -> list[tuple[CourseRun, RunActivityForm]]:
    """One form per run, prefixed by the run's id so posted rows cannot name another run."""
    rows = []
    for run in runs:
        form = RunActivityForm(data, prefix=f"run-{run.pk}", known=known, year=year,
                               initial=initial_for(run, saved.get(run.pk), homes.get(run.pk, [])))
        for field in form.fields.values():
            field.disabled = disabled
        rows.append((run, form))
    return rows


class UploadForm(forms.Form):
    """The filled-in XLSX template."""

    MAX_BYTES = 2 * 1024 * 1024

    file = forms.FileField(label=_("Utfylt mal (XLSX)"),
                           help_text=_("Last ned malen for tjenesten og året, fyll den ut og last den opp her."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Filen må være en XLSX-fil (Excel-arbeidsbok)."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Filen er for stor (høyst 2 MB)."))
        return upload
