"""Events of the network (conferences, network meetings) and the people who sign up for them.

A registration is personal data: it says why it is kept (the event's purpose) and until when
(the event's deletion date), after which `mestring network_anonymise` blanks it.
"""
from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_PURPOSE = _(
    "Vi bruker opplysningene til å administrere påmeldingen: deltakerliste, navneskilt, bestilling av mat "
    "og tilrettelegging, og til å sende deg praktisk informasjon om arrangementet. Opplysningene slettes "
    "eller anonymiseres på datoen som er oppgitt.")
RETENTION_DAYS = 30


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class Event(models.Model):
    """A conference or a network meeting with a fixed number of seats."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Konferanse")
        MEETING = "meeting", _("Nettverksmøte")

    title = models.CharField(_("tittel"), max_length=200)
    slug = models.SlugField(_("adresse"), max_length=80, unique=True,
                            help_text=_("Brukes i lenken til arrangementet, for eksempel nettverkskonferansen-2027"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.CONFERENCE)
    summary = models.TextField(_("kort beskrivelse"), max_length=2000)
    programme = models.TextField(_("program"), blank=True, max_length=10000,
                                 help_text=_("Én post per linje, for eksempel «09.00 Velkommen»"))
    place = models.CharField(_("sted"), max_length=200)
    address = models.CharField(_("adresse (gate og poststed)"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    capacity = models.PositiveIntegerField(_("antall plasser"),
                                           validators=[MinValueValidator(1), MaxValueValidator(100000)])
    registration_closes_at = models.DateTimeField(_("påmeldingsfrist"), null=True, blank=True)
    unit = models.ForeignKey("structure.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="network_events", verbose_name=_("arrangerende enhet"),
                             help_text=_("Tom for nasjonale arrangementer"))
    is_published = models.BooleanField(_("publisert"), default=False)
    purpose = models.TextField(_("formål med personopplysningene"), default=DEFAULT_PURPOSE, max_length=2000)
    delete_personal_data_on = models.DateField(_("slett personopplysninger"),
                                               help_text=_("Dato da deltakernes personopplysninger anonymiseres"))
    personal_data_deleted_at = models.DateTimeField(_("personopplysninger slettet"), null=True, blank=True,
                                                    editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive")]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("Arrangementet kan ikke slutte før det starter.")
        if self.ends_at and self.delete_personal_data_on and self.delete_personal_data_on < self.ends_at.date():
            errors["delete_personal_data_on"] = _("Slettedatoen kan ikke være før arrangementet er over.")
        if self.registration_closes_at and self.starts_at and self.registration_closes_at > self.starts_at:
            errors["registration_closes_at"] = _("Påmeldingsfristen må være før arrangementet starter.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("network:event", args=[self.slug])

    def programme_lines(self) -> list[str]:
        return [line.strip() for line in self.programme.splitlines() if line.strip()]

    def registration_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        closes = self.registration_closes_at or self.starts_at
        return self.is_published and self.personal_data_deleted_at is None and now < closes


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED])

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk")


class Registration(models.Model):
    """One person's sign-up for an event: a seat, a place on the waitlist, or a cancelled one."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Påmeldt")
        WAITLISTED = "waitlisted", _("På venteliste")
        CANCELLED = "cancelled", _("Avmeldt")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations",
                              verbose_name=_("arrangement"))
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"), max_length=254)
    organisation = models.CharField(_("organisasjon eller enhet"), max_length=200)
    role = models.CharField(_("rolle eller stilling"), max_length=200, blank=True)
    dietary_needs = models.CharField(_("behov for spesialkost"), max_length=500, blank=True)
    accessibility_needs = models.CharField(_("behov for tilrettelegging"), max_length=500, blank=True)
    consent_at = models.DateTimeField(_("samtykke gitt"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)
    promoted_at = models.DateTimeField(_("flyttet fra venteliste"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("avmeldt"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("møtt"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisert"), null=True, blank=True)
    # Part of the self-service link's HMAC; rotating it kills old links.
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    # The status the participant was last told about by e-mail (makes sending idempotent).
    notified_status = models.CharField(max_length=20, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], name="registration_one_active_per_email",
                condition=Q(status__in=["confirmed", "waitlisted"]) & ~Q(email="")),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="registration_queue")]

    def __str__(self) -> str:
        # Shown in the audit log, which must not keep names after anonymisation.
        return f"Påmelding {self.pk}"

    @property
    def keep_until(self) -> dt.date:
        return self.event.delete_personal_data_on

    def waitlist_position(self) -> int | None:
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = self.event.registrations.waitlisted().filter(
            Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk))
        return ahead.count() + 1


class PersonalDataAccess(models.Model):
    """Who looked at or took out participants' personal data, when, and how."""

    class Action(models.TextChoices):
        LIST = "list", _("Så deltakerlisten")
        CSV = "csv", _("Lastet ned CSV")
        XLSX = "xlsx", _("Lastet ned Excel")
        BADGES = "badges", _("Lastet ned navneskilt")
        CHECK_IN = "check_in", _("Åpnet innsjekking")
        PROFILE = "profile", _("Så brukerrepresentanten")
        REPRESENTATIVE_LIST = "rep_list", _("Så listen over brukerrepresentanter")
        PAYMENT_EXPORT = "payment_export", _("Eksporterte utbetalinger")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="data_accesses", null=True)
    representative = models.ForeignKey("Representative", on_delete=models.CASCADE, related_name="data_accesses",
                                       null=True)
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("innsyn i personopplysninger")
        verbose_name_plural = _("innsyn i personopplysninger")
        ordering = ["-at", "-pk"]


REPRESENTATIVE_PURPOSE = _(
    "Vi har opplysningene for å kunne tildele deg oppdrag som brukerrepresentant, følge opp opplæring og "
    "betale honorar og reiseutgifter. De slettes når du ikke lenger er brukerrepresentant, senest på datoen "
    "som er oppgitt.")


class Representative(models.Model):
    """A brukerrepresentant: an experienced user appointed by a patient or user organisation."""

    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"), unique=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    appointed_by = models.CharField(_("oppnevnt av"), max_length=200,
                                    help_text=_("Organisasjonen som oppnevnte personen, for eksempel FFO eller Mental Helse"))
    experience = models.TextField(_("erfaringsområder"), max_length=2000, blank=True,
                                  help_text=_("For eksempel diabetes, psykisk helse, pårørende"))
    competence = models.TextField(_("kompetanse"), max_length=2000, blank=True)
    units = models.ManyToManyField("structure.Unit", related_name="representatives", verbose_name=_("enheter"),
                                   help_text=_("Enhetene personen er knyttet til; koordinatorene deres ser personen"))
    user = models.OneToOneField("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="representative", editable=False)
    consent_at = models.DateTimeField(_("samtykke gitt"))
    purpose = models.TextField(_("formål"), default=REPRESENTATIVE_PURPOSE, max_length=2000)
    keep_until = models.DateField(_("slettes senest"))
    anonymised_at = models.DateTimeField(_("anonymisert"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("brukerrepresentant")
        verbose_name_plural = _("brukerrepresentanter")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Training(models.Model):
    """A training course a representative has completed."""

    representative = models.ForeignKey(Representative, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("kurs"), max_length=200)
    completed_on = models.DateField(_("fullført"))

    class Meta:
        verbose_name = _("opplæring")
        verbose_name_plural = _("opplæring")
        ordering = ["-completed_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Rate(models.Model):
    """A line in the rate table: the hourly honorarium paid from a date."""

    name = models.CharField(_("sats"), max_length=100, unique=True)
    hourly_amount = models.DecimalField(_("kroner per time"), max_digits=8, decimal_places=2,
                                        validators=[MinValueValidator(0)])
    travel_per_km = models.DecimalField(_("kroner per km"), max_digits=6, decimal_places=2, default=0,
                                        validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("sats")
        verbose_name_plural = _("satser")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hourly_amount} kr/t)"


class Assignment(models.Model):
    """A representative's task: teaching a course run or sitting in a group, with hours and costs."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        APPROVED = "approved", _("Godkjent for utbetaling")
        EXPORTED = "exported", _("Sendt til utbetaling")

    representative = models.ForeignKey(Representative, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("structure.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    title = models.CharField(_("oppdrag"), max_length=200, help_text=_("Kurs, gjennomføring eller gruppe"))
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"))
    hours = models.DecimalField(_("timer"), max_digits=6, decimal_places=1,
                                validators=[MinValueValidator(0), MaxValueValidator(1000)])
    rate = models.ForeignKey(Rate, on_delete=models.PROTECT, verbose_name=_("sats"))
    travel_km = models.PositiveIntegerField(_("reise (km)"), default=0, validators=[MaxValueValidator(10000)])
    other_costs = models.DecimalField(_("andre reiseutgifter (kr)"), max_digits=8, decimal_places=2, default=0,
                                      validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    confirmed_at = models.DateTimeField(_("bekreftet av brukerrepresentanten"), null=True, blank=True)
    approved_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("godkjent av"))
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    exported_at = models.DateTimeField(_("sendt til utbetaling"), null=True, blank=True)

    class Meta:
        verbose_name = _("oppdrag")
        verbose_name_plural = _("oppdrag")
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Oppdraget kan ikke slutte før det starter.")})

    @property
    def honorarium(self):
        return (self.hours * self.rate.hourly_amount).quantize(self.rate.hourly_amount)

    @property
    def travel_costs(self):
        return self.travel_km * self.rate.travel_per_km + self.other_costs

    @property
    def total(self):
        return self.honorarium + self.travel_costs


from mestring.network.models_groups import *  # noqa: E402,F401,F403 (groups, meetings, contact directory)
from mestring.network.models_knowledge import (  # noqa: E402,F401  (knowledge base: its own module)
    Document, PracticeExample, Project, ProjectContact, SearchEntry, Similar, Tag, register_audit as register_knowledge_audit)
