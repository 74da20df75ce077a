"""Forms for the knowledge base: search filters (public), documents, practice examples and projects (staff)."""
from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.utils.translation import gettext_lazy as _

from mestring.accounts.access import scoped_units
from mestring.core.documents import MAX_BYTES
from mestring.network.models_knowledge import Document, PracticeExample, Project, ProjectContact, SearchEntry, Tag
from mestring.structure.models import Unit

FORMATS = {".pdf": "pdf", ".docx": "docx", ".txt": "txt"}
MAX_UPLOAD_BYTES = MAX_BYTES
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def kind_choices():
    return [("", _("Alle typer")), *Document.Kind.choices, (SearchEntry.PRACTICE, _("Praksiseksempel")),
            (SearchEntry.PROJECT, _("Prosjekt"))]


class SearchForm(forms.Form):
    """The public search: every field optional, every value checked against what exists."""

    q = forms.CharField(label=_("Søk"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(label=_("Type"), required=False)
    tag = forms.ChoiceField(label=_("Emneord"), required=False)
    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()
        self.fields["tag"].choices = [("", _("Alle emneord"))] + list(Tag.objects.values_list("slug", "name"))
        self.fields["year"].choices = [("", _("Alle år"))] + [(str(y), str(y)) for y in years]


class TagsField(forms.CharField):
    """Subject words typed as a comma-separated list; new words are created on save."""

    def __init__(self, **kwargs):
        super().__init__(label=_("Emneord"), required=False, max_length=500,
                         help_text=_("Skill med komma, for eksempel: pårørende, diabetes, samarbeid"), **kwargs)

    def clean(self, value):
        names = [" ".join(part.split()) for part in (super().clean(value) or "").split(",")]
        names = list(dict.fromkeys(n.lower() for n in names if n))
        too_long = [n for n in names if len(n) > 60]
        if too_long:
            raise forms.ValidationError(_("Emneord kan ha høyst 60 tegn: %(tags)s"), params={"tags": ", ".join(too_long)})
        if len(names) > 20:
            raise forms.ValidationError(_("Høyst 20 emneord."))
        return names


def _initial_tags(instance) -> str:
    return ", ".join(t.name for t in instance.tags.all()) if instance and instance.pk else ""


class DocumentForm(forms.ModelForm):
    tag_names = TagsField()
    file = forms.FileField(label=_("Fil"), required=False,
                           help_text=_("PDF, DOCX eller tekst (.txt), høyst 20 MB"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.txt"}))

    class Meta:
        model = Document
        fields = ["title", "kind", "description", "year", "owner_unit", "organisation", "is_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = Unit.objects.current().order_by("kind", "name")
        self.fields["tag_names"].initial = _initial_tags(self.instance)
        self.fields["file"].required = not self.instance.pk
        if self.instance.pk:
            self.fields["file"].help_text = _("Last opp en ny fil bare hvis du vil erstatte «%(name)s»") % {
                "name": self.instance.original_name}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        return check_upload(upload.name, upload.size, upload)


def check_upload(name: str, size: int, upload) -> tuple[str, str, bytes]:
    """(file name, format, bytes) of an acceptable upload; a Norwegian error saying what is wrong otherwise.

    The format is checked against the content as well as the name, so a renamed file is refused.
    """
    fmt = FORMATS.get(PurePath(name).suffix.lower())
    if fmt is None:
        raise forms.ValidationError(_("«%(name)s»: bare PDF, DOCX eller tekstfiler (.txt) kan lastes opp."),
                                    params={"name": name})
    if size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(_("«%(name)s» er større enn grensen på %(mb)s MB."),
                                    params={"name": name, "mb": MAX_UPLOAD_BYTES // 1024 // 1024})
    data = upload.read()
    if not data.strip():
        raise forms.ValidationError(_("«%(name)s» er tom."), params={"name": name})
    looks_like = ("pdf" if data.startswith(b"%PDF") else "docx" if data.startswith(b"PK\x03\x04")
                  else "binary" if b"\x00" in data[:4096] else "txt")
    if looks_like != fmt:
        raise forms.ValidationError(_("«%(name)s» har ikke det innholdet filnavnet sier (%(fmt)s)."),
                                    params={"name": name, "fmt": fmt.upper()})
    return PurePath(name).name, fmt, data


class PracticeExampleForm(forms.ModelForm):
    tag_names = TagsField()

    class Meta:
        model = PracticeExample
        fields = ["title", "unit", "year", "organisation_form", "partners", "other_partners", "target_groups",
                  "what_was_done", "what_worked", "contact_name", "contact_email", "contact_phone", "is_published"]
        widgets = {name: forms.Textarea(attrs={"rows": 4})
                   for name in ("organisation_form", "what_was_done", "what_worked")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A coordinator writes for their own units only; partners can be any unit.
        own = (Unit.objects.current() if user.is_national_admin else scoped_units(user)).order_by("kind", "name")
        self.fields["unit"].queryset = own
        self.fields["unit"].empty_label = None
        self.fields["partners"].queryset = Unit.objects.current().order_by("kind", "name")
        self.fields["tag_names"].initial = _initial_tags(self.instance)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "status", "starts_on", "ends_on", "units", "description", "documents", "is_public"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.current().order_by("kind", "name")
        self.fields["documents"].queryset = Document.objects.order_by("title")

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Prosjektet kan ikke slutte før det starter."))
        if data.get("status") == Project.Status.FINISHED and not end:
            self.add_error("ends_on", _("Et avsluttet prosjekt må ha en sluttdato."))
        return data


class ProjectContactForm(forms.ModelForm):
    class Meta:
        model = ProjectContact
        fields = ["name", "role", "email", "phone"]
