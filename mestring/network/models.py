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

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="data_accesses")
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("innsyn i personopplysninger")
        verbose_name_plural = _("innsyn i personopplysninger")
        ordering = ["-at", "-pk"]
