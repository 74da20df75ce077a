"""Writes for groups and the contact directory: members, attachments (checked, text extracted), exports."""
from __future__ import annotations

import csv
import hashlib
import io
import os
import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from mestring.accounts.models import User
from mestring.core.documents import DocumentError, extract
from mestring.core.spreadsheets import safe_cell
from mestring.network.models_groups import Attachment, DirectoryEntry, DirectoryExport, Meeting, Membership
from mestring.structure.models import searchable

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Kinds we accept, decided from the content; the value is the type we serve the file with.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "text": "text/plain; charset=utf-8",
}
TEXT_KINDS = {"pdf", "docx", "odt", "text"}
ZIP_MARKERS = [("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("ppt/presentation.xml", "pptx")]


class AttachmentRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def save_membership(*, membership: Membership) -> Membership:
    """Save a member; a person is linked to the log-in with the same e-mail address, if there is one."""
    membership.person_email = membership.person_email.strip().lower()
    membership.user = User.objects.filter(email=membership.person_email).first() if membership.person_email else None
    membership.save()
    return membership


def _zip_kind(data: bytes, name: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError):
        raise AttachmentRefused(_("«%(name)s» er skadet og kan ikke åpnes.") % {"name": name}) from None
    for marker, kind in ZIP_MARKERS:
        if marker in names:
            return kind
    if "mimetype" in names and "content.xml" in names:
        return "odt"
    raise AttachmentRefused(_("«%(name)s» er en zip-fil som ikke er et Word-, Excel-, PowerPoint- eller "
                              "ODT-dokument.") % {"name": name})


def file_kind(data: bytes, name: str) -> str:
    """What the file is, from its first bytes (never from its name); refuses what we do not accept."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, name)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if b"\x00" not in data[:4096] and data.strip():
        try:
            data.decode("utf-8")
            return "text"
        except UnicodeDecodeError:
            pass
    raise AttachmentRefused(_("«%(name)s» har en filtype vi ikke tar imot. Last opp PDF, Word (DOCX), Excel "
                              "(XLSX), PowerPoint (PPTX), ODT, PNG, JPEG eller ren tekst.") % {"name": name})


def _text_of(data: bytes, kind: str, name: str) -> str:
    if kind not in TEXT_KINDS:
        return ""
    try:
        return extract(data, filename=name, max_bytes=MAX_ATTACHMENT_BYTES, seconds=30).text
    except DocumentError as error:
        raise AttachmentRefused(str(error)) from None


@dataclass(frozen=True)
class Upload:
    """One uploaded file; an oversized one is refused before it is read."""
    name: str
    size: int
    data: bytes

    @classmethod
    def from_file(cls, file) -> Upload:
        name = os.path.basename(file.name or "vedlegg")[:200] or "vedlegg"
        if file.size > MAX_ATTACHMENT_BYTES:
            raise AttachmentRefused(_("«%(name)s» er for stor (%(mb)s MB); grensen er %(max)s MB.") % {
                "name": name, "mb": round(file.size / 1024 / 1024, 1), "max": MAX_ATTACHMENT_BYTES // 1024 // 1024})
        if file.size == 0:
            raise AttachmentRefused(_("«%(name)s» er tom.") % {"name": name})
        return cls(name=name, size=file.size, data=file.read())


def add_attachment(*, meeting: Meeting, upload: Upload, is_public: bool, by: User) -> Attachment:
    """Check the file's type and size, pull out its text for search, and store it under a random name."""
    kind = file_kind(upload.data, upload.name)
    text = _text_of(upload.data, kind, upload.name)
    attachment = Attachment(meeting=meeting, original_name=upload.name, content_type=CONTENT_TYPES[kind],
                            size=len(upload.data), sha256=hashlib.sha256(upload.data).hexdigest(),
                            is_public=is_public, text=text, uploaded_by=by,
                            search_text=searchable(f"{upload.name} {text}"))
    with transaction.atomic():
        attachment.file.save(upload.name, ContentFile(upload.data), save=False)
        attachment.save()
    return attachment


def delete_attachment(*, attachment: Attachment) -> None:
    """Remove the row, and the file once the deletion is committed (a rollback keeps both)."""
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


def set_attachment_public(*, attachment: Attachment, is_public: bool) -> Attachment:
    attachment.is_public = is_public
    attachment.save(update_fields=["is_public"])
    return attachment


# Contact directory --------------------------------------------------------------------------------

def save_entry(*, entry: DirectoryEntry, by: User) -> DirectoryEntry:
    entry.email = entry.email.strip().lower()
    entry.updated_by = by
    entry.save()
    return entry


DIRECTORY_HEADER = ["Enhet", "Enhetskode", "Enhetstype", "Navn", "Rolle", "E-post", "Telefon", "Offentlig",
                    "Oppdatert"]


def _directory_row(entry: DirectoryEntry) -> list:
    return [entry.unit.name, entry.unit.code, entry.unit.get_kind_display(), entry.name, entry.role, entry.email,
            entry.phone, "ja" if entry.is_public else "nei",
            timezone.localtime(entry.updated_at).strftime("%Y-%m-%d")]


def export_directory(*, entries, fmt: str, by: User, filters: str) -> bytes:
    """The directory as CSV or XLSX, cells made formula-safe; the export is logged with its filter."""
    rows = [[safe_cell(v) for v in _directory_row(e)] for e in entries]
    DirectoryExport.objects.create(user=by, format=fmt, filters=filters[:300], rows=len(rows))
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerows([DIRECTORY_HEADER, *rows])
        return ("\ufeff" + buffer.getvalue()).encode()  # BOM: Excel opens æøå right
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Kontaktkatalog")
    for line in [DIRECTORY_HEADER, *rows]:
        sheet.append(line)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
