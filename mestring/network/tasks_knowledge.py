"""Background work for the knowledge base: text extraction of one uploaded document, then re-indexing.

Extraction runs in a child process with a time limit (the agreements app's helper), so a hostile or
pathological file cannot hold the worker.
"""
from __future__ import annotations

from django_tasks import task

from mestring.core.documents import DocumentError


@task()
def extract_document(*, document_id: int, file_name: str) -> str:
    """Read the text of a document's file and index it. Skips if the file was replaced meanwhile."""
    from mestring.agreements.tasks import extract_with_time_limit
    from mestring.network import knowledge
    from mestring.network.models_knowledge import Document

    document = Document.objects.filter(pk=document_id).first()
    if document is None or (document.extraction != Document.Extraction.PENDING
                            or document.file.name != file_name):
        return "skipped"  # deleted, done already, or a newer file has its own job
    with document.file.open("rb") as handle:
        data = handle.read()
    try:
        extracted = extract_with_time_limit(data, document.original_name)
    except DocumentError as exc:
        knowledge.record_extraction_failure(document=document, message=str(exc))
    else:
        knowledge.record_extraction(document=document, extracted=extracted)
    return document.extraction
