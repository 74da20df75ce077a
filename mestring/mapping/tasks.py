"""Background steps for the tasks worker: one e-mail per task, safe to run twice."""
from django_tasks import task

from mestring.mapping import services

# The periodic resume leaves fresh messages to their own send task and takes a bounded batch per run.
RESUME_GRACE_MINUTES = 5
RESUME_BATCH = 100


@task()
def send_message_task(message_id: int) -> str:
    return services.send_message(message_id=message_id)


@task()
def resume_all_sending() -> dict[str, int]:
    """Periodic job (settings.PERIODIC_TASKS): finish what crashed or lost its task, in every campaign.

    Idempotent: messages left mid-send become uncertain (never resent); queued messages older than the
    grace period are sent through the same claim step as the send task, so nothing goes out twice.
    """
    return services.resume_sending(older_than_minutes=RESUME_GRACE_MINUTES, limit=RESUME_BATCH)
