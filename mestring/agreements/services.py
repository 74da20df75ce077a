"""Writes: agreements, uploads (validated as a whole before anything is stored), extraction
results, proposals and reviews. Each runs in one transaction."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from mestring.agreements import search
from mestring.agreements.classifier import classify
from mestring.agreements.models import Agreement, Document, DocumentVersion, Review, Section
from mestring.agreements.sections import split
from mestring.core.documents import MAX_BYTES, Extracted
from mestring.structure.models import Unit

SUFFIXES = {".pdf", ".docx", ".odt", ".txt"}
MAX_FILES = 50


@dataclass(frozen=True)
class Upload:
    """One uploaded file. `size` is the size the browser sent; an oversized file is never read."""
    name: str
    data: bytes
    size: int | None = None

    @classmethod
    def from_file(cls, file) -> Upload:
        return cls(file.name, file.read() if file.size <= MAX_BYTES else b"", file.size)


@transaction.atomic
def create_agreement(*, title: str, hf: Unit, municipalities: list[Unit], signed_on: dt.date | None = None,
                     valid_from: dt.date | None = None, valid_to: dt.date | None = None,
                     revised_on: dt.date | None = None) -> Agreement:
    agreement = Agreement.objects.create(title=title, hf=hf, signed_on=signed_on, valid_from=valid_from,
                                         valid_to=valid_to, revised_on=revised_on)
    agreement.municipalities.set(municipalities)
    return agreement


@transaction.atomic
def update_agreement(*, agreement: Agreement, title: str, hf: Unit, municipalities: list[Unit],
                     signed_on: dt.date | None = None, valid_from: dt.date | None = None,
                     valid_to: dt.date | None = None, revised_on: dt.date | None = None) -> Agreement:
    """Change parties or dates (e.g. a revision); the audit log keeps the earlier values."""
    agreement.title, agreement.hf = title, hf
    agreement.signed_on, agreement.valid_from, agreement.valid_to = signed_on, valid_from, valid_to
    agreement.revised_on = revised_on
    agreement.save()
    agreement.municipalities.set(municipalities)
    return agreement


def unpack(files: list[Upload]) -> tuple[list[Upload], list[str]]:
    """Expand .zip uploads into their documents and list every file we refuse, with the reason."""
    found, errors = [], []
    for upload in files:
        if PurePath(upload.name).suffix.lower() == ".zip":
            inner, inner_errors = zip_members(upload)
            found += inner
            errors += inner_errors
        else:
            found.append(upload)
    for upload in found:
        problem = refuse(upload)
        if problem:
            errors.append(f"{upload.name}: {problem}")
    if len(found) > MAX_FILES:
        errors.append(f"For mange filer på en gang ({len(found)}); grensen er {MAX_FILES}.")
    return found, errors


def zip_members(upload: Upload) -> tuple[list[Upload], list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.data))
        members = [i for i in archive.infolist() if not i.is_dir() and not PurePath(i.filename).name.startswith(".")]
        if sum(i.file_size for i in members) > MAX_BYTES * 5:
            return [], [f"{upload.name}: pakker seg ut til mer enn {MAX_BYTES * 5 // 1024 // 1024} MB."]
        return [Upload(PurePath(i.filename).name, archive.read(i)) for i in members], []
    except (zipfile.BadZipFile, OSError, RuntimeError):
        return [], [f"{upload.name}: zip-filen er skadet eller kryptert."]


def refuse(upload: Upload) -> str:
    if PurePath(upload.name).suffix.lower() not in SUFFIXES:
        return "bare PDF, DOCX, ODT, tekst (.txt) eller zip med slike filer kan lastes opp."
    if max(upload.size or 0, len(upload.data)) > MAX_BYTES:
        return f"filen er større enn grensen på {MAX_BYTES // 1024 // 1024} MB."
    if not upload.data.strip():
        return "filen er tom."
    return ""


@transaction.atomic
def upload_documents(*, agreement: Agreement, files: list[Upload], kind: str, actor) -> list[DocumentVersion]:
    """Store each file as a new version of the document with the same name (older versions stay),
    then queue text extraction. Raises ValidationError listing every refused file; stores nothing then."""
    found, errors = unpack(files)
    if errors or not found:
        raise ValidationError(errors or ["Velg minst én fil."])
    versions = [add_version(agreement=agreement, upload=u, kind=kind, actor=actor) for u in found]
    from mestring.agreements.tasks import extract_version

    for version in versions:
        transaction.on_commit(lambda pk=version.pk: extract_version.enqueue(pk))
    return versions


def add_version(*, agreement: Agreement, upload: Upload, kind: str, actor) -> DocumentVersion:
    title = PurePath(upload.name).stem[:300]
    document, _ = Document.objects.get_or_create(agreement=agreement, title=title, defaults={"kind": kind})
    number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = DocumentVersion(document=document, number=number, original_name=upload.name[:255],
                              sha256=hashlib.sha256(upload.data).hexdigest(), uploaded_by=actor)
    version.file.save(f"{hashlib.sha256(upload.data).hexdigest()[:16]}{PurePath(upload.name).suffix.lower()}",
                      ContentFile(upload.data), save=False)
    version.save()
    return version


@transaction.atomic
def record_extraction(*, version: DocumentVersion, extracted: Extracted) -> None:
    version.kind, version.pages, version.text = extracted.kind, extracted.pages, extracted.text
    if not extracted.has_text or extracted.looks_scanned:
        version.status = DocumentVersion.Status.SCANNED
        version.error = "Filen har ingen lesbar tekst; trolig et skannet dokument. Last opp en versjon med tekst."
    else:
        version.status, version.error = DocumentVersion.Status.DONE, ""
        store_sections(version)
    version.save()
    refresh_proposal(agreement=version.document.agreement)


@transaction.atomic
def record_failure(*, version: DocumentVersion, message: str) -> None:
    version.status, version.error = DocumentVersion.Status.FAILED, message[:500]
    version.save()


def store_sections(version: DocumentVersion) -> None:
    version.sections.all().delete()
    Section.objects.bulk_create([
        Section(version=version, order=i, kind=p.kind, number=p.number[:30],
                heading=(p.chain[-1] if p.chain else "")[:300], text=p.text, start=p.start, end=p.end,
                stems=search.stems(p.text))
        for i, p in enumerate(split(version.text))])


def latest_readable(agreement: Agreement) -> list[DocumentVersion]:
    latest = [d.latest for d in agreement.documents.prefetch_related("versions")]
    return [v for v in latest if v and v.status == DocumentVersion.Status.DONE]


@transaction.atomic
def refresh_proposal(*, agreement: Agreement) -> None:
    """The agreement's proposal is the highest level found in the latest version of any document."""
    best, evidence, explanations = 0, [], []
    for version in latest_readable(agreement):
        result = classify(version.text)
        best = max(best, result.level)
        explanations.append((result.level, f"{version.document.title}: {result.explanation}"))
        evidence += [{"text": e.text, "level": e.level, "reason": e.reason, "number": e.number,
                      "document": version.document.title, "version": version.pk, "start": e.start, "end": e.end}
                     for e in result.evidence]
    agreement.proposed_level = best if explanations else None
    agreement.proposed_evidence = sorted(evidence, key=lambda e: -e["level"])
    agreement.explanation = "\n".join(text for _, text in sorted(explanations, key=lambda t: -t[0]))
    agreement.save(update_fields=["proposed_level", "proposed_evidence", "explanation"])


@transaction.atomic
def review_agreement(*, agreement: Agreement, analyst, level: int, evidence: list[str], comment: str) -> Review:
    """Record an analyst's decision. The first analyst makes round 1; another analyst makes round 2.
    An analyst who already decided may change their own decision (the audit log keeps the old one)."""
    if level not in range(4):
        raise ValidationError("Nivået må være 0, 1, 2 eller 3.")
    if level != agreement.proposed_level and not comment.strip():
        raise ValidationError("Skriv en kommentar når du endrer det foreslåtte nivået.")
    reviews = {r.round: r for r in agreement.reviews.select_for_update()}
    own = next((r for r in reviews.values() if r.analyst_id == analyst.pk), None)
    if own is None and len(reviews) == 2:
        raise ValidationError("Avtalen har allerede to vurderinger.")
    review = own or Review(agreement=agreement, analyst=analyst, round=1 if 1 not in reviews else 2)
    review.level, review.evidence, review.comment = level, evidence, comment.strip()
    review.save()
    return review
