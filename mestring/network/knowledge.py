"""Writes for the knowledge base. Each keeps the search index in step with the item it saves."""
from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from mestring.core.documents import Extracted
from mestring.network import knowledge_index
from mestring.network.models_knowledge import Document, PracticeExample, Project, ProjectContact, Tag


def tags_named(names: list[str]) -> list[Tag]:
    """The tags with these names, created when new (slugs made unique)."""
    tags = []
    for name in names:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            base = slugify(name.replace("æ", "ae").replace("ø", "o").replace("å", "a"))[:50] or "emne"
            slug, n = base, 2
            while Tag.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            tag = Tag.objects.create(name=name, slug=slug)
        tags.append(tag)
    return tags


def save_document(*, document: Document, tag_names: list[str], upload: tuple[str, str, bytes] | None,
                  by) -> Document:
    """Save a document's facts and, with `upload` = (name, format, bytes), a new file whose text is then
    extracted in the background. The document is searchable by title and description at once."""
    from mestring.network.tasks_knowledge import extract_document

    with transaction.atomic():
        if document.pk is None:
            document.created_by = by
        if upload:
            name, fmt, data = upload
            replaced = document.file.name if document.pk and document.file else None
            if replaced:  # the old file goes once the new one is committed
                storage = document.file.storage
                transaction.on_commit(lambda: storage.delete(replaced))
            document.file.save(name, ContentFile(data), save=False)
            document.original_name, document.file_format, document.size = name, fmt, len(data)
            document.text, document.pages, document.extraction_error = "", None, ""
            document.extraction = Document.Extraction.PENDING
        document.save()
        document.tags.set(tags_named(tag_names))
        knowledge_index.index(document)
        if upload:
            pk, file_name = document.pk, document.file.name
            transaction.on_commit(lambda: extract_document.enqueue(document_id=pk, file_name=file_name))
    return document


def record_extraction(*, document: Document, extracted: Extracted) -> None:
    with transaction.atomic():
        document.text, document.pages = extracted.text, extracted.pages
        scanned = not extracted.has_text or extracted.looks_scanned
        document.extraction = Document.Extraction.SCANNED if scanned else Document.Extraction.DONE
        document.save(update_fields=["text", "pages", "extraction", "updated_at"])
        knowledge_index.index(document)


def record_extraction_failure(*, document: Document, message: str) -> None:
    document.extraction, document.extraction_error = Document.Extraction.FAILED, message[:500]
    document.save(update_fields=["extraction", "extraction_error", "updated_at"])


@transaction.atomic
def delete_document(*, document: Document) -> None:
    entry = getattr(document, "search_entry", None)
    if entry is not None:
        knowledge_index.drop(entry.pk)
    file = document.file
    document.delete()
    transaction.on_commit(lambda: file.storage.delete(file.name))


@transaction.atomic
def save_practice(*, example: PracticeExample, tag_names: list[str], partners, by) -> PracticeExample:
    if example.pk is None:
        example.created_by = by
    example.save()
    example.partners.set(partners)
    example.tags.set(tags_named(tag_names))
    knowledge_index.index(example)
    return example


@transaction.atomic
def save_project(*, project: Project, units, documents) -> Project:
    project.full_clean()
    project.save()
    project.units.set(units)
    project.documents.set(documents)
    knowledge_index.index(project)
    return project


def add_contact(*, project: Project, contact: ProjectContact) -> ProjectContact:
    contact.project = project
    contact.save()
    return contact
