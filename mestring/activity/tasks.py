"""Background steps for the tasks worker: one reminder e-mail per task, safe to run twice."""
from django_tasks import task

from mestring.activity import services


@task()
def send_reminder_task(reminder_id: int) -> str:
    return services.send_reminder(reminder_id=reminder_id)
