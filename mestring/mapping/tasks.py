"""Background steps for the tasks worker: one e-mail per task, safe to run twice."""
from django_tasks import task

from mestring.mapping import services


@task()
def send_message_task(message_id: int) -> str:
    return services.send_message(message_id=message_id)
