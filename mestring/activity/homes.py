"""Participants' home kommuner written as «kommunenummer:antall, …», shared by the form and the XLSX upload.

The same text form is used in the browser (one field per run, no JavaScript needed) and in messages,
so a coordinator sees their input echoed back exactly as typed when something is wrong.
"""
from __future__ import annotations

import re

from django.utils.translation import gettext as _

PAIR = re.compile(r"^(\d{3,4})\s*[:=]\s*(\d+)$")


def normalise_code(code: str) -> str:
    """Spreadsheets drop the leading zero of Oslo's 0301; four digits is the kommune number."""
    return code.zfill(4) if code.isdigit() and len(code) == 3 else code


def parse_homes(text: str) -> tuple[list[tuple[str, int]], list[str]]:
    """Pairs (code, count) from «5501:4, 1804:2» (comma, semicolon or line breaks between), and problems."""
    pairs, problems = [], []
    for part in filter(None, (p.strip() for p in re.split(r"[,;\n]+", text or ""))):
        match = PAIR.match(part)
        if match is None:
            problems.append(_("«%(part)s» er ikke på formen kommunenummer:antall, for eksempel «5501:4».")
                            % {"part": part})
            continue
        pairs.append((normalise_code(match.group(1)), int(match.group(2))))
    return pairs, problems


def check_homes(pairs: list[tuple[str, int]], *, known: dict[str, int], participants: int | None,
                year: int) -> list[str]:
    """Unknown kommune numbers, repeats, zero counts and a sum above the run's participants."""
    problems, seen = [], set()
    for code, count in pairs:
        if code not in known:
            problems.append(_("Kommunenummer %(code)s fantes ikke i %(year)s.") % {"code": code, "year": year})
        if code in seen:
            problems.append(_("Kommunenummer %(code)s står mer enn én gang.") % {"code": code})
        if count < 1:
            problems.append(_("Antallet for %(code)s må være minst 1.") % {"code": code})
        seen.add(code)
    total = sum(count for _code, count in pairs)
    if participants is not None and total > participants:
        problems.append(_("Summen for hjemkommunene (%(total)s) er større enn antall deltakere (%(n)s).")
                        % {"total": total, "n": participants})
    return problems


def format_homes(pairs: list[tuple[str, int]]) -> str:
    return ", ".join(f"{code}:{count}" for code, count in pairs)
