"""Rows core keeps for every app: the periodic scheduler's record of when each job was last queued."""
from django.db import models


class PeriodicTaskState(models.Model):
    """One row per entry of `settings.PERIODIC_TASKS`; `name` is the task's dotted path.

    The unique name and a conditional UPDATE on `last_enqueued` make claiming a due job atomic,
    so two workers never queue the same run twice (see `mestring.core.periodic`).
    """

    name = models.CharField(max_length=200, unique=True)
    last_enqueued = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "periodisk jobb"
        verbose_name_plural = "periodiske jobber"

    def __str__(self) -> str:
        return self.name
