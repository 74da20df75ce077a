"""The registry of learning and mastery (LM) services and their courses.

Shape, and what later apps (mapping campaigns, activity reports) can rely on:

- `Service` is one *provider*: an LMS at a helseforetak, a kommune's LM service, a frisklivssentral,
  and so on (`Service.Form`). It has exactly one host `structure.Unit` (HF, kommune or bydel) and,
  for an *interkommunalt samarbeid*, dated `ServiceMembership` rows for the other units it serves.
  `Service.units_served_on(day)` answers "which units does it cover on a day".
- A `Service` has `Contact` persons, `Location`s (address, postcode, coordinates) and
  `OpeningHours`.
- `CourseOffer` is one course a service offers (what a person searches for). It is classified by
  terms of two managed vocabularies (`Taxonomy` / `TaxonomyTerm`): diagnosis groups (including the
  term "diagnoseuavhengig") and target groups. `CourseRun` is one dated run of an offer.
- In HSDS 3.0 terms: `Service` = organization, `CourseOffer` = service, `Location` = location,
  `CourseOffer` × its locations = service_at_location, `CourseRun` = our documented extension.
  Every HSDS-visible row has a stable `uuid` used as its HSDS id (so re-imports update, not duplicate).

No patient data lives here: contact persons are staff of the services, shown publicly for the
purpose stated on `Contact`.
"""
from __future__ import annotations

import datetime as dt
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mestring.structure.models import Unit

postcode_validator = RegexValidator(r"^\d{4}$", _("Postnummer har fire sifre."))
languages_validator = RegexValidator(r"^[a-z]{2,3}(,[a-z]{2,3})*$",
                                     _("Skriv språkkoder (ISO 639) skilt med komma, for eksempel «nb,en,ar»."))


class Status(models.TextChoices):
    """HSDS 3.0 service status values, shared by services and course offers."""

    ACTIVE = "active", _("Aktiv")
    INACTIVE = "inactive", _("Ikke aktiv")
    DEFUNCT = "defunct", _("Nedlagt")
    TEMPORARILY_CLOSED = "temporarily closed", _("Midlertidig stengt")


class Taxonomy(models.Model):
    """A managed vocabulary (HSDS taxonomy). Two ship: diagnosis groups and target groups."""

    DIAGNOSIS = "diagnosegrupper"
    TARGET = "malgrupper"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("kortnavn"), unique=True)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"))
    version = models.CharField(_("versjon"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("vokabular")
        verbose_name_plural = _("vokabularer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """One term of a vocabulary; `code` is the stable key used in URLs and imports."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms", verbose_name=_("vokabular"))
    code = models.SlugField(_("kode"), max_length=60)
    name = models.CharField(_("navn"), max_length=200)
    name_en = models.CharField(_("navn på engelsk"), max_length=200, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("overordnet term"))
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("termer")
        ordering = ["taxonomy", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["taxonomy", "code"], name="term_unique_code")]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A learning and mastery provider, hosted by one unit (HSDS organization)."""

    class Form(models.TextChoices):
        """How the LM work is organised: the core field of the mappings."""

        LMS_HF = "lms_hf", _("Lærings- og mestringssenter i helseforetak")
        LM_KOMMUNE = "lm_kommune", _("Kommunal lærings- og mestringstjeneste")
        FLS = "fls", _("Frisklivssentral")
        FLS_LM = "fls_lm", _("Frisklivs- og mestringssenter")
        LMT = "lmt", _("Lokalmedisinsk senter eller tjeneste")
        HELSEHUS = "helsehus", _("Helsehus")
        COORDINATOR = "koordinator", _("Koordinator for lærings- og mestringsarbeid")
        SPREAD = "spredt", _("Tilbud spredt i ulike avdelinger, uten felles organisering")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=200)
    form = models.CharField(_("organisering"), max_length=20, choices=Form.choices)
    host_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="hosted_services",
                                  verbose_name=_("vertsenhet"),
                                  limit_choices_to={"kind__in": [Unit.Kind.HF, Unit.Kind.KOMMUNE, Unit.Kind.BYDEL]},
                                  help_text=_("Helseforetaket, kommunen eller bydelen som driver tjenesten"))
    description = models.TextField(_("beskrivelse"), blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    website = models.URLField(_("nettside"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("tjeneste")
        verbose_name_plural = _("tjenester")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"service": self.pk}

    @property
    def is_intermunicipal(self) -> bool:
        return self.memberships.exists()

    def units_served_on(self, day: dt.date) -> list[Unit]:
        """Host plus the member units whose membership covers `day` (for coverage counts)."""
        members = [m.unit for m in self.memberships.select_related("unit") if m.covers(day)]
        return [self.host_unit, *members]


class ServiceMembership(models.Model):
    """A unit served by another unit's service (interkommunalt samarbeid), over a dated period."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="service_memberships",
                             verbose_name=_("medlemsenhet"),
                             limit_choices_to={"kind__in": [Unit.Kind.KOMMUNE, Unit.Kind.BYDEL]})
    valid_from = models.DateField(_("fra og med"))
    valid_to = models.DateField(_("til og med"), null=True, blank=True, help_text=_("Tom: gjelder fortsatt"))

    class Meta:
        verbose_name = _("medlem i interkommunalt samarbeid")
        verbose_name_plural = _("medlemmer i interkommunalt samarbeid")
        ordering = ["service", "unit__code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["service", "unit", "valid_from"], name="membership_unique"),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="membership_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} i {self.service}"

    def get_additional_data(self) -> dict:
        """Stored with each audit entry so the service page can show the history of all its parts."""
        return {"service": self.service_id}

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Contact(models.Model):
    """A contact person of a service. Personal data: shown publicly so people know whom to ask."""

    PURPOSE = _("Vises offentlig slik at brukere, pårørende og samarbeidspartnere vet hvem de kan kontakte.")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(_("rolle"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["service", "name"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        """Stored with each audit entry so the service page can show the history of all its parts."""
        return {"service": self.service_id}


class Location(models.Model):
    """A physical place of a service (address, postcode, WGS84 coordinates)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("navn"), max_length=200)
    address = models.CharField(_("adresse"), max_length=200)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True, validators=[postcode_validator])
    place = models.CharField(_("poststed"), max_length=100)
    kommune = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registry_locations",
                                verbose_name=_("kommune"), limit_choices_to={"kind": Unit.Kind.KOMMUNE})
    latitude = models.DecimalField(_("breddegrad"), max_digits=8, decimal_places=5,
                                   validators=[MinValueValidator(57), MaxValueValidator(81)])
    longitude = models.DecimalField(_("lengdegrad"), max_digits=8, decimal_places=5,
                                    validators=[MinValueValidator(-10), MaxValueValidator(35)])
    directions = models.TextField(_("veibeskrivelse"), blank=True)

    class Meta:
        verbose_name = _("sted")
        verbose_name_plural = _("steder")
        ordering = ["service", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.address}, {self.postcode} {self.place}".replace(",  ", ", ")

    def get_additional_data(self) -> dict:
        """Stored with each audit entry so the service page can show the history of all its parts."""
        return {"service": self.service_id}


class OpeningHours(models.Model):
    """When a service (optionally at one location) is open, one row per weekday and span."""

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("mandag")
        TUESDAY = 2, _("tirsdag")
        WEDNESDAY = 3, _("onsdag")
        THURSDAY = 4, _("torsdag")
        FRIDAY = 5, _("fredag")
        SATURDAY = 6, _("lørdag")
        SUNDAY = 7, _("søndag")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="opening_hours")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="opening_hours", verbose_name=_("sted"))
    weekday = models.PositiveSmallIntegerField(_("ukedag"), choices=Weekday.choices)
    opens = models.TimeField(_("åpner"))
    closes = models.TimeField(_("stenger"))

    class Meta:
        verbose_name = _("åpningstid")
        verbose_name_plural = _("åpningstider")
        ordering = ["service", "weekday", "opens"]
        constraints = [models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="hours_ordered")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def get_additional_data(self) -> dict:
        """Stored with each audit entry so the service page can show the history of all its parts."""
        return {"service": self.service_id}


class CourseOfferQuerySet(models.QuerySet):
    def public(self) -> CourseOfferQuerySet:
        """Offers the finder and the open API show: active offers of active services."""
        return self.filter(status=Status.ACTIVE, service__status=Status.ACTIVE)

    def needing_confirmation(self, *, older_than_days: int) -> CourseOfferQuerySet:
        limit = timezone.localdate() - dt.timedelta(days=older_than_days)
        return self.filter(last_confirmed__lt=limit).exclude(status=Status.DEFUNCT)


class CourseOffer(models.Model):
    """One course (lærings- og mestringstilbud) of a service; HSDS service.

    `languages` holds ISO 639 codes separated by commas ("nb,en,ar") so that SQLite and PostgreSQL
    can filter it the same way. `cost_nok` 0 means free of charge. `last_confirmed` is the day a
    coordinator last said the data is right; the reminder task asks about old ones.
    """

    class Format(models.TextChoices):
        GROUP = "group", _("Gruppe")
        INDIVIDUAL = "individual", _("Individuelt")
        DIGITAL = "digital", _("Digitalt")
        MIXED = "mixed", _("Kombinert")

    class Method(models.TextChoices):
        STANDARD = "standard_metode", _("Standard metode")
        OTHER = "other", _("Annen metode")
        NONE = "none", _("Ingen navngitt metode")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="offers", verbose_name=_("tjeneste"))
    title = models.CharField(_("tittel"), max_length=200)
    title_en = models.CharField(_("tittel på engelsk"), max_length=200, blank=True)
    description = models.TextField(_("beskrivelse"))
    description_en = models.TextField(_("beskrivelse på engelsk"), blank=True)
    diagnosis_groups = models.ManyToManyField(
        TaxonomyTerm, related_name="offers_by_diagnosis", verbose_name=_("diagnosegrupper"),
        limit_choices_to={"taxonomy__slug": Taxonomy.DIAGNOSIS},
        help_text=_("Velg «Diagnoseuavhengig» for tilbud som ikke gjelder én diagnose"))
    target_groups = models.ManyToManyField(TaxonomyTerm, related_name="offers_by_target", verbose_name=_("målgrupper"),
                                           limit_choices_to={"taxonomy__slug": Taxonomy.TARGET})
    min_age = models.PositiveSmallIntegerField(_("alder fra"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("alder til"), null=True, blank=True)
    languages = models.CharField(_("språk"), max_length=60, default="nb", validators=[languages_validator],
                                 help_text=_("Språkkoder (ISO 639) skilt med komma, for eksempel «nb,en»"))
    format = models.CharField(_("form"), max_length=20, choices=Format.choices, default=Format.GROUP)
    hours = models.DecimalField(_("timer i alt"), max_digits=5, decimal_places=1, null=True, blank=True)
    sessions = models.PositiveSmallIntegerField(_("antall samlinger"), null=True, blank=True)
    user_participation = models.BooleanField(
        _("brukermedvirkning"), default=True,
        help_text=_("Erfarne brukere underviser sammen med fagpersoner"))
    method = models.CharField(_("utviklet etter"), max_length=20, choices=Method.choices, default=Method.STANDARD)
    method_note = models.CharField(_("om metoden"), max_length=200, blank=True)
    referral_required = models.BooleanField(_("krever henvisning"), default=False)
    cost_nok = models.PositiveIntegerField(_("pris (kr)"), default=0, help_text=_("0 betyr gratis"))
    cost_note = models.CharField(_("om prisen"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("plasser per kurs"), null=True, blank=True)
    sign_up = models.TextField(_("slik melder du deg på"))
    sign_up_url = models.URLField(_("lenke til påmelding"), blank=True)
    locations = models.ManyToManyField(Location, blank=True, related_name="offers", verbose_name=_("steder"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    last_confirmed = models.DateField(_("sist bekreftet"), default=dt.date.today)
    search_text = models.TextField(editable=False, blank=True,
                                   help_text="Title, description, terms, service and place; kept by registry.search")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True, db_index=True)

    objects = CourseOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("kurstilbud")
        verbose_name_plural = _("kurstilbud")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(max_age__isnull=True) | Q(min_age__isnull=True)
                                   | Q(max_age__gte=models.F("min_age")), name="offer_ages_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return self.cost_nok == 0

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    def get_additional_data(self) -> dict:
        """Stored with each audit entry so the service page can show the history of all its parts."""
        return {"service": self.service_id}


class CourseRun(models.Model):
    """One dated run of an offer (HSDS has none: exposed as the `x_course_runs` extension)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(CourseOffer, on_delete=models.CASCADE, related_name="runs", verbose_name=_("kurstilbud"))
    starts_on = models.DateField(_("startdato"), db_index=True)
    ends_on = models.DateField(_("sluttdato"), null=True, blank=True)
    schedule = models.CharField(_("tidspunkt"), max_length=200, help_text=_("For eksempel «tirsdager kl. 17–19»"))
    location = models.ForeignKey(Location, on_delete=models.SET_NULL, null=True, blank=True, related_name="runs",
                                 verbose_name=_("sted"))
    is_digital = models.BooleanField(_("digitalt"), default=False)
    seats_left = models.PositiveSmallIntegerField(_("ledige plasser"), null=True, blank=True,
                                                  help_text=_("Tom: ikke oppgitt"))
    sign_up_url = models.URLField(_("lenke til påmelding"), blank=True)
    sign_up_deadline = models.DateField(_("påmeldingsfrist"), null=True, blank=True)

    class Meta:
        verbose_name = _("kursstart")
        verbose_name_plural = _("kursstarter")
        ordering = ["offer", "starts_on"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                              name="run_dates_ordered")]

    def __str__(self) -> str:
        return f"{self.offer} {self.starts_on:%d.%m.%Y}"

    @property
    def is_upcoming(self) -> bool:
        return self.starts_on >= timezone.localdate()


class DataVersion(models.Model):
    """One row whose `token` changes (database triggers, migration 0004) on every registry write.

    Caches of API answers and finder pages key on it, so any write, through any code path,
    makes the next read compute fresh. Not edited by people: no audit registration.
    """

    id = models.PositiveSmallIntegerField(primary_key=True)
    token = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "dataversjon"
    def get_additional_data(self) -> dict:
        return {"service": self.offer.service_id, "offer": self.offer_id}


class ApiToken(models.Model):
    """A coordinator's key to the write API. It acts as its user: it reaches the units the user coordinates.

    Only a SHA-256 hash of the secret is kept (the secret is 256 random bits, so a slow hash adds
    nothing); the secret is shown once, when the token is made. `prefix` identifies it in lists.
    """

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("eier"))
    name = models.CharField(_("navn"), max_length=100, help_text=_("Hva nøkkelen brukes til, for eksempel «Kurskalender på nettsiden»"))
    prefix = models.CharField(max_length=8, editable=False)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(_("utløper"))
    last_used = models.DateTimeField(_("sist brukt"), null=True, blank=True)
    revoked = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked is None and self.expires > timezone.now()
