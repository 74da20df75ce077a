"""Forms for the staff pages of mapping campaigns."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mestring.accounts.models import Role, User
from mestring.mapping import services
from mestring.mapping.models import CallAttempt, CallList, Campaign, MessageTemplate, Questionnaire

MAX_UPLOAD = 2 * 1024 * 1024


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["title", "slug", "target", "as_of"]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"})}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Fil"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Filen er større enn 2 MB."))
        return upload


class XLSFormUploadForm(UploadForm):
    purpose = forms.ChoiceField(label=_("Skjema for"), choices=Questionnaire.Purpose.choices)
    field_order = ["purpose", "file"]


class TemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"body": _("Flettefelt: {{ navn }}, {{ enhet }}, {{ lenke }}, {{ frist }}, {{ kartlegging }}")}

    def clean(self):
        data = super().clean()
        unknown = services.unknown_merge_fields(f"{data.get('subject', '')} {data.get('body', '')}")
        if unknown:
            raise forms.ValidationError(_("Ukjente flettefelt: %(fields)s") % {"fields": ", ".join(unknown)})
        if "{{ lenke }}" not in data.get("body", "").replace("{{lenke}}", "{{ lenke }}"):
            raise forms.ValidationError(_("Teksten må inneholde {{ lenke }}, ellers kan ingen svare."))
        return data


class MailingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Send"), choices=MessageTemplate.Kind.choices)


class CallListForm(forms.Form):
    rule = forms.ChoiceField(label=_("Regel"), choices=CallList.Rule.choices)
    name = forms.CharField(label=_("Navn på listen"), max_length=200)


class AssignForm(forms.Form):
    interviewer = forms.ModelChoiceField(label=_("Intervjuer"), queryset=User.objects.none())
    count = forms.IntegerField(label=_("Antall enheter (de første som ikke er tildelt)"), min_value=1, max_value=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewer"].queryset = User.objects.filter(
            role_assignments__role=Role.INTERVIEWER, is_active=True).distinct().order_by("full_name")


class AttemptForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Utfall"), choices=CallAttempt.Outcome.choices)
    callback_at = forms.DateTimeField(label=_("Ring tilbake (dato og tid)"), required=False,
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                      input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"])
    note = forms.CharField(label=_("Notat"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == CallAttempt.Outcome.CALL_BACK and not data.get("callback_at"):
            self.add_error("callback_at", _("Oppgi når vi skal ringe tilbake."))
        return data


class ExportForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Skjema"), choices=Questionnaire.Purpose.choices)
    file_format = forms.ChoiceField(label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    labels = forms.BooleanField(label=_("Tekst i stedet for koder"), required=False)
    personal = forms.BooleanField(label=_("Ta med mottakerens navn og e-post (personopplysninger, loggføres)"),
                                  required=False)
