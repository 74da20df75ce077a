"""HSDS 3.0 CSV datapackages: `export_hsds` writes one, `import_hsds` reads one back.

The files carry the HSDS columns other tools read, plus `x_` columns (and `x_*.csv` files) for what
HSDS has no place for, so that export → import → export gives the same files. Rows are matched on
their HSDS id (our uuid): re-importing a package updates instead of duplicating.

Import validates every file and row first and reports each problem with file, line and reason;
only a package without problems is written, in one transaction.
"""
from __future__ import annotations

import csv
import datetime as dt
import getpass
import io
import json
import operator
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction

from mestring.registry import cache, search
from mestring.registry.models import (
    Contact, CourseOffer, CourseRun, DataVersion, Location, OpeningHours, Service, ServiceMembership, Status,
    Taxonomy, TaxonomyTerm,
)
from mestring.structure.models import Unit

FILES = {
    "taxonomies.csv": ["id", "name", "description", "version", "x_slug"],
    "taxonomy_terms.csv": ["id", "code", "name", "description", "parent_id", "taxonomy_id", "language",
                           "x_name_en", "x_position"],
    "organizations.csv": ["id", "name", "alternate_name", "description", "email", "website", "x_form",
                          "x_host_unit_kind", "x_host_unit_code", "x_phone", "x_status"],
    "x_service_memberships.csv": ["id", "organization_id", "unit_kind", "unit_code", "valid_from", "valid_to"],
    "contacts.csv": ["id", "organization_id", "name", "title", "email", "x_phone"],
    "locations.csv": ["id", "location_type", "organization_id", "name", "description", "latitude", "longitude",
                      "external_identifier", "external_identifier_type"],
    "addresses.csv": ["id", "location_id", "address_1", "city", "state_province", "postal_code", "country",
                      "address_type"],
    "x_opening_hours.csv": ["id", "organization_id", "location_id", "weekday", "opens", "closes"],
    "services.csv": ["id", "organization_id", "name", "alternate_name", "description", "status",
                     "application_process", "fees_description", "minimum_age", "maximum_age", "assured_date",
                     "url", "x_description_en", "x_languages", "x_format", "x_hours", "x_sessions",
                     "x_user_participation", "x_method", "x_method_note", "x_referral_required", "x_cost_nok",
                     "x_capacity"],
    "service_at_locations.csv": ["id", "service_id", "location_id"],
    "attributes.csv": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
    "x_course_runs.csv": ["id", "service_id", "starts_on", "ends_on", "schedule", "location_id", "is_digital",
                          "seats_left", "sign_up_url", "sign_up_deadline"],
}


class PackageError(Exception):
    """The package cannot be imported; `problems` lists every bad row."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


# ---------------------------------------------------------------- export

def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def export_rows() -> dict[str, Iterator[list]]:
    """Every file's rows (without header), in a stable order."""
    offers = CourseOffer.objects.select_related("service").order_by("uuid")
    return {
        "taxonomies.csv": ([t.uuid, t.name, t.description, t.version, t.slug] for t in Taxonomy.objects.order_by("uuid")),
        "taxonomy_terms.csv": ([t.uuid, t.code, t.name, t.description, t.parent.uuid if t.parent else "",
                                t.taxonomy.uuid, "nb", t.name_en, t.position]
                               for t in TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by("uuid")),
        "organizations.csv": ([s.uuid, s.name, s.get_form_display(), s.description, s.email, s.website, s.form,
                               s.host_unit.kind, s.host_unit.code, s.phone, s.status]
                              for s in Service.objects.select_related("host_unit").order_by("uuid")),
        "x_service_memberships.csv": ([m.uuid, m.service.uuid, m.unit.kind, m.unit.code, m.valid_from, m.valid_to]
                                      for m in ServiceMembership.objects.select_related("service", "unit")
                                      .order_by("uuid")),
        "contacts.csv": ([c.uuid, c.service.uuid, c.name, c.role, c.email, c.phone]
                         for c in Contact.objects.select_related("service").order_by("uuid")),
        "locations.csv": ([loc.uuid, "physical", loc.service.uuid, loc.name, loc.directions, loc.latitude,
                           loc.longitude, loc.kommune.code, "kommunenummer"]
                          for loc in Location.objects.select_related("service", "kommune").order_by("uuid")),
        "addresses.csv": ([uuid.uuid5(loc.uuid, "address"), loc.uuid, loc.address, loc.place,
                           loc.kommune.name_nb, loc.postcode, "NO", "physical"]
                          for loc in Location.objects.select_related("kommune").order_by("uuid")),
        "x_opening_hours.csv": ([h.uuid, h.service.uuid, h.location.uuid if h.location else "", h.weekday,
                                 h.opens.strftime("%H:%M"), h.closes.strftime("%H:%M")]
                                for h in OpeningHours.objects.select_related("service", "location").order_by("uuid")),
        "services.csv": (service_row(o) for o in offers),
        "service_at_locations.csv": ([uuid.uuid5(link.courseoffer.uuid, f"sal/{link.location.uuid}"),
                                      link.courseoffer.uuid, link.location.uuid]
                                     for link in CourseOffer.locations.through.objects
                                     .select_related("courseoffer", "location")
                                     .order_by("courseoffer__uuid", "location__uuid")),
        "attributes.csv": attribute_rows(),
        "x_course_runs.csv": ([r.uuid, r.offer.uuid, r.starts_on, r.ends_on, r.schedule,
                               r.location.uuid if r.location else "", r.is_digital, r.seats_left, r.sign_up_url,
                               r.sign_up_deadline]
                              for r in CourseRun.objects.select_related("offer", "location").order_by("uuid")),
    }


def service_row(o: CourseOffer) -> list:
    return [o.uuid, o.service.uuid, o.title, o.title_en, o.description, o.status, o.sign_up, o.cost_note,
            o.min_age, o.max_age, o.last_confirmed, o.sign_up_url, o.description_en, o.languages, o.format,
            o.hours, o.sessions, o.user_participation, o.method, o.method_note, o.referral_required, o.cost_nok,
            o.capacity]


def attribute_rows() -> Iterator[list]:
    for relation in (CourseOffer.diagnosis_groups.through, CourseOffer.target_groups.through):
        links = relation.objects.select_related("courseoffer", "taxonomyterm__taxonomy")
        for link in links.order_by("courseoffer__uuid", "taxonomyterm__uuid"):
            yield [uuid.uuid5(link.courseoffer.uuid, f"attribute/{link.taxonomyterm.uuid}"), link.courseoffer.uuid,
                   link.taxonomyterm.uuid, "service", "service", link.taxonomyterm.taxonomy.slug]


def export_package(path: Path, progress: Callable[[str, int], None] = lambda name, n: None) -> dict[str, int]:
    """Write the datapackage folder at `path`; returns rows written per file."""
    path.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, rows in export_rows().items():
        with (path / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(FILES[name])
            counts[name] = 0
            for row in rows:
                writer.writerow([text(v) for v in row])
                counts[name] += 1
        progress(name, counts[name])
    (path / "datapackage.json").write_text(json.dumps(descriptor(), indent=2, ensure_ascii=False) + "\n")
    return counts


def descriptor() -> dict:
    return {"name": "mestring-hsds", "title": "Lærings- og mestringstilbud (HSDS 3.0)",
            "profile": "tabular-data-package", "licenses": [{"name": "NLOD-2.0"}],
            "resources": [{"name": name.removesuffix(".csv"), "path": name, "profile": "tabular-data-resource",
                           "schema": {"fields": [{"name": c, "type": "string"} for c in columns]}}
                          for name, columns in FILES.items()]}


# ---------------------------------------------------------------- import: reading and checking

@dataclass
class Checked:
    """Parsed rows per file, ready to write, and every problem found."""

    rows: dict[str, list[dict]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def problem(self, name: str, line: int, reason: str) -> None:
        self.problems.append(f"{name}, linje {line}: {reason}")


def read_files(source: Path) -> dict[str, str]:
    """The CSV texts of a package folder or zip file."""
    if source.is_dir():
        return {name: (source / name).read_text(encoding="utf-8-sig") for name in FILES if (source / name).exists()}
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            found = {Path(n).name: n for n in archive.namelist()}
            return {name: archive.read(found[name]).decode("utf-8-sig") for name in FILES if name in found}
    raise PackageError([f"{source}: verken en mappe eller en zip-fil"])


def parse(texts: dict[str, str]) -> Checked:
    checked = Checked()
    for name in ("taxonomies.csv", "taxonomy_terms.csv", "organizations.csv", "services.csv"):
        if name not in texts:
            checked.problems.append(f"{name}: filen mangler i pakken")
    for name, body in texts.items():
        reader = csv.DictReader(io.StringIO(body))
        missing = [c for c in FILES[name] if c not in (reader.fieldnames or [])]
        if missing:
            checked.problems.append(f"{name}, linje 1: mangler kolonnene {', '.join(missing)}")
            continue
        checked.rows[name] = [dict(row, _line=line) for line, row in enumerate(reader, start=2)]
    return checked


def as_uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)


def as_date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def as_int(value: str) -> int | None:
    return int(value) if value != "" else None


def as_decimal(value: str) -> Decimal | None:
    return Decimal(value) if value != "" else None


def as_bool(value: str) -> bool:
    if value not in ("true", "false"):
        raise ValueError("må være true eller false")
    return value == "true"


def as_time(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


def choice(options) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in options:
            raise ValueError(f"ukjent verdi «{value}»")
        return value
    return check


# column → converter, per file (columns not listed are kept as text)
CONVERTERS: dict[str, dict[str, Callable]] = {
    "taxonomies.csv": {"id": as_uuid},
    "taxonomy_terms.csv": {"id": as_uuid, "taxonomy_id": as_uuid, "x_position": int,
                           "parent_id": lambda v: as_uuid(v) if v else None},
    "organizations.csv": {"id": as_uuid, "x_form": choice(Service.Form.values), "x_status": choice(Status.values)},
    "x_service_memberships.csv": {"id": as_uuid, "organization_id": as_uuid, "valid_from": as_date,
                                  "valid_to": as_date},
    "contacts.csv": {"id": as_uuid, "organization_id": as_uuid},
    "locations.csv": {"id": as_uuid, "organization_id": as_uuid, "latitude": Decimal, "longitude": Decimal},
    "addresses.csv": {"id": as_uuid, "location_id": as_uuid},
    "x_opening_hours.csv": {"id": as_uuid, "organization_id": as_uuid, "weekday": int, "opens": as_time,
                            "closes": as_time, "location_id": lambda v: as_uuid(v) if v else None},
    "services.csv": {"id": as_uuid, "organization_id": as_uuid, "status": choice(Status.values),
                     "minimum_age": as_int, "maximum_age": as_int, "assured_date": as_date,
                     "x_format": choice(CourseOffer.Format.values), "x_hours": as_decimal, "x_sessions": as_int,
                     "x_user_participation": as_bool, "x_method": choice(CourseOffer.Method.values),
                     "x_referral_required": as_bool, "x_cost_nok": int, "x_capacity": as_int},
    "service_at_locations.csv": {"id": as_uuid, "service_id": as_uuid, "location_id": as_uuid},
    "attributes.csv": {"id": as_uuid, "link_id": as_uuid, "taxonomy_term_id": as_uuid},
    "x_course_runs.csv": {"id": as_uuid, "service_id": as_uuid, "starts_on": as_date, "ends_on": as_date,
                          "location_id": lambda v: as_uuid(v) if v else None, "is_digital": as_bool,
                          "seats_left": as_int, "sign_up_deadline": as_date},
}
REQUIRED = {
    "taxonomies.csv": ["name", "x_slug"], "taxonomy_terms.csv": ["code", "name"],
    "organizations.csv": ["name", "x_host_unit_code"], "contacts.csv": ["name"],
    "locations.csv": ["name", "external_identifier"], "addresses.csv": ["address_1"],
    "services.csv": ["name", "description", "application_process", "assured_date"],
    "x_course_runs.csv": ["starts_on", "schedule"], "x_service_memberships.csv": ["unit_code", "valid_from"],
}


def convert(checked: Checked) -> None:
    """Turn text into typed values in place; every failure becomes a problem with its line."""
    for name, rows in checked.rows.items():
        for row in rows:
            for column in REQUIRED.get(name, []):
                if not row[column].strip():
                    checked.problem(name, row["_line"], f"«{column}» mangler")
            for column, converter in CONVERTERS.get(name, {}).items():
                try:
                    row[column] = converter(row[column])
                except (ValueError, InvalidOperation, TypeError) as error:
                    reason = str(error) if "ukjent verdi" in str(error) or "true eller false" in str(error) \
                        else "ugyldig verdi"
                    checked.problem(name, row["_line"], f"«{column}»: {reason} ({row[column][:40]!r})")


def check_references(checked: Checked) -> None:
    """Every id a row points to exists in the package or in the database; units exist today."""
    known = {name: {r["id"] for r in rows} for name, rows in checked.rows.items()}
    from_db = {
        "taxonomies.csv": set(Taxonomy.objects.values_list("uuid", flat=True)),
        "taxonomy_terms.csv": set(TaxonomyTerm.objects.values_list("uuid", flat=True)),
        "organizations.csv": set(Service.objects.values_list("uuid", flat=True)),
        "locations.csv": set(Location.objects.values_list("uuid", flat=True)),
        "services.csv": set(CourseOffer.objects.values_list("uuid", flat=True)),
    }
    links = [("taxonomy_terms.csv", "taxonomy_id", "taxonomies.csv"),
             ("taxonomy_terms.csv", "parent_id", "taxonomy_terms.csv"),
             ("x_service_memberships.csv", "organization_id", "organizations.csv"),
             ("contacts.csv", "organization_id", "organizations.csv"),
             ("locations.csv", "organization_id", "organizations.csv"),
             ("addresses.csv", "location_id", "locations.csv"),
             ("x_opening_hours.csv", "organization_id", "organizations.csv"),
             ("x_opening_hours.csv", "location_id", "locations.csv"),
             ("services.csv", "organization_id", "organizations.csv"),
             ("service_at_locations.csv", "service_id", "services.csv"),
             ("service_at_locations.csv", "location_id", "locations.csv"),
             ("attributes.csv", "link_id", "services.csv"),
             ("attributes.csv", "taxonomy_term_id", "taxonomy_terms.csv"),
             ("x_course_runs.csv", "service_id", "services.csv"),
             ("x_course_runs.csv", "location_id", "locations.csv")]
    for name, column, target in links:
        targets = known.get(target, set()) | from_db.get(target, set())
        for row in checked.rows.get(name, []):
            value = row[column]
            if isinstance(value, uuid.UUID) and value not in targets:
                checked.problem(name, row["_line"], f"«{column}» {value} finnes ikke i {target}")
    check_units(checked)


def check_units(checked: Checked) -> None:
    units = {(u.kind, u.code): u for u in Unit.objects.current()}
    for name, kind_col, code_col in (("organizations.csv", "x_host_unit_kind", "x_host_unit_code"),
                                     ("x_service_memberships.csv", "unit_kind", "unit_code")):
        for row in checked.rows.get(name, []):
            unit = units.get((row[kind_col], row[code_col]))
            if unit is None:
                checked.problem(name, row["_line"], f"ukjent enhet {row[kind_col]} {row[code_col]}")
            row["_unit"] = unit
    for row in checked.rows.get("locations.csv", []):
        row["_unit"] = units.get(("kommune", row["external_identifier"]))
        if row["_unit"] is None:
            checked.problem("locations.csv", row["_line"], f"ukjent kommunenummer {row['external_identifier']}")


def check_package(source: Path) -> Checked:
    checked = parse(read_files(source))
    if not checked.problems:  # rows that fail conversion keep text ids, which the reference check skips
        convert(checked)
        check_references(checked)
    return checked


# ---------------------------------------------------------------- import: writing

def upsert(model, rows: list[dict], build: Callable[[dict], dict]) -> dict[uuid.UUID, int]:
    """Create or update `model` rows keyed by uuid in bulk; returns {uuid: pk}."""
    if not rows:
        return {}
    existing = uuid_pks(model)
    new, changed, fields = [], [], set()
    for row in rows:
        values = build(row)
        fields |= set(values)
        if row["id"].hex in existing:
            changed.append((existing[row["id"].hex], values))
        else:
            new.append({"uuid": row["id"], **values})
    insert_rows(model, new)
    update_rows(model, changed, sorted(fields))
    after = uuid_pks(model) if new else existing
    return {row["id"]: after[row["id"].hex] for row in rows}


def uuid_pks(model) -> dict[str, int]:
    """{uuid as 32 hex digits: pk} for every row of `model`, read as plain values: a filter on 50,000
    uuids, and 50,000 UUID objects built from the answer, cost more than reading the whole table."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT uuid, id FROM {connection.ops.quote_name(model._meta.db_table)}")
        return {(value if isinstance(value, str) else value.hex).replace("-", ""): pk
                for value, pk in cursor.fetchall()}


PREPARED_FIELDS = (models.UUIDField, models.DateField, models.TimeField, models.DecimalField, models.JSONField)


def preparer(field) -> Callable | None:
    """How a value of `field` goes to the database: None for values the driver takes as they are."""
    if isinstance(field, models.UUIDField):
        return None if connection.features.has_native_uuid_field else operator.attrgetter("hex")
    if isinstance(field, PREPARED_FIELDS):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def insert_rows(model, rows: list[dict], batch_size: int = 5000) -> None:
    """INSERT `rows` ({attname: value}) without building model instances: for the half a million rows
    of a 50,000-offer package, bulk_create's instances and per-value preparation cost most of the import.
    Fields a row leaves out get their default (or auto_now value) as bulk_create would give them."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))]
    prototype = model()
    defaults = {f.attname: f.pre_save(prototype, add=True) for f in fields}
    prepare = {f.attname: preparer(f) for f in fields}
    names = [f.attname for f in fields]
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
           f"({', '.join(connection.ops.quote_name(f.column) for f in fields)}) VALUES ({', '.join(['%s'] * len(fields))})")
    values = []
    for row in rows:
        record = []
        for name in names:
            value = row[name] if name in row else defaults[name]
            record.append(prepare[name](value) if prepare[name] and value is not None else value)
        values.append(record)
    with connection.cursor() as cursor:
        for start in range(0, len(values), batch_size):
            cursor.executemany(sql, values[start:start + batch_size])


def update_rows(model, rows: list[tuple[int, dict]], names: list[str], batch_size: int = 5000) -> None:
    """UPDATE each (pk, {attname: value}) row: one prepared statement for all, where bulk_update's
    CASE over a batch of ids made re-importing 50,000 offers take many minutes on SQLite."""
    if not rows or not names:
        return
    fields = [model._meta.get_field(name) for name in names]
    prepare = [preparer(f) for f in fields]
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f in fields)} "
           f"WHERE {quote(model._meta.pk.column)} = %s")
    values = [[p(v) if p and v is not None else v for p, v in zip(prepare, (row[f.attname] for f in fields))] + [pk]
              for pk, row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(values), batch_size):
            cursor.executemany(sql, values[start:start + batch_size])


def pk_map(model, ids: dict[uuid.UUID, int]) -> Callable[[uuid.UUID | None], int | None]:
    """Look an id up in this import first, then in the database."""
    cache = dict(ids)

    def lookup(value):
        if value is None:
            return None
        if value not in cache:
            cache[value] = model.objects.values_list("pk", flat=True).get(uuid=value)
        return cache[value]
    return lookup


def write_vocabularies(rows: dict[str, list[dict]]) -> Callable:
    tax = pk_map(Taxonomy, upsert(Taxonomy, rows.get("taxonomies.csv", []), lambda r: {
        "slug": r["x_slug"], "name": r["name"], "description": r["description"], "version": r["version"]}))
    terms = rows.get("taxonomy_terms.csv", [])
    term = pk_map(TaxonomyTerm, upsert(TaxonomyTerm, terms, lambda r: {
        "taxonomy_id": tax(r["taxonomy_id"]), "code": r["code"], "name": r["name"], "name_en": r["x_name_en"],
        "description": r["description"], "position": r["x_position"]}))
    for r in terms:
        if r["parent_id"]:
            TaxonomyTerm.objects.filter(uuid=r["id"]).update(parent_id=term(r["parent_id"]))
    return term


def write_services(rows: dict[str, list[dict]]) -> tuple[Callable, Callable]:
    org = pk_map(Service, upsert(Service, rows["organizations.csv"], lambda r: {
        "name": r["name"], "form": r["x_form"], "host_unit_id": r["_unit"].pk, "description": r["description"],
        "email": r["email"], "phone": r["x_phone"], "website": r["website"], "status": r["x_status"]}))
    upsert(ServiceMembership, rows.get("x_service_memberships.csv", []), lambda r: {
        "service_id": org(r["organization_id"]), "unit_id": r["_unit"].pk, "valid_from": r["valid_from"],
        "valid_to": r["valid_to"]})
    upsert(Contact, rows.get("contacts.csv", []), lambda r: {
        "service_id": org(r["organization_id"]), "name": r["name"], "role": r["title"], "email": r["email"],
        "phone": r["x_phone"]})
    addresses = {a["location_id"]: a for a in rows.get("addresses.csv", [])}
    loc = pk_map(Location, upsert(Location, rows.get("locations.csv", []), lambda r: {
        "service_id": org(r["organization_id"]), "name": r["name"], "directions": r["description"],
        "latitude": r["latitude"], "longitude": r["longitude"], "kommune_id": r["_unit"].pk,
        "address": addresses.get(r["id"], {}).get("address_1", ""),
        "postcode": addresses.get(r["id"], {}).get("postal_code", ""),
        "place": addresses.get(r["id"], {}).get("city", "")}))
    upsert(OpeningHours, rows.get("x_opening_hours.csv", []), lambda r: {
        "service_id": org(r["organization_id"]), "location_id": loc(r["location_id"]), "weekday": r["weekday"],
        "opens": r["opens"], "closes": r["closes"]})
    return org, loc


def write_offers(rows: dict[str, list[dict]], org: Callable, loc: Callable, term: Callable) -> list[int]:
    offer = pk_map(CourseOffer, ids := upsert(CourseOffer, rows["services.csv"], lambda r: {
        "service_id": org(r["organization_id"]), "title": r["name"], "title_en": r["alternate_name"],
        "description": r["description"], "description_en": r["x_description_en"], "status": r["status"],
        "sign_up": r["application_process"], "cost_note": r["fees_description"], "min_age": r["minimum_age"],
        "max_age": r["maximum_age"], "last_confirmed": r["assured_date"], "sign_up_url": r["url"],
        "languages": r["x_languages"], "format": r["x_format"], "hours": r["x_hours"], "sessions": r["x_sessions"],
        "user_participation": r["x_user_participation"], "method": r["x_method"], "method_note": r["x_method_note"],
        "referral_required": r["x_referral_required"], "cost_nok": r["x_cost_nok"], "capacity": r["x_capacity"]}))
    offer_pks = list(ids.values())
    replace_links(rows, offer_pks, offer, loc, term)
    upsert(CourseRun, rows.get("x_course_runs.csv", []), lambda r: {
        "offer_id": offer(r["service_id"]), "starts_on": r["starts_on"], "ends_on": r["ends_on"],
        "schedule": r["schedule"], "location_id": loc(r["location_id"]), "is_digital": r["is_digital"],
        "seats_left": r["seats_left"], "sign_up_url": r["sign_up_url"], "sign_up_deadline": r["sign_up_deadline"]})
    return offer_pks


def replace_links(rows, offer_pks: list[int], offer: Callable, loc: Callable, term: Callable) -> None:
    """The package is the truth for its offers' places and terms: replace them."""
    place = CourseOffer.locations.through
    diagnosis = CourseOffer.diagnosis_groups.through
    target = CourseOffer.target_groups.through
    for relation in (place, diagnosis, target):
        relation.objects.filter(courseoffer_id__in=offer_pks).delete()
    insert_rows(place, [{"courseoffer_id": offer(r["service_id"]), "location_id": loc(r["location_id"])}
                        for r in rows.get("service_at_locations.csv", [])])
    by_kind = {Taxonomy.DIAGNOSIS: [], Taxonomy.TARGET: []}
    for r in rows.get("attributes.csv", []):
        kind = Taxonomy.DIAGNOSIS if r["value"] == Taxonomy.DIAGNOSIS else Taxonomy.TARGET
        by_kind[kind].append({"courseoffer_id": offer(r["link_id"]), "taxonomyterm_id": term(r["taxonomy_term_id"])})
    insert_rows(diagnosis, by_kind[Taxonomy.DIAGNOSIS])
    insert_rows(target, by_kind[Taxonomy.TARGET])


@dataclass
class ImportResult:
    services: int
    offers: int


IMPORT_STEPS = ("checking files", "writing vocabularies", "writing organizations, locations and contacts",
                "writing services and runs", "indexing for search")


def import_package(source: Path, progress: Callable[[str], None] = lambda step: None) -> ImportResult:
    """Check everything, then write everything in one transaction (or raise PackageError and write nothing)."""
    progress("checking files")
    checked = check_package(source)
    if checked.problems:
        raise PackageError(checked.problems)
    with transaction.atomic(), cache.one_version_change():
        progress("writing vocabularies")
        term = write_vocabularies(checked.rows)
        progress("writing organizations, locations and contacts")
        org, loc = write_services(checked.rows)
        progress("writing services and runs")
        offer_pks = write_offers(checked.rows, org, loc, term)
        progress("indexing for search")
        for start in range(0, len(offer_pks), 2000):
            search.index_offers(offer_pks[start:start + 2000])
        result = ImportResult(len(checked.rows["organizations.csv"]), len(offer_pks))
        audit_import(source, result)
    return result


def audit_import(source: Path, result: ImportResult) -> None:
    """One audit entry for a whole import: bulk writes skip per-row auditing (50,000 rows would cost
    more than the import), so the trail says who imported which package, when, and how much."""
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(DataVersion), object_pk="1", object_id=1,
        object_repr=f"import_hsds {source.name}", action=LogEntry.Action.UPDATE,
        changes={"import_hsds": [None, str(source)], "organizations": [None, str(result.services)],
                 "services": [None, str(result.offers)]},
        additional_data={"source": str(source.resolve()), "imported_by": getpass.getuser()})
