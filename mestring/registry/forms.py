"""The coordinator's course offer form."""
from django import forms

from mestring.registry.models import CourseOffer


class OfferForm(forms.ModelForm):
    class Meta:
        model = CourseOffer
        fields = ["title", "title_en", "description", "description_en", "diagnosis_groups", "target_groups",
                  "min_age", "max_age", "languages", "format", "hours", "sessions", "user_participation", "method",
                  "method_note", "referral_required", "cost_nok", "cost_note", "capacity", "sign_up", "sign_up_url",
                  "status"]
        widgets = {"diagnosis_groups": forms.CheckboxSelectMultiple, "target_groups": forms.CheckboxSelectMultiple}
