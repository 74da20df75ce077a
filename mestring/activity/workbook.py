"""The XLSX template a coordinator fills in for one service and year, and the check of the uploaded file.

The template has the registry's runs pre-filled in «Aktivitet», participants' home kommuner in
«Hjemkommuner», the kommune numbers valid that year in «Koder» and an explanation in «Les meg».
An upload is checked cell by cell first; every problem is returned with its place («Aktivitet!D7»)
and a reason in Norwegian, and nothing is written unless the whole file is valid.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mestring.activity import selectors
from mestring.activity.forms import initial_for
from mestring.activity.homes import normalise_code
from mestring.activity.models import RunActivity
from mestring.core.spreadsheets import safe_cell
from mestring.registry.models import CourseRun, Service

ACTIVITY, HOMES, CODES, README = "Aktivitet", "Hjemkommuner", "Koder", "Les meg"
ACTIVITY_COLUMNS = ["kursstart_id", "kurs", "startdato", "holdt", "deltakere_pasienter", "deltakere_parorende",
                    "samlinger", "timer", "erfarne_brukere", "sprak", "digitalt"]
HOMES_COLUMNS = ["kursstart_id", "kommunenummer", "deltakere"]
INFO_COLUMNS = {"kurs", "startdato"}  # shown to help the coordinator; not read back
TEMPLATE_ROWS = 500  # rows of «Hjemkommuner» covered by the drop-down lists
YES, NO = "ja", "nei"
LANGUAGE = re.compile(r"^[a-z]{2,3}$")


# The template ------------------------------------------------------------------------------------

def build_template(service: Service, year: int) -> bytes:
    runs = selectors.runs_held(service, year)
    report = selectors.report_for(service, year)
    saved, homes = selectors.reported_rows(report), selectors.saved_homes(report)
    kommuner = selectors.kommuner_in(year)
    book = Workbook()
    _activity_sheet(book.active, runs, saved, reported=report is not None)
    _homes_sheet(book.create_sheet(HOMES), homes, run_rows=len(runs))
    _codes_sheet(book.create_sheet(CODES), year)
    _readme_sheet(book.create_sheet(README), service, year, len(kommuner))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _activity_sheet(sheet, runs: list[CourseRun], saved: dict[int, RunActivity], *, reported: bool) -> None:
    sheet.title = ACTIVITY
    _header(sheet, ACTIVITY_COLUMNS)
    for run in runs:
        values = initial_for(run, saved.get(run.pk))
        held = run.pk in saved or not reported  # a saved report without the run: it was not held
        sheet.append([run.pk, safe_cell(run.offer.title), run.starts_on, YES if held else NO,
                      values.get("participants_patients"), values.get("participants_relatives"),
                      values.get("sessions"), values.get("hours"), _yes_no(values.get("experienced_users_taught")),
                      safe_cell(values.get("language")), _yes_no(values.get("is_digital"))])
        sheet.cell(sheet.max_row, 3).number_format = "dd.mm.yyyy"
    last = max(len(runs) + 1, 2)
    yes_no = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=False,
                            error=_("Skriv «ja» eller «nei»."), showErrorMessage=True)
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                            error=_("Skriv et helt tall, 0 eller mer."), showErrorMessage=True)
    sessions = DataValidation(type="whole", operator="between", formula1="1", formula2="1000",
                              error=_("Skriv et helt tall fra 1 til 1000."), showErrorMessage=True)
    hours = DataValidation(type="decimal", operator="between", formula1="0", formula2="9999.9",
                           error=_("Skriv timer som et tall, 0 eller mer."), showErrorMessage=True)
    for validation, columns in ((yes_no, "DIK"), (counts, "EF"), (sessions, "G"), (hours, "H")):
        sheet.add_data_validation(validation)
        for letter in columns:
            validation.add(f"{letter}2:{letter}{last}")
    _widths(sheet, [14, 40, 12, 8, 20, 20, 11, 8, 16, 7, 9])


def _homes_sheet(sheet, homes: dict[int, list[tuple[str, int]]], *, run_rows: int) -> None:
    _header(sheet, HOMES_COLUMNS)
    for run_id, pairs in homes.items():
        for code, count in pairs:
            sheet.append([run_id, code, count])
    # Excel may turn Oslo's 0301 into 301 when typed or picked; the upload puts the zero back.
    run_list = DataValidation(type="list", formula1=f"={ACTIVITY}!$A$2:$A${max(run_rows + 1, 2)}",
                              error=_("Velg en kursstart-ID fra arket Aktivitet."), showErrorMessage=True)
    code_list = DataValidation(type="list", formula1=f"={CODES}!$A$2:$A$1000",
                               error=_("Velg et kommunenummer fra arket Koder."), showErrorMessage=True)
    count = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="1",
                           error=_("Skriv et helt tall, 1 eller mer."), showErrorMessage=True)
    for validation, letter in ((run_list, "A"), (code_list, "B"), (count, "C")):
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    _widths(sheet, [14, 16, 11])


def _codes_sheet(sheet, year: int) -> None:
    _header(sheet, ["kommunenummer", "kommunenavn"])
    for unit in selectors.units_as_of(year, "kommune").order_by("code"):
        sheet.append([unit.code, safe_cell(unit.name)])
    _widths(sheet, [16, 40])


def _readme_sheet(sheet, service: Service, year: int, kommuner: int) -> None:
    rows = [
        [_("Aktivitetsrapport %(year)s: %(name)s") % {"year": year, "name": service.name}],
        ["tjeneste_id", service.pk],
        ["ar", year],
        [],
        [_("Slik fyller du ut malen")],
        [_("Aktivitet: én rad per kursstart i registeret. Ikke endre kursstart_id; kurs og startdato er bare "
           "til hjelp.")],
        [_("holdt: «ja» eller «nei». For et kurs som ikke ble holdt, trenger du ikke fylle ut resten av raden.")],
        [_("deltakere_pasienter og deltakere_parorende: antall deltakere (hele tall, 0 eller mer).")],
        [_("samlinger: antall samlinger (1–1000). timer: timer i alt, med høyst én desimal.")],
        [_("erfarne_brukere: «ja» hvis erfarne brukere underviste. digitalt: «ja» hvis kurset var digitalt.")],
        [_("sprak: én språkkode (ISO 639), for eksempel «nb», «se» eller «ar».")],
        [_("Hjemkommuner: én rad per kursstart og kommune der dere vet hvor deltakerne bor. Summen per "
           "kursstart kan ikke være større enn antall deltakere. Tomt: ukjent.")],
        [_("Koder: de %(n)s kommunenumrene som gjaldt 1. januar %(year)s.") % {"n": kommuner, "year": year}],
        [_("Ikke legg til, fjern eller gi nytt navn til ark og kolonner. Last opp filen på siden for "
           "aktivitetsrapporten; hvis noe er feil, får du en liste over alle feil, og ingenting blir lagret.")],
    ]
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A5"].font = Font(bold=True)
    _widths(sheet, [110, 12])


def _header(sheet, columns: list[str]) -> None:
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _widths(sheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _yes_no(value) -> str | None:
    return None if value is None else (YES if value else NO)


# Reading an upload -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    place: str
    reason: str

    def __str__(self) -> str:
        return f"{self.place}: {self.reason}"


class UploadInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass
class Parsed:
    """What the upload says, by run id: values (None = not held) and home kommune pairs with their cells."""

    rows: dict[int, dict | None] = field(default_factory=dict)
    places: dict[int, int] = field(default_factory=dict)  # run id → row number in «Aktivitet»
    homes: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


class Sheet:
    """One sheet's rows with its columns found by header name; records every problem with its cell."""

    def __init__(self, book, name: str, columns: list[str], problems: list[Problem]):
        self.name, self.problems, self.columns = name, problems, {}
        self.rows: list[tuple[int, tuple]] = []
        if name not in book.sheetnames:
            problems.append(Problem(name, _("Arbeidsboka mangler arket «%(name)s». Bruk malen fra nettsiden, og "
                                            "ikke gi arkene nye navn.") % {"name": name}))
            return
        table = list(book[name].iter_rows(values_only=True))
        self._read_header(table[0] if table else (), columns)
        self.rows = [(number, row) for number, row in enumerate(table[1:], start=2)
                     if any(_text(value) for value in row)]

    def _read_header(self, header: tuple, columns: list[str]) -> None:
        for index, value in enumerate(header):
            name = _text(value).lower()
            place = f"{self.name}!{get_column_letter(index + 1)}1"
            if not name:
                continue
            if name not in columns:
                self.problem(place, _("Ukjent kolonne «%(name)s». Fjern kolonnen, eller bruk en ny mal.")
                             % {"name": _text(value)})
            elif name in self.columns:
                self.problem(place, _("Kolonnen «%(name)s» står to ganger.") % {"name": name})
            else:
                self.columns[name] = index
        for name in columns:
            if name not in self.columns:
                self.problem(f"{self.name}!1:1", _("Kolonnen «%(name)s» mangler i overskriftsraden.")
                             % {"name": name})

    def place(self, row: int, column: str) -> str:
        return f"{self.name}!{get_column_letter(self.columns[column] + 1)}{row}"

    def problem(self, place: str, reason: str) -> None:
        self.problems.append(Problem(place, reason))

    def value(self, cells: tuple, column: str):
        index = self.columns.get(column)
        return cells[index] if index is not None and index < len(cells) else None


def _text(value) -> str:
    return "" if value is None else str(value).strip()


class CellError(ValueError):
    pass


def as_int(value, *, minimum: int = 0, maximum: int | None = None) -> int:
    if value is None or _text(value) == "":
        raise CellError(_("Cellen er tom; skriv et helt tall."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise CellError(_("Skriv et helt tall, ikke «%(value)s».") % {"value": value})
    if value < 0:
        raise CellError(_("Tallet kan ikke være negativt (%(value)s).") % {"value": value})
    if value < minimum or (maximum is not None and value > maximum):
        raise CellError(_("Tallet må være fra %(min)s til %(max)s.") % {"min": minimum, "max": maximum or "…"})
    return value


def as_hours(value) -> Decimal:
    if value is None or _text(value) == "":
        raise CellError(_("Cellen er tom; skriv timer i alt som et tall."))
    try:
        hours = Decimal(_text(value).replace(",", "."))  # str() of a float is its shortest exact form
    except InvalidOperation:
        hours = None
    if isinstance(value, bool) or hours is None or not hours.is_finite():
        raise CellError(_("Skriv timer som et tall, ikke «%(value)s».") % {"value": value})
    if hours < 0:
        raise CellError(_("Tallet kan ikke være negativt (%(value)s).") % {"value": value})
    if hours != hours.quantize(Decimal("0.1")):
        raise CellError(_("Skriv timer med høyst én desimal, ikke «%(value)s».") % {"value": value})
    if hours > Decimal("9999.9"):
        raise CellError(_("For mange timer (høyst 9999,9)."))
    return hours.quantize(Decimal("0.1"))


def as_yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text not in (YES, NO):
        raise CellError(_("Skriv «ja» eller «nei», ikke «%(value)s».") % {"value": _text(value)}
                        if text else _("Cellen er tom; skriv «ja» eller «nei»."))
    return text == YES


def as_language(value) -> str:
    text = _text(value).lower()
    if not LANGUAGE.match(text):
        raise CellError(_("Skriv én språkkode (ISO 639), for eksempel «nb» eller «ar», ikke «%(value)s».")
                        % {"value": _text(value)})
    return text


ACTIVITY_FIELDS = [  # column, model field, parser
    ("deltakere_pasienter", "participants_patients", as_int),
    ("deltakere_parorende", "participants_relatives", as_int),
    ("samlinger", "sessions", lambda v: as_int(v, minimum=1, maximum=1000)),
    ("timer", "hours", as_hours),
    ("erfarne_brukere", "experienced_users_taught", as_yes_no),
    ("sprak", "language", as_language),
    ("digitalt", "is_digital", as_yes_no),
]


def read_upload(content: bytes, *, service: Service, year: int) -> list[tuple[CourseRun, dict | None]]:
    """The rows for `services.save_report`, or UploadInvalid listing every problem in the file."""
    try:
        book = load_workbook(io.BytesIO(content), data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise UploadInvalid([Problem(_("Filen"), _("Filen kan ikke leses som en XLSX-arbeidsbok."))]) from exc
    problems: list[Problem] = []
    _check_readme(book, service, year, problems)
    runs = {run.pk: run for run in selectors.runs_held(service, year)}
    parsed = Parsed()
    activity = Sheet(book, ACTIVITY, ACTIVITY_COLUMNS, problems)
    _read_activity(activity, runs, parsed)
    _check_reported_elsewhere(activity, service, year, parsed)
    homes = Sheet(book, HOMES, HOMES_COLUMNS, problems)
    _read_homes(homes, selectors.kommuner_in(year), parsed, year)
    if ACTIVITY in book.sheetnames and "kursstart_id" in activity.columns:
        for run_id, run in runs.items():
            if run_id not in parsed.rows:
                activity.problem(ACTIVITY, _("Kursstarten %(run)s (ID %(id)s) mangler. Legg den til igjen, med "
                                             "«nei» i holdt hvis kurset ikke ble holdt.") % {"run": run, "id": run_id})
    if problems:
        raise UploadInvalid(problems)
    return [(runs[run_id], _with_homes(values, parsed.homes.get(run_id, [])))
            for run_id, values in parsed.rows.items()]


def _with_homes(values: dict | None, homes: list[tuple[int, int]]) -> dict | None:
    return None if values is None else {**values, "homes": homes}


def _check_readme(book, service: Service, year: int, problems: list[Problem]) -> None:
    """A file made for another service or year is refused, so numbers never land in the wrong report."""
    if README not in book.sheetnames:
        return
    sheet = book[README]
    if _text(sheet["A2"].value) == "tjeneste_id" and _text(sheet["B2"].value) != str(service.pk):
        problems.append(Problem(f"{README}!B2", _("Filen er malen for en annen tjeneste (ID %(id)s). Last ned malen "
                                                  "for denne tjenesten.") % {"id": _text(sheet["B2"].value)}))
    if _text(sheet["A3"].value) == "ar" and _text(sheet["B3"].value) != str(year):
        problems.append(Problem(f"{README}!B3", _("Filen er malen for %(other)s, ikke %(year)s.")
                                % {"other": _text(sheet["B3"].value), "year": year}))


def _read_activity(sheet: Sheet, runs: dict[int, CourseRun], parsed: Parsed) -> None:
    if "kursstart_id" not in sheet.columns:
        return
    for number, cells in sheet.rows:
        run_id = _run_id(sheet, number, cells, runs)
        if run_id is None:
            continue
        if run_id in parsed.places:
            sheet.problem(sheet.place(number, "kursstart_id"),
                          _("Kursstart %(id)s står også i %(other)s. En kursstart kan bare rapporteres én gang.")
                          % {"id": run_id, "other": sheet.place(parsed.places[run_id], "kursstart_id")})
            continue
        parsed.places[run_id] = number
        parsed.rows[run_id] = _activity_values(sheet, number, cells)


def _run_id(sheet: Sheet, number: int, cells: tuple, runs: dict[int, CourseRun]) -> int | None:
    place, value = sheet.place(number, "kursstart_id"), sheet.value(cells, "kursstart_id")
    try:
        run_id = as_int(value)
    except CellError as error:
        sheet.problem(place, str(error))
        return None
    if run_id not in runs:
        sheet.problem(place, _("Ukjent kursstart-ID %(id)s: den er ikke en kursstart for denne tjenesten i dette "
                               "året.") % {"id": run_id})
        return None
    return run_id


def _activity_values(sheet: Sheet, number: int, cells: tuple) -> dict | None:
    """The row's values, None when the run was not held; problems are recorded per cell."""
    if "holdt" not in sheet.columns:
        return None
    try:
        held = as_yes_no(sheet.value(cells, "holdt"))
    except CellError as error:
        sheet.problem(sheet.place(number, "holdt"), str(error))
        return None
    if not held:
        return None
    values = {}
    for column, name, parse in ACTIVITY_FIELDS:
        if column not in sheet.columns:
            continue
        try:
            values[name] = parse(sheet.value(cells, column))
        except CellError as error:
            sheet.problem(sheet.place(number, column), str(error))
    return values


def _check_reported_elsewhere(sheet: Sheet, service: Service, year: int, parsed: Parsed) -> None:
    """A run already in another service's report is refused here (it would be counted twice)."""
    held = [run_id for run_id, values in parsed.rows.items() if values is not None]
    elsewhere = (RunActivity.objects.filter(run_id__in=held).exclude(report__service=service,
                                                                       report__reporting_year__year=year)
                 .select_related("run__offer", "report__service", "report__reporting_year"))
    for row in elsewhere:
        sheet.problem(sheet.place(parsed.places[row.run_id], "kursstart_id"),
                      _("Kursstarten %(run)s er allerede rapportert av %(service)s for %(year)s, og kan ikke "
                        "rapporteres to ganger.") % {"run": row.run, "service": row.report.service,
                                                     "year": row.report.reporting_year})


def _read_homes(sheet: Sheet, known: dict[str, int], parsed: Parsed, year: int) -> None:
    if not {"kursstart_id", "kommunenummer", "deltakere"} <= set(sheet.columns):
        return
    seen: dict[tuple[int, str], int] = {}
    last_row: dict[int, int] = {}
    for number, cells in sheet.rows:
        run_id = _home_run(sheet, number, cells, parsed)
        code = _home_code(sheet, number, cells, known, year)
        try:
            count = as_int(sheet.value(cells, "deltakere"), minimum=1)
        except CellError as error:
            sheet.problem(sheet.place(number, "deltakere"), str(error))
            count = None
        if run_id is None or code is None or count is None:
            continue
        if (run_id, code) in seen:
            sheet.problem(sheet.place(number, "kommunenummer"),
                          _("Kommune %(code)s for kursstart %(id)s står også på rad %(other)s.")
                          % {"code": code, "id": run_id, "other": seen[run_id, code]})
            continue
        seen[run_id, code] = number
        last_row[run_id] = number
        parsed.homes.setdefault(run_id, []).append((known[code], count))
    _check_home_sums(sheet, parsed, last_row)


def _home_run(sheet: Sheet, number: int, cells: tuple, parsed: Parsed) -> int | None:
    place = sheet.place(number, "kursstart_id")
    try:
        run_id = as_int(sheet.value(cells, "kursstart_id"))
    except CellError as error:
        sheet.problem(place, str(error))
        return None
    if run_id not in parsed.rows:
        sheet.problem(place, _("Kursstart %(id)s står ikke i arket Aktivitet.") % {"id": run_id})
        return None
    if parsed.rows[run_id] is None:
        sheet.problem(place, _("Kursstart %(id)s er merket som ikke holdt, og kan ikke ha hjemkommuner.")
                      % {"id": run_id})
        return None
    return run_id


def _home_code(sheet: Sheet, number: int, cells: tuple, known: dict[str, int], year: int) -> str | None:
    value = sheet.value(cells, "kommunenummer")
    code = normalise_code(_text(value).removesuffix(".0"))
    if code not in known:
        sheet.problem(sheet.place(number, "kommunenummer"),
                      _("Ukjent kommunenummer «%(code)s»: det fantes ingen kommune med det nummeret 1. januar "
                        "%(year)s.") % {"code": _text(value), "year": year} if code
                      else _("Cellen er tom; skriv et kommunenummer fra arket Koder."))
        return None
    return code


def _check_home_sums(sheet: Sheet, parsed: Parsed, last_row: dict[int, int]) -> None:
    for run_id, pairs in parsed.homes.items():
        values = parsed.rows[run_id] or {}
        if "participants_patients" not in values or "participants_relatives" not in values:
            continue
        total = sum(count for _unit, count in pairs)
        participants = values["participants_patients"] + values["participants_relatives"]
        if total > participants:
            sheet.problem(sheet.place(last_row[run_id], "deltakere"),
                          _("Summen for kursstart %(id)s (%(total)s) er større enn antall deltakere (%(n)s) i "
                            "arket Aktivitet.") % {"id": run_id, "total": total, "n": participants})
