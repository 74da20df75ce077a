"""Cooperation agreements (samarbeidsavtaler) between one helseforetak and one or more kommuner,
their documents and versions, the text sections extracted from them, and analysts' reviews."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mestring.agreements.scale import LEVELS
from mestring.structure.models import Unit

LEVEL_CHOICES = [(n, f"{n} – {label}") for n, (label, _text) in LEVELS.items()]


class Agreement(models.Model):
    title = models.CharField(_("tittel"), max_length=300)
    hf = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="agreements_as_hf",
                           limit_choices_to={"kind": Unit.Kind.HF}, verbose_name=_("helseforetak"))
    municipalities = models.ManyToManyField(Unit, related_name="agreements", verbose_name=_("kommuner"),
                                            limit_choices_to={"kind__in": [Unit.Kind.KOMMUNE, Unit.Kind.BYDEL]})
    signed_on = models.DateField(_("signert"), null=True, blank=True)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    revised_on = models.DateField(_("revidert"), null=True, blank=True)
    proposed_level = models.PositiveSmallIntegerField(_("foreslått nivå"), null=True, blank=True,
                                                      choices=LEVEL_CHOICES)
    proposed_evidence = models.JSONField(_("foreslåtte belegg"), default=list, blank=True)
    explanation = models.TextField(_("begrunnelse"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("samarbeidsavtale")
        verbose_name_plural = _("samarbeidsavtaler")
        ordering = ["hf__name", "title"]
        permissions = [("review_agreement", _("Kan vurdere samarbeidsavtaler (analytiker)"))]

    def __str__(self) -> str:
        return self.title


class Document(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", _("Hovedavtale")
        SUB = "sub", _("Delavtale")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.MAIN)
    title = models.CharField(_("tittel"), max_length=300)

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        ordering = ["kind", "title"]
        constraints = [models.UniqueConstraint(fields=["agreement", "title"], name="document_unique_title")]

    def __str__(self) -> str:
        return self.title

    @property
    def latest(self) -> DocumentVersion | None:
        versions = list(self.versions.all())
        return max(versions, key=lambda v: v.number) if versions else None


class DocumentVersion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Venter på tekstuttrekk")
        DONE = "done", _("Tekst hentet ut")
        SCANNED = "scanned", _("Ingen tekst – trolig skannet")
        FAILED = "failed", _("Kunne ikke leses")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versjon"))
    file = models.FileField(_("fil"), upload_to="agreements/%Y/")
    original_name = models.CharField(_("filnavn"), max_length=255)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.CharField(_("feilmelding"), max_length=500, blank=True)
    kind = models.CharField(_("format"), max_length=10, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("dokumentversjon")
        verbose_name_plural = _("dokumentversjoner")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="version_unique_number")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class Section(models.Model):
    """A heading, clause or table row of one document version, with its place in the text."""
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=10)
    number = models.CharField(max_length=30, blank=True)
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    stems = models.TextField(blank=True, help_text="Norwegian word stems, for search")

    class Meta:
        ordering = ["version", "order"]


class Review(models.Model):
    """One analyst's decision on an agreement; round 2 is the second, independent review."""
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reviews")
    analyst = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("runde"), choices=[(1, _("Første vurdering")),
                                                                   (2, _("Andre vurdering"))])
    level = models.PositiveSmallIntegerField(_("nivå"), choices=LEVEL_CHOICES)
    evidence = models.JSONField(_("belegg"), default=list, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        ordering = ["agreement", "round"]
        constraints = [models.UniqueConstraint(fields=["agreement", "round"], name="review_one_per_round")]

    def __str__(self) -> str:
        return f"{self.agreement} – {self.get_round_display()}: {self.level}"
