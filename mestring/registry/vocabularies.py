"""The two managed vocabularies every installation starts with (HSDS taxonomies).

Ids are uuid5 of a fixed namespace and the code, so every installation publishes the same
`taxonomy_term_id` for the same term and open-data users can filter across installations.
"""
from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("6f1c9a52-3b7e-4e54-9a55-2b8d7c1e0a10")

TAXONOMIES = {
    "diagnosegrupper": ("Diagnosegrupper", "Diagnosegruppen et lærings- og mestringstilbud gjelder, "
                                            "eller «diagnoseuavhengig» for tilbud om å leve med langvarige helseutfordringer."),
    "malgrupper": ("Målgrupper", "Hvem tilbudet er for: pasienter og brukere, pårørende, barn og unge, eldre."),
}

# (taxonomy, code, name, English name)
TERMS = [
    ("diagnosegrupper", "diagnoseuavhengig", "Diagnoseuavhengig", "Not diagnosis-specific"),
    ("diagnosegrupper", "diabetes", "Diabetes", "Diabetes"),
    ("diagnosegrupper", "kols-lunge", "KOLS og lungesykdommer", "COPD and lung disease"),
    ("diagnosegrupper", "hjerte-kar", "Hjerte- og karsykdommer", "Heart and vascular disease"),
    ("diagnosegrupper", "kreft", "Kreft", "Cancer"),
    ("diagnosegrupper", "psykisk-helse", "Psykisk helse", "Mental health"),
    ("diagnosegrupper", "rus", "Rus og avhengighet", "Substance use and addiction"),
    ("diagnosegrupper", "smerte", "Langvarige smerter", "Chronic pain"),
    ("diagnosegrupper", "revmatisk", "Revmatiske sykdommer", "Rheumatic disease"),
    ("diagnosegrupper", "nevrologisk", "Nevrologiske sykdommer", "Neurological disease"),
    ("diagnosegrupper", "hjerneslag", "Hjerneslag", "Stroke"),
    ("diagnosegrupper", "demens", "Demens", "Dementia"),
    ("diagnosegrupper", "overvekt", "Sykelig overvekt", "Severe obesity"),
    ("diagnosegrupper", "nyre", "Nyresykdommer", "Kidney disease"),
    ("diagnosegrupper", "mage-tarm", "Mage- og tarmsykdommer", "Digestive disease"),
    ("malgrupper", "pasienter", "Pasienter og brukere", "Patients and users"),
    ("malgrupper", "parorende", "Pårørende", "Relatives"),
    ("malgrupper", "barn-unge", "Barn og unge", "Children and young people"),
    ("malgrupper", "eldre", "Eldre", "Older people"),
]


def term_uuid(taxonomy: str, code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{taxonomy}/{code}")


def seed(taxonomy_model, term_model) -> None:
    """Create or update the vocabularies (idempotent; used by a data migration)."""
    for position, (slug, code, name, name_en) in enumerate(TERMS):
        title, description = TAXONOMIES[slug]
        taxonomy, _ = taxonomy_model.objects.update_or_create(
            slug=slug, defaults={"uuid": uuid.uuid5(NAMESPACE, slug), "name": title, "description": description,
                                 "version": "1"})
        term_model.objects.update_or_create(
            taxonomy=taxonomy, code=code,
            defaults={"uuid": term_uuid(slug, code), "name": name, "name_en": name_en, "position": position})
