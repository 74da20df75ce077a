"""National overviews: the jobs that build the yearly national report (PDF and XLSX) in the worker."""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

FIRST_REPORT_YEAR = 2014


class ReportJob(models.Model):
    """One national report for one year, built step by step by the tasks worker.

    `step` is the next step to run and `data` the figures gathered so far, so a step that runs twice
    (a worker restarted mid-way) does the same work again and nothing is counted twice.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Lages")
        DONE = "done", _("Ferdig")
        FAILED = "failed", _("Feilet")

    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(FIRST_REPORT_YEAR)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.PositiveSmallIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(_("framdrift (%)"), default=0)
    message = models.CharField(_("melding"), max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="overview/reports/", blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to="overview/reports/", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+", verbose_name=_("bestilt av"))
    created = models.DateTimeField(_("bestilt"), auto_now_add=True)
    finished = models.DateTimeField(_("ferdig"), null=True, blank=True)

    class Meta:
        verbose_name = _("nasjonal rapport")
        verbose_name_plural = _("nasjonale rapporter")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Nasjonal rapport {self.year} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
