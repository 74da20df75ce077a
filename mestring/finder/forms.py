"""The finder's filter form: every value is checked against a whitelist before it reaches a query."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mestring.registry import cache, selectors
from mestring.registry.models import CourseOffer, Taxonomy
from mestring.structure.models import Unit

LANGUAGES = [("", _("Alle språk")), ("nb", _("norsk")), ("en", _("engelsk")), ("ar", _("arabisk")),
             ("ur", _("urdu")), ("so", _("somali")), ("pl", _("polsk")), ("se", _("nordsamisk"))]
RADII = [(10, "10 km"), (25, "25 km"), (50, "50 km"), (100, "100 km"), (200, "200 km")]
MAX_TEXT = 200


def unit_choices(kind: str, empty: str) -> list[tuple[str, str]]:
    """Current units of a kind; read once per data version (units are covered by its triggers)."""
    units = cache.remember(("unit_choices", kind), lambda: list(
        Unit.objects.current().filter(kind=kind).order_by("name_nb").values_list("code", "name_nb")))
    return [("", empty), *units]


class UnitCodeField(forms.CharField):
    """A unit code checked against the current units of one kind.

    Not a ChoiceField: that one normalises its 357 kommune choices on every request; these are
    read once per data version (`unit_choices`) and only looked up when a value is given.
    """

    default_error_messages = forms.ChoiceField.default_error_messages

    def __init__(self, *, kind: str, empty, **kwargs):
        super().__init__(required=False, **kwargs)
        self.kind, self.empty = kind, empty

    @property
    def choices(self) -> list[tuple[str, str]]:
        return unit_choices(self.kind, self.empty)

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and value not in dict(self.choices):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                        params={"value": value})


def term_choices(taxonomy_slug: str) -> list[tuple[str, str]]:
    return cache.remember(("term_choices", taxonomy_slug),
                          lambda: [(t.code, t.name) for t in selectors.terms_of(taxonomy_slug)])


class FinderForm(forms.Form):
    q = forms.CharField(label=_("Søk etter kurs"), required=False, max_length=MAX_TEXT)
    diagnose = forms.MultipleChoiceField(label=_("Diagnosegruppe"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    malgruppe = forms.MultipleChoiceField(label=_("Målgruppe"), required=False, widget=forms.CheckboxSelectMultiple)
    sprak = forms.ChoiceField(label=_("Språk"), required=False, choices=LANGUAGES)
    form = forms.ChoiceField(label=_("Form"), required=False,
                             choices=[("", _("Alle former")), *CourseOffer.Format.choices])
    kommune = UnitCodeField(label=_("Kommune"), kind=Unit.Kind.KOMMUNE, empty=_("Alle kommuner"))
    fylke = UnitCodeField(label=_("Fylke"), kind=Unit.Kind.FYLKE, empty=_("Alle fylker"))
    hf = UnitCodeField(label=_("Helseforetak"), kind=Unit.Kind.HF, empty=_("Alle helseforetak"))
    nar = forms.CharField(label=_("Nær meg: kommune, postnummer eller sted"), required=False, max_length=100,
                          help_text=_("Skriv navnet på en kommune (for eksempel «Bodø»). Postnumre og stedsnavn "
                                      "kjennes bare når de finnes i adressene i registeret."))
    radius = forms.TypedChoiceField(label=_("Avstand"), required=False, choices=RADII, coerce=int,
                                    empty_value=selectors.DEFAULT_RADIUS_KM)
    kommende = forms.BooleanField(label=_("Bare kurs med kommende oppstart"), required=False)
    gratis = forms.BooleanField(label=_("Bare gratis kurs"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["diagnose"].choices = term_choices(Taxonomy.DIAGNOSIS)
        self.fields["malgruppe"].choices = term_choices(Taxonomy.TARGET)
        self.place: selectors.Place | None = None

    def clean_nar(self) -> str:
        text = self.cleaned_data["nar"].strip()
        if text:
            self.place = selectors.resolve_place(text)
            if self.place is None:
                raise forms.ValidationError(_("Vi kjenner ikke «%(place)s». Skriv navnet på en kommune, for "
                                              "eksempel «Tromsø»."), params={"place": text})
        return text

    def to_query(self) -> selectors.OfferQuery:
        data = self.cleaned_data
        return selectors.OfferQuery(
            text=data["q"], diagnosis=data["diagnose"], target=data["malgruppe"], language=data["sprak"],
            format=data["form"], kommune=data["kommune"], fylke=data["fylke"], hf=data["hf"], place=self.place,
            radius_km=data["radius"] or selectors.DEFAULT_RADIUS_KM, upcoming=data["kommende"], free=data["gratis"])
