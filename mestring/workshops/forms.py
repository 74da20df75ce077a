"""Forms for workshop pages; every text a participant writes is plain text, checked for length."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mestring.accounts.access import scoped_units
from mestring.network.access import manageable_events
from mestring.structure.models import Unit
from mestring.workshops.models import NOTE_MAX_LENGTH, Round, Workshop


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    unit = forms.ModelChoiceField(label=_("Arrangør"), queryset=Unit.objects.none())
    held_on = forms.DateField(label=_("Dato (åååå-mm-dd)"), required=False)
    place = forms.CharField(label=_("Sted"), max_length=200, required=False)
    event = forms.ModelChoiceField(label=_("Del av arrangement (valgfritt)"), queryset=None, required=False,
                                   help_text=_("For eksempel nettverkskonferansen der dialogkaféen holdes"))
    questions = forms.CharField(label=_("Spørsmål, ett per linje"), widget=forms.Textarea(attrs={"rows": 8}),
                                required=False, help_text=_("Hvert spørsmål får to bord. Du kan legge til flere senere."))
    rounds = forms.IntegerField(label=_("Antall runder"), min_value=0, max_value=10, initial=3)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user).filter(pk__in=Unit.objects.current()).order_by("kind", "name_nb")
        self.fields["event"].queryset = manageable_events(user).order_by("-starts_at")

    def clean_questions(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["questions"].splitlines()]
        lines = [line for line in lines if line]
        if any(len(line) > 400 for line in lines):
            raise forms.ValidationError(_("Et spørsmål kan ha høyst 400 tegn."))
        return lines


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Nytt spørsmål"), max_length=400)
    tables = forms.IntegerField(label=_("Antall bord"), min_value=1, max_value=10, initial=2)


class RoundForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutter"), min_value=1, max_value=240, initial=20)


class HostForm(forms.Form):
    host_name = forms.CharField(label=_("Bordvert"), max_length=120, required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Workshop.Status.choices)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Ditt notat"), max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX_LENGTH}),
                           help_text=_("Et stikkord eller en kort påstand, høyst %(n)s tegn.") % {"n": NOTE_MAX_LENGTH})
    round = forms.ModelChoiceField(label=_("Runde"), queryset=Round.objects.none(), required=False,
                                   empty_label=_("Ikke oppgitt"))

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = workshop.rounds.all()
        self.fields["round"].label_from_instance = lambda r: str(r)
        if not workshop.rounds.exists():
            del self.fields["round"]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fil (CSV eller XLSX)"),
                           help_text=_("Kolonner: question, table, text, main. Første rad er overskrifter."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Filen er større enn 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Bare CSV- og XLSX-filer kan leses."))
        return upload


class MergeForm(forms.Form):
    notes = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    kept = forms.TypedChoiceField(coerce=int, choices=[])

    def __init__(self, *args, note_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(pk, pk) for pk in note_ids]
        self.fields["notes"].choices = choices
        self.fields["kept"].choices = choices


class HeadingForm(forms.Form):
    title = forms.CharField(label=_("Overskrift"), max_length=200)


class MoveForm(forms.Form):
    heading = forms.IntegerField(required=False)
