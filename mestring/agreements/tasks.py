"""Background work: text extraction for one uploaded version, in a child process with a time limit
so a hostile or pathological file cannot hold the worker."""
from __future__ import annotations

import multiprocessing

from django_tasks import task

from mestring.core.documents import DocumentError, Extracted, extract

TIME_LIMIT_SECONDS = 120


def extract_with_time_limit(data: bytes, filename: str, seconds: float = TIME_LIMIT_SECONDS) -> Extracted:
    """Run `extract` in a fresh process and kill it when it exceeds `seconds`."""
    pool = multiprocessing.get_context("spawn").Pool(1)
    try:
        return pool.apply_async(extract, (data,), {"filename": filename, "seconds": seconds}).get(seconds + 5)
    except multiprocessing.TimeoutError as exc:
        raise DocumentError(f"«{filename}» tok mer enn {int(seconds)} sekunder å lese og ble stoppet.") from exc
    finally:
        pool.terminate()
        pool.join()


@task()
def extract_version(version_id: int) -> str:
    from mestring.agreements import services
    from mestring.agreements.models import DocumentVersion

    version = DocumentVersion.objects.select_related("document__agreement").get(pk=version_id)
    if version.status != DocumentVersion.Status.PENDING:
        return version.status  # already done: running twice changes nothing
    with version.file.open("rb") as handle:
        data = handle.read()
    try:
        extracted = extract_with_time_limit(data, version.original_name)
    except DocumentError as exc:
        services.record_failure(version=version, message=str(exc))
    else:
        services.record_extraction(version=version, extracted=extracted)
    return version.status
