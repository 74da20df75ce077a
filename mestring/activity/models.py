"""Yearly activity reports: what each LM service actually held, one row per registry course run.

A `ReportingYear` is open until a national adviser locks it; a locked year refuses every change.
An `ActivityReport` belongs to one registry `Service` and one year. Each `RunActivity` reports one
`registry.CourseRun`; the run is unique across all reports so participants are never counted twice.
Target and diagnosis groups are not copied: they are read from the run's offer when overviews are built.
"""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mestring.registry.models import CourseRun, Service

FIRST_YEAR = 2014
language_validator = RegexValidator(r"^[a-z]{2,3}$", _("Skriv én språkkode (ISO 639), for eksempel «nb» eller «ar»."))


class ReportingYear(models.Model):
    """A year of reporting; only national admins change its status."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åpen")
        LOCKED = "locked", _("Låst")

    year = models.PositiveSmallIntegerField(_("år"), unique=True, validators=[MinValueValidator(FIRST_YEAR)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rapporteringsår")
        verbose_name_plural = _("rapporteringsår")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED


class ActivityReport(models.Model):
    """One service's report for one year."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="activity_reports",
                                verbose_name=_("tjeneste"))
    reporting_year = models.ForeignKey(ReportingYear, on_delete=models.PROTECT, related_name="reports",
                                       verbose_name=_("rapporteringsår"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("sendt inn av"))
    modified = models.DateTimeField(_("sist endret"), auto_now=True)

    class Meta:
        verbose_name = _("aktivitetsrapport")
        verbose_name_plural = _("aktivitetsrapporter")
        ordering = ["-reporting_year__year", "service__name"]
        constraints = [models.UniqueConstraint(fields=["service", "reporting_year"], name="activity_report_once")]

    def __str__(self) -> str:
        return f"{self.service} {self.reporting_year}"


class RunActivity(models.Model):
    """What happened in one course run: participants, sessions, hours, teachers, language, digital."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="runs")
    run = models.ForeignKey(CourseRun, on_delete=models.PROTECT, related_name="activity",
                            verbose_name=_("kursstart"))
    participants_patients = models.PositiveIntegerField(_("deltakere, pasienter og brukere"))
    participants_relatives = models.PositiveIntegerField(_("deltakere, pårørende"))
    sessions = models.PositiveSmallIntegerField(_("samlinger"), validators=[MinValueValidator(1)])
    hours = models.DecimalField(_("timer i alt"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    experienced_users_taught = models.BooleanField(_("erfarne brukere underviste"), default=False)
    language = models.CharField(_("språk"), max_length=3, validators=[language_validator])
    is_digital = models.BooleanField(_("digitalt"), default=False)

    class Meta:
        verbose_name = _("aktivitet i kursstart")
        verbose_name_plural = _("aktivitet i kursstarter")
        ordering = ["report", "run__starts_on"]
        constraints = [models.UniqueConstraint(fields=["run"], name="activity_run_reported_once")]

    def __str__(self) -> str:
        return str(self.run)
