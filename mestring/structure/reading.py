"""Read and check the bundled structure files before anything is written.

Every problem is collected as (file, line, reason); the caller writes nothing if there is one.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# file name → columns that must be present
FILES = {
    "fylker_2024.csv": ["code", "name", "name_nb", "name_sami", "name_kven"],
    "kommuner_2014.csv": ["code", "name", "county_code", "county_name"],
    "kommuner_2020.csv": ["code", "name", "name_2023", "county_code", "county_name"],
    "kommuner_2024.csv": ["code", "name", "name_nb", "name_sami", "name_kven", "county_code", "county_name"],
    "bydeler_2024.csv": ["code", "name", "kommune_code", "kommune_name", "kind"],
    "helseforetak.csv": ["code", "name", "rhf", "rhf_code"],
    "hf_extra.csv": ["code", "name", "rhf", "rhf_code"],
    "hf_catchment_2024.csv": ["kommune_code", "kommune_name", "bydel_code", "hf_code", "basis", "note"],
    "redistricting_to_2024.csv": ["old_code", "old_name", "valid_from", "valid_to", "new_code", "new_name",
                                  "weight", "weight_basis", "relation", "change_years"],
    "population_kommuner.csv": ["code", "year", "population", "basis"],
    "population_bydeler.csv": ["code", "kommune_code", "year", "population"],
}
CODE_PATTERNS = {"fylke": r"\d{2}", "kommune": r"\d{4}", "bydel": r"\d{6}", "slug": r"[a-z0-9]+(-[a-z0-9]+)*"}


class StructureDataError(Exception):
    """The data files have problems; `problems` lists every one as (file, line, reason)."""

    def __init__(self, problems: list[tuple[str, int, str]]):
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{first[0]}, line {first[1]}: {first[2]}{more}")


@dataclass
class Rows:
    """The rows of every file, as dicts of text, with their line numbers."""

    tables: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    problems: list[tuple[str, int, str]] = field(default_factory=list)

    def problem(self, file: str, line: int, reason: str) -> None:
        self.problems.append((file, line, reason))

    def __getitem__(self, name: str) -> list[tuple[int, dict[str, str]]]:
        return self.tables.get(name, [])


def read_all(data_dir: Path = DATA_DIR) -> Rows:
    rows = Rows()
    for name, columns in FILES.items():
        rows.tables[name] = read_file(rows, data_dir / name, columns)
    check_values(rows)
    if rows.problems:
        raise StructureDataError(rows.problems)
    return rows


def read_file(rows: Rows, path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    name = path.name
    if not path.is_file():
        rows.problem(name, 0, "file is missing")
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        rows.problem(name, text_line_of(path, exc.start), "not valid UTF-8")
        return []
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        rows.problem(name, 1, f"missing column(s): {', '.join(missing)}")
        return []
    result = []
    for line, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            rows.problem(name, line, "wrong number of fields")
            continue
        result.append((line, {k: v.strip() for k, v in row.items()}))
    return result


def text_line_of(path: Path, byte_offset: int) -> int:
    return path.read_bytes()[:byte_offset].count(b"\n") + 1


def check_code(rows: Rows, file: str, line: int, value: str, kind: str, column: str) -> None:
    if not re.fullmatch(CODE_PATTERNS[kind], value):
        rows.problem(file, line, f"{column} {value!r} is not a valid {kind} code")


def check_int(rows: Rows, file: str, line: int, value: str, column: str, *, blank: bool = False) -> None:
    if blank and value == "":
        return
    if not value.isdigit():
        rows.problem(file, line, f"{column} {value!r} is not a whole number")


def check_weight(rows: Rows, file: str, line: int, value: str) -> None:
    try:
        weight = Decimal(value)
    except InvalidOperation:
        rows.problem(file, line, f"weight {value!r} is not a number")
        return
    if not Decimal(0) < weight <= Decimal(1):
        rows.problem(file, line, f"weight {value} is not between 0 and 1")


def check_values(rows: Rows) -> None:
    """Per-column checks, plus the references between files."""
    for file, kind in (("kommuner_2014.csv", "kommune"), ("kommuner_2020.csv", "kommune"),
                       ("kommuner_2024.csv", "kommune"), ("fylker_2024.csv", "fylke"), ("bydeler_2024.csv", "bydel")):
        for line, row in rows[file]:
            check_code(rows, file, line, row["code"], kind, "code")
            if not row["name"]:
                rows.problem(file, line, "name is empty")
    for file in ("helseforetak.csv", "hf_extra.csv"):
        for line, row in rows[file]:
            check_code(rows, file, line, row["code"], "slug", "code")
            check_code(rows, file, line, row["rhf_code"], "slug", "rhf_code")
    file = "redistricting_to_2024.csv"
    current = {row["code"] for _, row in rows["kommuner_2024.csv"]}
    for line, row in rows[file]:
        check_code(rows, file, line, row["old_code"], "kommune", "old_code")
        check_int(rows, file, line, row["valid_from"], "valid_from")
        check_int(rows, file, line, row["valid_to"], "valid_to", blank=True)
        check_weight(rows, file, line, row["weight"])
        if row["new_code"] not in current:
            rows.problem(file, line, f"new_code {row['new_code']!r} is not a 2024 kommune")
    check_population(rows, current)
    check_catchment(rows, current)


def check_population(rows: Rows, current: set[str]) -> None:
    bydeler = {row["code"] for _, row in rows["bydeler_2024.csv"]}
    for file, known in (("population_kommuner.csv", current), ("population_bydeler.csv", bydeler)):
        for line, row in rows[file]:
            check_int(rows, file, line, row["year"], "year")
            check_int(rows, file, line, row["population"], "population")
            if row["code"] not in known:
                rows.problem(file, line, f"code {row['code']!r} is not a known unit")


def check_catchment(rows: Rows, current: set[str]) -> None:
    hfs = {row["code"] for f in ("helseforetak.csv", "hf_extra.csv") for _, row in rows[f]}
    bydeler = {row["code"] for _, row in rows["bydeler_2024.csv"]}
    file = "hf_catchment_2024.csv"
    for line, row in rows[file]:
        if row["kommune_code"] not in current:
            rows.problem(file, line, f"kommune_code {row['kommune_code']!r} is not a 2024 kommune")
        if row["bydel_code"] and row["bydel_code"] not in bydeler:
            rows.problem(file, line, f"bydel_code {row['bydel_code']!r} is not a known bydel")
        if row["hf_code"] not in hfs:
            rows.problem(file, line, f"hf_code {row['hf_code']!r} is not a known helseforetak")
