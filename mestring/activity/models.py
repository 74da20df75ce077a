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
from mestring.structure.models import Unit

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
    """One service's report for one year: a draft until the coordinator submits it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Sendt inn")

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="activity_reports",
                                verbose_name=_("tjeneste"))
    reporting_year = models.ForeignKey(ReportingYear, on_delete=models.PROTECT, related_name="reports",
                                       verbose_name=_("rapporteringsår"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("sendt inn av"))
    modified = models.DateTimeField(_("sist endret"), auto_now=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)

    class Meta:
        verbose_name = _("aktivitetsrapport")
        verbose_name_plural = _("aktivitetsrapporter")
        ordering = ["-reporting_year__year", "service__name"]
        constraints = [models.UniqueConstraint(fields=["service", "reporting_year"], name="activity_report_once")]

    def __str__(self) -> str:
        return f"{self.service} {self.reporting_year}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


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

    @property
    def participants(self) -> int:
        return self.participants_patients + self.participants_relatives


class RunHomeMunicipality(models.Model):
    """How many of a run's participants live in one kommune (only when the service knows it).

    The kommune is the unit valid in the reporting year; overviews move it to today's borders.
    The counts of a run add up to at most its participants: the rest are unknown.
    """

    run_activity = models.ForeignKey(RunActivity, on_delete=models.CASCADE, related_name="home_municipalities",
                                     verbose_name=_("aktivitet i kursstart"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="activity_participants",
                             verbose_name=_("hjemkommune"), limit_choices_to={"kind": Unit.Kind.KOMMUNE})
    participants = models.PositiveIntegerField(_("deltakere"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("hjemkommune for deltakere")
        verbose_name_plural = _("hjemkommuner for deltakere")
        ordering = ["run_activity", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["run_activity", "unit"], name="activity_home_once_per_run")]

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.participants}"


class Reminder(models.Model):
    """One reminder e-mail to one coordinator about their services' missing reports.

    Queued at most once per coordinator, year and day, so pressing «send» twice sends nothing new;
    the worker claims the row before sending, so a task run twice sends once.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        SENDING = "sending", _("Sendes")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Feilet")
        SKIPPED = "skipped", _("Ikke sendt")

    reporting_year = models.ForeignKey(ReportingYear, on_delete=models.CASCADE, related_name="reminders",
                                       verbose_name=_("rapporteringsår"))
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("mottaker"))
    to = models.EmailField(_("til"))
    services = models.ManyToManyField(Service, related_name="+", verbose_name=_("tjenester"))
    queued_on = models.DateField(_("lagt i kø"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    detail = models.CharField(_("merknad"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("sendt av"))

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["-queued_on", "to"]
        constraints = [models.UniqueConstraint(fields=["reporting_year", "recipient", "queued_on"],
                                               name="activity_reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.to} {self.reporting_year} {self.queued_on}"
