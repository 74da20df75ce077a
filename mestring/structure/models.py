"""Norway's health and municipal units, valid over time.

A unit (RHF, helseforetak, fylke, kommune, bydel) is one code over one period in which its area
did not change. A merger, split or renumbering ends units and starts new ones; the dated
`ChangeEvent` links them with population weights. Nothing is overwritten.
"""
from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def searchable(text: str) -> str:
    """Lower-case form used for search; SQLite's LIKE folds only ASCII (not æøå)."""
    return " ".join(text.casefold().split())


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date) -> UnitQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day),
                           Q(valid_to__isnull=True) | Q(valid_to__gte=day))

    def as_of(self, year: int) -> UnitQuerySet:
        return self.valid_on(dt.date(year, 1, 1))

    def current(self) -> UnitQuerySet:
        return self.filter(valid_to__isnull=True)


class Unit(models.Model):
    class Kind(models.TextChoices):
        RHF = "rhf", _("Regionalt helseforetak")
        HF = "hf", _("Helseforetak")
        FYLKE = "fylke", _("Fylke")
        KOMMUNE = "kommune", _("Kommune")
        BYDEL = "bydel", _("Bydel")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("kode"), max_length=64,
                            help_text=_("SSB-kode for fylke, kommune og bydel; prosjektets egen kortkode for RHF og HF"))
    name = models.CharField(_("offisielt navn"), max_length=200)
    name_nb = models.CharField(_("norsk navn"), max_length=200)
    name_sami = models.CharField(_("samisk navn"), max_length=200, blank=True)
    name_kven = models.CharField(_("kvensk navn"), max_length=200, blank=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("overordnet enhet"))
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True,
                                  help_text=_("Tom: i kraft før dataene begynner"))
    valid_to = models.DateField(_("gyldig til og med"), null=True, blank=True, help_text=_("Tom: gjelder fortsatt"))
    administrative = models.BooleanField(
        _("egen administrasjon"), default=True,
        help_text=_("Nei for Oslos Sentrum og Marka, som er statistiske enheter uten egen bydelsadministrasjon"))

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["kind", "code", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["kind", "code", "valid_from"], name="unit_unique_period")]
        indexes = [models.Index(fields=["kind", "valid_to"]), models.Index(fields=["code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}" if self.kind in {"fylke", "kommune", "bydel"} else self.name

    def save(self, *args, **kwargs):
        self.search_text = searchable(f"{self.code} {self.name} {self.name_nb} {self.name_sami} {self.name_kven}")
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def period_label(self) -> str:
        start = str(self.valid_from.year) if self.valid_from else "…"
        end = str(self.valid_to.year) if self.valid_to else ""
        return f"{start}–{end}"


class Catchment(models.Model):
    """Which helseforetak is the local hospital of a kommune or bydel (editable: it is approximate)."""

    area = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="catchment", verbose_name=_("område"))
    hf = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="catchment_areas",
                           limit_choices_to={"kind": Unit.Kind.HF}, verbose_name=_("helseforetak"))
    basis = models.CharField(_("grunnlag"), max_length=20, blank=True)
    note = models.TextField(_("kilde og merknad"), blank=True)

    class Meta:
        verbose_name = _("opptaksområde")
        verbose_name_plural = _("opptaksområder")

    def __str__(self) -> str:
        return f"{self.area} → {self.hf}"


class ChangeEvent(models.Model):
    class Kind(models.TextChoices):
        MERGER = "merger", _("Sammenslåing")
        SPLIT = "split", _("Deling")
        BOUNDARY = "boundary", _("Grenseendring")
        CODE_CHANGE = "code_change", _("Nytt nummer")
        RENAME = "rename", _("Nytt navn")

    key = models.CharField(max_length=64, unique=True, editable=False,
                           help_text="Stable identity (hash of its links) so that reloading finds the same event")
    date = models.DateField(_("dato"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("endring")
        verbose_name_plural = _("endringer")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class ChangeLink(models.Model):
    """One predecessor → successor edge of an event; weight = share of the predecessor's population."""

    event = models.ForeignKey(ChangeEvent, on_delete=models.CASCADE, related_name="links")
    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predecessor_links")
    weight = models.DecimalField(max_digits=6, decimal_places=4)

    class Meta:
        verbose_name = _("endringslenke")
        verbose_name_plural = _("endringslenker")
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="changelink_unique")]


class BorderWeight(models.Model):
    """SSB-based redistricting: an old kommune's share that lies in a kommune of today's (2024) borders."""

    old = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="weights_to_current")
    new = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="weights_from_old")
    weight = models.DecimalField(max_digits=6, decimal_places=4)
    basis = models.CharField(max_length=30)
    relation = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("omregningsvekt")
        verbose_name_plural = _("omregningsvekter")
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="borderweight_unique")]


class Population(models.Model):
    """Population on 1 January of `year` (SSB), for kommuner at 2024 borders and bydeler."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="population")
    year = models.PositiveSmallIntegerField()
    population = models.PositiveIntegerField()
    basis = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("folketall")
        verbose_name_plural = _("folketall")
        ordering = ["unit", "year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="population_unique")]
