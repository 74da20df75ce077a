"""The finder's filter form: every value is checked against a whitelist before it reaches a query."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mestring.registry import selectors
from mestring.registry.models import CourseOffer, Taxonomy
from mestring.structure.models import Unit

LANGUAGES = [("", _("Alle språk")), ("nb", _("norsk")), ("en", _("engelsk")), ("ar", _("arabisk")),
             ("ur", _("urdu")), ("so", _("somali")), ("pl", _("polsk")), ("se", _("nordsamisk"))]
RADII = [(10, "10 km"), (25, "25 km"), (50, "50 km"), (100, "100 km"), (200, "200 km")]
MAX_TEXT = 200


def unit_choices(kind: str, empty: str) -> list[tuple[str, str]]:
    units = Unit.objects.current().filter(kind=kind).order_by("name_nb").values_list("code", "name_nb")
    return [("", empty), *units]


class FinderForm(forms.Form):
    q = forms.CharField(label=_("Søk etter kurs"), required=False, max_length=MAX_TEXT)
    diagnose = forms.MultipleChoiceField(label=_("Diagnosegruppe"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    malgruppe = forms.MultipleChoiceField(label=_("Målgruppe"), required=False, widget=forms.CheckboxSelectMultiple)
    sprak = forms.ChoiceField(label=_("Språk"), required=False, choices=LANGUAGES)
    form = forms.ChoiceField(label=_("Form"), required=False,
                             choices=[("", _("Alle former")), *CourseOffer.Format.choices])
    kommune = forms.ChoiceField(label=_("Kommune"), required=False)
    fylke = forms.ChoiceField(label=_("Fylke"), required=False)
    hf = forms.ChoiceField(label=_("Helseforetak"), required=False)
    nar = forms.CharField(label=_("Nær meg: kommune, postnummer eller sted"), required=False, max_length=100,
                          help_text=_("Skriv navnet på en kommune (for eksempel «Bodø»). Postnumre og stedsnavn "
                                      "kjennes bare når de finnes i adressene i registeret."))
    radius = forms.TypedChoiceField(label=_("Avstand"), required=False, choices=RADII, coerce=int,
                                    empty_value=selectors.DEFAULT_RADIUS_KM)
    kommende = forms.BooleanField(label=_("Bare kurs med kommende oppstart"), required=False)
    gratis = forms.BooleanField(label=_("Bare gratis kurs"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["diagnose"].choices = [(t.code, t.name) for t in selectors.terms_of(Taxonomy.DIAGNOSIS)]
        self.fields["malgruppe"].choices = [(t.code, t.name) for t in selectors.terms_of(Taxonomy.TARGET)]
        self.fields["kommune"].choices = unit_choices(Unit.Kind.KOMMUNE, _("Alle kommuner"))
        self.fields["fylke"].choices = unit_choices(Unit.Kind.FYLKE, _("Alle fylker"))
        self.fields["hf"].choices = unit_choices(Unit.Kind.HF, _("Alle helseforetak"))
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
