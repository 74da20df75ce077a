"""The table behind each chart, as plain rows: shown on the page and downloaded as CSV or XLSX."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from mestring.core.spreadsheets import safe_cell
from mestring.overview.charts import display
from mestring.overview import selectors as s


@dataclass(frozen=True)
class Table:
    name: str                   # sheet name (max 31 characters) and caption
    header: tuple[str, ...]
    rows: tuple[tuple, ...]
    numeric: tuple[bool, ...]   # right-aligned, formatted as numbers

    def view_rows(self) -> list[list[tuple[str, bool]]]:
        """Cells as (text, numeric) for the page: Norwegian number format, "–" for no value."""
        return [[(display(v) if v is None or isinstance(v, (int, float)) and not isinstance(v, bool) else v, num)
                 for v, num in zip(row, self.numeric)] for row in self.rows]


def _table(name: str, header: list[str], rows, numeric: list[bool]) -> Table:
    return Table(name, tuple(header), tuple(tuple(r) for r in rows), tuple(numeric))


def with_districts(rows, districts) -> list:
    """Kommune rows by code, each followed by its bydeler (a bydel's code starts with its kommune's)."""
    under: dict[str, list] = {}
    for d in districts:
        under.setdefault(d.code[:4], []).append(d)
    return [row for r in rows for row in (r, *under.get(r.code, ()))]


def _kommune_and_bydel(r) -> tuple[str, str]:
    """(Kommune, Bydel) cells: a bydel row names its kommune too, so a sorted or filtered sheet still reads."""
    return (r.kommune, r.name) if r.kommune else (r.name, "")


def services(result: s.ServicesByUnit) -> list[Table]:
    header = [_("Nummer"), _("Kommune"), _("Bydel"), _("Fylke"), _("Helseforetak"), _("Tjenester"),
              _("Med vertskap i kommunen eller bydelen"), _("Organisering"), _("Tjenestenavn")]
    rows = [(r.code, *_kommune_and_bydel(r), r.fylke, r.hf, r.services, r.hosted, ", ".join(r.forms),
             ", ".join(r.service_names)) for r in with_districts(result.rows, result.districts)]
    tables = [_table(_("Tjenester per kommune og bydel"), header, rows,
                     [False, False, False, False, False, True, True, False, False])]
    tables.append(_table(_("Tjenester per organisering"), [_("Organisering"), _("Tjenester")],
                         [(f.label, f.count) for f in result.forms], [False, True]))
    if result.hf_rows:
        tables.append(_table(_("Helseforetakenes tjenester"), [_("Helseforetak"), _("Tjenester"), _("Organisering")],
                             [(r.name, r.services, ", ".join(r.forms)) for r in result.hf_rows], [False, True, False]))
    return tables


LEVEL_NAMES = {"kommune": gettext_lazy("Kommune"), "fylke": gettext_lazy("Fylke"),
               "hf": gettext_lazy("Helseforetaksområde")}


def per_capita(result: s.PerCapita) -> list[Table]:
    figures = [_("Innbyggere"), _("Tilbud"), _("Kursstarter"), _("Deltakere"), _("Tilbud per 10 000"),
               _("Deltakere per 10 000")]

    def values(r: s.PerCapitaRow) -> tuple:
        return (r.population, r.offers, r.runs, r.participants, r.offers_per_10k, r.participants_per_10k)
    if result.level != "kommune":
        rows = [(r.code, r.name, *values(r)) for r in (*result.rows, result.total)]
        return [_table(_("Per 10 000 innbyggere"), [_("Kode"), str(LEVEL_NAMES[result.level]), *figures], rows,
                       [False, False, *[True] * 6])]
    rows = [(r.code, *_kommune_and_bydel(r), *values(r))
            for r in (*with_districts(result.rows, result.districts), result.total)]
    return [_table(_("Per 10 000 innbyggere"), [_("Kode"), _("Kommune"), _("Bydel"), *figures], rows,
                   [False, False, False, *[True] * 6])]


def dimension(result: s.Distribution, title: str) -> list[Table]:
    header = [title, _("Tilbud"), _("Kursstarter"), _("Deltakere"), _("Andel av kursstartene (%)")]
    rows = [(r.label, r.offers, r.runs, r.participants, r.share_of_runs) for r in result.rows]
    return [_table(title, header, rows, [False, True, True, True, True])]


def participation(result: s.Participation) -> list[Table]:
    header = [_("Kode"), str(LEVEL_NAMES[result.level]), _("Kursstarter"), _("Med erfarne brukere som underviste"),
              _("Andel (%)")]
    rows = [(r.code, r.name, r.runs, r.with_users, r.share) for r in (*result.rows, result.total)]
    return [_table(_("Brukermedvirkning"), header, rows, [False, False, True, True, True])]


def change(result: s.Change) -> list[Table]:
    header = [_("År"), _("Kursstarter"), _("Tilbud"), _("Deltakere"), _("Innbyggere"), _("Deltakere per 10 000"),
              _("Andel med erfarne brukere (%)")]
    rows = [(r.year, r.runs, r.offers, r.participants, r.population, r.participants_per_10k, r.with_users_share)
            for r in result.rows]
    tables = [_table(_("Utvikling per år"), header, rows, [False, True, True, True, True, True, True])]
    unit_header = [_("Kommunenummer"), _("Kommune"), *[str(y) for y in result.years]]
    tables.append(_table(_("Deltakere per kommune"), unit_header,
                         [(u.code, u.name, *u.participants) for u in result.units],
                         [False, False, *[True] * len(result.years)]))
    return tables


def distances(result: s.Distances, group: str) -> list[Table]:
    index = [g.code for g in result.groups].index(group)
    label = result.groups[index].name
    one = _table(_("Avstand for %(group)s") % {"group": label},
                 [_("Kommunenummer"), _("Kommune"), _("Innbyggere"), _("Km til nærmeste tilbud")],
                 [(r.code, r.name, r.population, r.km[index]) for r in result.rows], [False, False, True, True])
    gaps = _table(_("Største avstander"), [_("Kommunenummer"), _("Kommune"), _("Diagnosegruppe"), _("Km"),
                                            _("Innbyggere")],
                  [(g.code, g.name, g.group_label, g.km, g.population) for g in result.gaps],
                  [False, False, False, True, True])
    return [one, gaps]


def distances_all(result: s.Distances) -> list[Table]:
    """Every kommune × every diagnosis group, for the download."""
    header = [_("Kommunenummer"), _("Kommune"), _("Innbyggere"), *[g.name for g in result.groups]]
    rows = [(r.code, r.name, r.population, *r.km) for r in result.rows]
    return [_table(_("Km til nærmeste tilbud"), header, rows, [False, False, True, *[True] * len(result.groups)])]


def _cells(row: tuple) -> list:
    return [safe_cell("" if value is None else value) for value in row]


def as_csv(tables: list[Table]) -> bytes:
    """The first table (the one the page is about); semicolons and a BOM, as Norwegian Excel expects."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_cells(tables[0].header))
    for row in tables[0].rows:
        writer.writerow(_cells(tuple(str(v).replace(".", ",") if isinstance(v, float) else v for v in row)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(tables: list[Table]) -> bytes:
    """Every table of the page, one sheet each."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(title=_sheet_title(table.name))
        sheet.append(_cells(table.header))
        for row in table.rows:
            sheet.append(_cells(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(name: str) -> str:
    return "".join(c for c in name if c not in "[]:*?/\\")[:31]


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
WRITERS = {"csv": as_csv, "xlsx": as_xlsx}


def service_activity(rows: tuple[s.ServiceActivityRow, ...]) -> list[Table]:
    header = [_("Tjeneste"), _("Organisering"), _("Vert"), _("Kursstarter"), _("Deltakere"),
              _("Med erfarne brukere"), _("Digitale"), _("På andre språk enn norsk")]
    return [_table(_("Aktivitet per tjeneste"), header,
                   [(r.name, r.form, r.kommune, r.runs, r.participants, r.with_users, r.digital_runs,
                     r.minority_language_runs) for r in rows],
                   [False, False, False, True, True, True, True, True])]
