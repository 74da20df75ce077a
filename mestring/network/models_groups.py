"""Working groups and networks (members, meetings, minutes, attachments) and the contact directory.

A group's space (all meetings, minutes, attachments and the member list) is for its members; the
public sees only groups, meetings and attachments marked public. The directory lists the people
responsible for learning and mastery (LM) work per unit; coordinators keep their own units' rows.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mestring.structure.models import Unit, searchable

__all__ = ["Attachment", "DirectoryEntry", "DirectoryExport", "Group", "Meeting", "Membership"]


class Group(models.Model):
    """A working group (arbeidsgruppe) or an open network (nettverk)."""

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("Arbeidsgruppe")
        NETWORK = "network", _("Nettverk")

    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("adresse"), max_length=80, unique=True,
                            help_text=_("Brukes i lenken til gruppen, for eksempel nasjonal-arbeidsgruppe"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.WORKING_GROUP)
    description = models.TextField(_("beskrivelse"), max_length=5000)
    is_public = models.BooleanField(_("offentlig"), default=False,
                                    help_text=_("Offentlige grupper vises for alle, med møter og dokumenter "
                                                "som er merket offentlige. Medlemslisten vises bare for medlemmer."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gruppe")
        verbose_name_plural = _("grupper")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:group", args=[self.slug])


class MembershipQuerySet(models.QuerySet):
    def active(self, day: dt.date | None = None):
        day = day or timezone.localdate()
        return self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=day),
                           Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class Membership(models.Model):
    """One member of a group: a person (with or without a log-in), an organisation or a unit."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Leder")
        SECRETARY = "secretary", _("Sekretær")
        MEMBER = "member", _("Medlem")
        OBSERVER = "observer", _("Observatør")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="group_memberships", editable=False)
    person_name = models.CharField(_("navn på person"), max_length=200, blank=True)
    person_email = models.EmailField(_("e-post"), blank=True,
                                     help_text=_("Personen får tilgang til gruppens sider når hen logger inn "
                                                 "med denne e-postadressen"))
    organisation = models.CharField(_("organisasjon"), max_length=200, blank=True,
                                    help_text=_("For eksempel FFO eller Mental Helse, når en organisasjon er medlem"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="group_memberships",
                             verbose_name=_("enhet"),
                             help_text=_("Helseforetak, kommune eller bydel som er medlem; koordinatorene der "
                                         "får tilgang til gruppens sider"))
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    region = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("region (RHF)"), limit_choices_to={"kind": Unit.Kind.RHF})
    starts_on = models.DateField(_("fra"), null=True, blank=True)
    ends_on = models.DateField(_("til og med"), null=True, blank=True, help_text=_("Tom: fortsatt medlem"))

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["group", "role", "person_name", "organisation", "pk"]
        constraints = [models.CheckConstraint(
            condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            name="group_membership_dates_ordered")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.person_name:
            return self.person_name
        if self.organisation:
            return self.organisation
        return self.unit.name if self.unit_id else str(_("(uten navn)"))

    @property
    def member_kind(self) -> str:
        if self.person_name:
            return str(_("Person"))
        return str(_("Organisasjon")) if self.organisation else str(_("Enhet"))

    def is_active_on(self, day: dt.date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (self.ends_on is None or day <= self.ends_on)

    def clean(self):
        given = [bool(self.person_name), bool(self.organisation), bool(self.unit_id)]
        if sum(given) != 1:
            raise ValidationError(_("Et medlem er enten en person, en organisasjon eller en enhet: fyll ut "
                                    "nøyaktig ett av feltene navn på person, organisasjon og enhet."))
        if self.person_name and not self.person_email:
            raise ValidationError({"person_email": _("Oppgi e-postadressen til personen.")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Medlemskapet kan ikke slutte før det begynner.")})


class Meeting(models.Model):
    """A meeting of a group, with agenda and minutes; public only when the group is public too."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("tittel"), max_length=200)
    starts_at = models.DateTimeField(_("tidspunkt"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    is_digital = models.BooleanField(_("digitalt møte"), default=False)
    agenda = models.TextField(_("saksliste"), max_length=10000, blank=True,
                              help_text=_("Én sak per linje"))
    minutes = models.TextField(_("referat"), max_length=50000, blank=True)
    is_public = models.BooleanField(_("offentlig"), default=False,
                                    help_text=_("Vises for alle når gruppen er offentlig"))
    search_text = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        ordering = ["-starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = searchable(f"{self.title} {self.place} {self.agenda} {self.minutes}")
        super().save(*args, **kwargs)

    def clean(self):
        if not self.place and not self.is_digital:
            raise ValidationError({"place": _("Oppgi et sted, eller merk møtet som digitalt.")})

    def get_absolute_url(self) -> str:
        return reverse("network:meeting", args=[self.group.slug, self.pk])

    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is random: the original name is kept in the row and given on download.
    import secrets

    return f"network/groups/{timezone.now():%Y}/{secrets.token_hex(16)}"


class Attachment(models.Model):
    """A file belonging to a meeting (papers, presentations, signed minutes)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, editable=False)
    original_name = models.CharField(_("filnavn"), max_length=255)
    content_type = models.CharField(_("filtype"), max_length=100)
    size = models.PositiveIntegerField(_("størrelse (byte)"))
    sha256 = models.CharField(max_length=64)
    is_public = models.BooleanField(_("offentlig"), default=False,
                                    help_text=_("Kan lastes ned av alle når møtet og gruppen er offentlige"))
    text = models.TextField(blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        ordering = ["meeting", "original_name", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("network:attachment", args=[self.meeting.group.slug, self.pk])


DIRECTORY_PURPOSE = _(
    "Kontaktkatalogen viser hvem som har ansvar for lærings- og mestringsarbeidet i hver enhet, slik at "
    "tjenestene, nettverket og kompetansetjenesten kan nå hverandre. Opplysningene holdes oppdatert av "
    "enhetenes koordinatorer. Bare oppføringer som er merket offentlige, vises for alle.")


class DirectoryEntry(models.Model):
    """A person responsible for LM work in a unit (helseforetak, kommune or bydel)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="directory_entries",
                             verbose_name=_("enhet"))
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(_("rolle"), max_length=200,
                            help_text=_("For eksempel LM-koordinator, leder for LMS eller rådgiver"))
    email = models.EmailField(_("e-post"))
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    is_public = models.BooleanField(_("vis offentlig"), default=False,
                                    help_text=_("Personen har sagt ja til at navn, rolle, e-post og telefon "
                                                "vises i den offentlige kontaktkatalogen"))
    search_text = models.CharField(max_length=600, editable=False, blank=True)
    updated_at = models.DateTimeField(_("oppdatert"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("oppdatert av"))

    class Meta:
        verbose_name = _("kontakt i kontaktkatalogen")
        verbose_name_plural = _("kontaktkatalog")
        ordering = ["unit__name", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit.name})"

    def save(self, *args, **kwargs):
        self.search_text = searchable(f"{self.name} {self.role} {self.email}")
        super().save(*args, **kwargs)


class DirectoryExport(models.Model):
    """Who took the directory out as a file, when, and with which filter (exports are logged)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=10)
    filters = models.CharField(max_length=300, blank=True)
    rows = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("eksport av kontaktkatalogen")
        verbose_name_plural = _("eksporter av kontaktkatalogen")
        ordering = ["-at", "-pk"]
