"""The knowledge base: documents, practice examples (praksiseksempler) and projects, with one search
index over all three and a precomputed "similar" list per document and practice example.

`SearchEntry` is derived data: it is rebuilt from its source by `knowledge.index_*` whenever the
source is saved, and wholesale by `mestring network_knowledge_reindex`.
"""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class Tag(models.Model):
    """A subject word shared by documents, practice examples and projects (e.g. «pårørende»)."""

    name = models.CharField(_("emneord"), max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        verbose_name = _("emneord")
        verbose_name_plural = _("emneord")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """A guide, report, presentation or agreement template, with its file and the text extracted from it."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Veileder")
        REPORT = "report", _("Rapport")
        PRESENTATION = "presentation", _("Presentasjon")
        TEMPLATE = "template", _("Avtalemal")

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Venter på tekstuttrekk")
        DONE = "done", _("Tekst hentet ut")
        SCANNED = "scanned", _("Ingen tekst – trolig skannet")
        FAILED = "failed", _("Kunne ikke leses")

    title = models.CharField(_("tittel"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("beskrivelse"), max_length=5000)
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    owner_unit = models.ForeignKey("structure.Unit", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("eier (enhet)"),
                                   help_text=_("Tom når dokumentet er nasjonalt"))
    organisation = models.CharField(_("organisasjon"), max_length=200, blank=True,
                                    help_text=_("For eksempel Nasjonal kompetansetjeneste for læring og mestring"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="documents", verbose_name=_("emneord"))
    is_public = models.BooleanField(_("offentlig"), default=False,
                                    help_text=_("Uten kryss ser bare ansatte med innlogging dokumentet"))
    file = models.FileField(_("fil"), upload_to="knowledge/%Y/")
    original_name = models.CharField(_("filnavn"), max_length=255)
    file_format = models.CharField(_("filformat"), max_length=10)
    size = models.PositiveIntegerField(_("størrelse (byte)"))
    pages = models.PositiveIntegerField(_("sider"), null=True, blank=True)
    text = models.TextField(_("tekst fra filen"), blank=True)
    extraction = models.CharField(_("tekstuttrekk"), max_length=10, choices=Extraction.choices,
                                  default=Extraction.PENDING)
    extraction_error = models.CharField(_("feil ved tekstuttrekk"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        ordering = ["-year", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:document", args=[self.pk])


class PracticeExample(models.Model):
    """A praksiseksempel: how one service organised a piece of work with its partners, and what worked."""

    title = models.CharField(_("tittel"), max_length=300)
    unit = models.ForeignKey("structure.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("enhet"), help_text=_("Enheten som beskriver eksempelet"))
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    organisation_form = models.TextField(_("organisering"), max_length=3000,
                                         help_text=_("Hvordan arbeidet er organisert, for eksempel et felles "
                                                     "lærings- og mestringssenter for flere kommuner"))
    partners = models.ManyToManyField("structure.Unit", blank=True, related_name="+",
                                      verbose_name=_("samarbeidspartnere (enheter)"))
    other_partners = models.CharField(_("andre samarbeidspartnere"), max_length=500, blank=True,
                                      help_text=_("For eksempel brukerorganisasjoner eller frivillige"))
    target_groups = models.CharField(_("målgrupper"), max_length=500)
    what_was_done = models.TextField(_("hva ble gjort"), max_length=5000)
    what_worked = models.TextField(_("hva fungerte"), max_length=5000)
    contact_name = models.CharField(_("kontaktperson"), max_length=200)
    contact_email = models.EmailField(_("kontaktpersonens e-post"), blank=True)
    contact_phone = models.CharField(_("kontaktpersonens telefon"), max_length=40, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="practice_examples", verbose_name=_("emneord"))
    is_published = models.BooleanField(_("publisert"), default=False,
                                       help_text=_("Publiserte eksempler er åpne for alle"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("praksiseksempel")
        verbose_name_plural = _("praksiseksempler")
        ordering = ["-year", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:practice", args=[self.pk])


class Project(models.Model):
    """A project in the field, with its owners, contacts and the documents it produced."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        ONGOING = "ongoing", _("Pågår")
        FINISHED = "finished", _("Avsluttet")

    name = models.CharField(_("navn"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    starts_on = models.DateField(_("starter"))
    ends_on = models.DateField(_("slutter"), null=True, blank=True)
    units = models.ManyToManyField("structure.Unit", related_name="+", verbose_name=_("eiere (enheter)"))
    description = models.TextField(_("beskrivelse"), max_length=5000)
    documents = models.ManyToManyField(Document, blank=True, related_name="projects", verbose_name=_("dokumenter"))
    is_public = models.BooleanField(_("offentlig"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("prosjekt")
        verbose_name_plural = _("prosjekter")
        ordering = ["-starts_on", "name", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                              name="project_ends_after_start")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:project", args=[self.pk])


class ProjectContact(models.Model):
    """A person to ask about a project (work contact details, shown on the project page)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(_("rolle"), max_length=200, blank=True, help_text=_("For eksempel prosjektleder"))
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class SearchEntry(models.Model):
    """One searchable item (a document, practice example or project) in stemmed form."""

    PRACTICE = "practice"
    PROJECT = "project"

    document = models.OneToOneField(Document, on_delete=models.CASCADE, null=True, related_name="search_entry")
    practice = models.OneToOneField(PracticeExample, on_delete=models.CASCADE, null=True,
                                    related_name="search_entry")
    project = models.OneToOneField(Project, on_delete=models.CASCADE, null=True, related_name="search_entry")
    # A document kind, "practice" or "project": the search page's "type" filter.
    kind = models.CharField(max_length=20, db_index=True)
    title = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField(null=True, db_index=True)
    is_public = models.BooleanField(default=False)
    tag_slugs = models.CharField(max_length=2000, blank=True)  # " slug slug " so a tag filters with one LIKE
    title_stems = models.TextField(blank=True)
    search_text = models.TextField(blank=True)
    terms = models.JSONField(default=dict)  # the most frequent content stems with counts, for similarity

    class Meta:
        constraints = [models.CheckConstraint(
            condition=(Q(document__isnull=False, practice__isnull=True, project__isnull=True)
                       | Q(document__isnull=True, practice__isnull=False, project__isnull=True)
                       | Q(document__isnull=True, practice__isnull=True, project__isnull=False)),
            name="search_entry_one_source")]

    def __str__(self) -> str:
        return self.title

    @property
    def source(self):
        return self.document or self.practice or self.project


class Similar(models.Model):
    """`other` is among the items most like `entry` (TF-IDF cosine over stems), precomputed on save."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="similar")
    other = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "other"], name="similar_once")]


def register_audit(auditlog) -> None:
    """Every knowledge-base change is logged; a document's extracted text is left out (it is derived
    from the file and can run to megabytes), and the search index is derived data."""
    auditlog.register(Tag)
    auditlog.register(Document, exclude_fields=["text", "updated_at"], m2m_fields={"tags"})
    auditlog.register(PracticeExample, exclude_fields=["updated_at"], m2m_fields={"tags", "partners"})
    auditlog.register(Project, exclude_fields=["updated_at"], m2m_fields={"units", "documents"})
    auditlog.register(ProjectContact)
