"""The documented 0–3 coverage scale for learning and mastery in cooperation agreements.

The checklist page, the classifier's explanations and the overview all read from here, so the
scale is written down once.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LEVELS = {
    0: (_("Ikke nevnt"), _("Avtalen sier ingenting om lærings- og mestringstilbud, pasient- og "
                           "pårørendeopplæring eller lignende.")),
    1: (_("Nevnt uten ansvar"), _("Lærings- og mestring nevnes, men avtalen sier ikke hvem som skal gjøre hva, "
                                  "eller bruker bare uforpliktende ord (bør, kan, vurdere).")),
    2: (_("Ansvar fordelt"), _("Avtalen sier hvem som har ansvar for hva i pasient- og pårørendeopplæring / "
                               "lærings- og mestringstilbud.")),
    3: (_("Konkret samarbeid"), _("Avtalen forplikter partene til konkret samarbeid om tilbudene, for eksempel "
                                  "felles kurs, kontaktpunkter eller nettverk, felles kompetansebygging, "
                                  "brukermedvirkning, henvisningsrutiner, oppfølging eller evaluering.")),
}

# The concrete elements that make level 3, in checklist order: (key, label, what a good clause says).
ELEMENTS = [
    ("joint", _("Felles utvikling eller gjennomføring av kurs"),
     _("Helseforetaket og kommunen utvikler eller holder kurs sammen, og sier hvilke.")),
    ("contact", _("Kontaktpunkter og nettverk"),
     _("Navngitte roller er kontaktpunkt, og partene deltar i et nettverk for lærings- og mestring.")),
    ("competence", _("Felles kompetansebygging"),
     _("Partene bygger helsepedagogisk kompetanse sammen, for eksempel felles kurs for kursledere.")),
    ("users", _("Brukermedvirkning i tilbudene"),
     _("Brukerrepresentanter eller erfarne brukere utvikler, holder og evaluerer tilbudene sammen med fagpersoner.")),
    ("referral", _("Henvisningsrutiner"),
     _("Det er fastsatt hvordan pasienter henvises eller informeres videre mellom sykehusets og kommunens tilbud.")),
    ("followup", _("Oppfølging og evaluering"),
     _("Tilbudene følges opp og evalueres jevnlig av partene sammen.")),
]


def label(level: int) -> str:
    return str(LEVELS[level][0])
