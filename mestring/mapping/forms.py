"""Forms for the staff pages of mapping campaigns."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mestring.accounts.models import Role, User
from mestring.mapping import builder, services
from mestring.mapping.models import CallAttempt, CallList, Campaign, MessageTemplate, Question, Questionnaire

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


class QuestionnaireForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Skjema for"), choices=Questionnaire.Purpose.choices)
    title = forms.CharField(label=_("Tittel"), max_length=200)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    def clean_purpose(self):
        purpose = self.cleaned_data["purpose"]
        if self.campaign.questionnaires.filter(purpose=purpose).exists():
            raise forms.ValidationError(_("Kartleggingen har allerede et slikt skjema; rediger det i stedet."))
        return purpose


class QuestionForm(forms.Form):
    """One question; rules are checked with the same expression language the answers are checked with."""

    kind = forms.ChoiceField(label=_("Type"), choices=Question.Kind.choices)
    name = forms.CharField(label=_("Navn (kode i eksport og regler)"), max_length=64,
                           help_text=_("Bokstaver a–z, tall og _; begynner med en bokstav. Brukes som ${navn} i regler."))
    label = forms.CharField(label=_("Spørsmålstekst"), max_length=500)
    hint = forms.CharField(label=_("Hjelpetekst"), max_length=500, required=False)
    parent = forms.ChoiceField(label=_("Hører til gruppe"), required=False)
    required = forms.BooleanField(label=_("Må besvares"), required=False)
    relevant = forms.CharField(label=_("Vises når (regel)"), max_length=300, required=False,
                               help_text=_("For eksempel ${organisering} = 'vert'. Tomt: vises alltid."))
    constraint = forms.CharField(label=_("Begrensning (regel for gyldig svar)"), max_length=300, required=False,
                                 help_text=_("Punktum er svaret, for eksempel . >= 0 and . <= 500."))
    constraint_message = forms.CharField(label=_("Melding når begrensningen brytes"), max_length=300, required=False)
    choices = forms.CharField(label=_("Valg (ett per linje: kode = tekst)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("Bare for «Velg ett» og «Velg flere». For eksempel: vert = Vertskommune"))

    def __init__(self, *args, questionnaire, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire, self.question = questionnaire, question
        groups = questionnaire.questions.filter(kind=Question.Kind.REPEAT, parent__isnull=True)
        if question is not None:
            groups = groups.exclude(pk=question.pk)
        self.groups = {str(g.pk): g for g in groups}
        self.fields["parent"].choices = [("", _("Ingen (vanlig spørsmål)"))] + [
            (pk, f"{g.label} ({g.name})") for pk, g in self.groups.items()]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not builder.NAME.match(name) or name in builder.RESERVED:
            raise forms.ValidationError(_("Bruk bokstaver a–z, tall og _, og begynn med en bokstav."))
        others = self.questionnaire.questions.exclude(pk=getattr(self.question, "pk", None))
        if others.filter(name=name).exists():
            raise forms.ValidationError(_("Et annet spørsmål heter allerede «%(name)s».") % {"name": name})
        return name

    def clean(self):
        data = super().clean()
        kind, name = data.get("kind"), data.get("name")
        data["parent"] = self.groups.get(data.get("parent") or "")
        choices, problems = builder.parse_choices(data.get("choices", ""))
        data["choice_list"] = choices
        for problem in problems:
            self.add_error("choices", problem)
        if kind in builder.SELECTS and not choices and not problems:
            self.add_error("choices", _("Skriv minst ett valg."))
        if kind == Question.Kind.REPEAT and data["parent"] is not None:
            self.add_error("parent", _("Gjentatte grupper kan ikke ligge i hverandre."))
        if kind == Question.Kind.NOTE and data.get("required"):
            self.add_error("required", _("En merknad har ikke svar og kan ikke være påkrevd."))
        if kind in {Question.Kind.NOTE, Question.Kind.REPEAT} and data.get("constraint"):
            self.add_error("constraint", _("Bare spørsmål med svar kan ha en begrensning."))
        self.check_rules(data, name)
        return data

    def check_rules(self, data, name) -> None:
        names = set(self.questionnaire.questions.exclude(pk=getattr(self.question, "pk", None))
                    .values_list("name", flat=True)) | ({name} if name else set())
        for key, label in (("relevant", _("Vises når")), ("constraint", _("Begrensning"))):
            problem = builder.expression_problem(str(label), data.get(key, "").strip(), names)
            if problem:
                self.add_error(key, problem)

    def question_data(self) -> builder.QuestionData:
        d = self.cleaned_data
        return builder.QuestionData(name=d["name"], kind=d["kind"], label=d["label"].strip(), hint=d["hint"].strip(),
                                    required=d["required"], relevant=d["relevant"].strip(),
                                    constraint=d["constraint"].strip(),
                                    constraint_message=d["constraint_message"].strip(), parent=d["parent"],
                                    choices=d["choice_list"])

    @classmethod
    def initial_for(cls, question) -> dict:
        if question is None:
            return {}
        return {"kind": question.kind, "name": question.name, "label": question.label, "hint": question.hint,
                "parent": str(question.parent_id or ""), "required": question.required,
                "relevant": question.relevant, "constraint": question.constraint,
                "constraint_message": question.constraint_message, "choices": builder.choices_text(question)}
