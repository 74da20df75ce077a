"""Dialogue café (dialogkafé) workshops: questions, tables with hosts, rounds, notes, merges, headings.

Every original note is kept: merging only links notes to a `MergeGroup`, and undo unlinks them.
"""
from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

NOTE_MAX_LENGTH = 300


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Workshop(models.Model):
    """One dialogue café, run by a unit; standalone or part of a network event (conference)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Under planlegging")
        OPEN = "open", _("Åpen for notater")
        CLOSED = "closed", _("Avsluttet")

    title = models.CharField(_("tittel"), max_length=200)
    unit = models.ForeignKey("structure.Unit", on_delete=models.PROTECT, related_name="workshops",
                             verbose_name=_("arrangør"))
    held_on = models.DateField(_("dato"), null=True, blank=True)
    place = models.CharField(_("sted"), max_length=200, blank=True)
    event = models.ForeignKey("network.Event", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="workshops", verbose_name=_("arrangement"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("dialogkafé")
        verbose_name_plural = _("dialogkafeer")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Round(models.Model):
    """A timed round; participants move between tables between rounds."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("nummer"))
    minutes = models.PositiveSmallIntegerField(_("minutter"), default=20)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["workshop", "number"], name="workshops_round_unique")]

    def __str__(self) -> str:
        return _("Runde %(n)s") % {"n": self.number}


class Question(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("nummer"))
    text = models.CharField(_("spørsmål"), max_length=400)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["workshop", "number"], name="workshops_question_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class WorkshopTable(models.Model):
    """A table discussing one question, with its host and its note page link.

    The token is kept in clear (not hashed) because the facilitator prints it again and again on
    posters and table cards; it grants adding notes only, and only while the workshop is open.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="tables")
    label = models.CharField(_("bord"), max_length=20)
    host_name = models.CharField(_("bordvert"), max_length=120, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    class Meta:
        ordering = ["question__number", "label"]
        constraints = [models.UniqueConstraint(fields=["question", "label"], name="workshops_table_unique")]

    def __str__(self) -> str:
        return _("spørsmål %(q)s, bord %(t)s") % {"q": self.question.number, "t": self.label}


class Heading(models.Model):
    """A heading (category) under one question; statements are sorted under it, never reworded."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="headings")
    title = models.CharField(_("overskrift"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class MergeGroup(models.Model):
    """Notes that say the same thing; the kept note's wording stands for all of them.

    Groups nest: confirming a suggestion that includes an earlier group makes that group a child
    (`parent`), so undo restores exactly the state before.
    """

    class Kind(models.TextChoices):
        AUTO = "auto", _("Automatisk (identisk tekst)")
        CONFIRMED = "confirmed", _("Bekreftet av fasilitator")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="merge_groups")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    kept_note = models.ForeignKey("Note", on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.kept_note.text[:60]}"

    def root(self) -> MergeGroup:
        group = self
        while group.parent_id:
            group = group.parent
        return group


class Note(models.Model):
    """One sticky note, exactly as written (plain text; shown escaped)."""

    class Source(models.TextChoices):
        LINK = "link", _("Bordets lenke")
        IMPORT = "import", _("Import")
        STAFF = "staff", _("Fasilitator")

    table = models.ForeignKey(WorkshopTable, on_delete=models.CASCADE, related_name="notes")
    text = models.CharField(_("tekst"), max_length=NOTE_MAX_LENGTH)
    is_main = models.BooleanField(_("hovedutsagn"), default=False)
    round = models.ForeignKey(Round, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LINK)
    group = models.ForeignKey(MergeGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes")
    heading = models.ForeignKey(Heading, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["table"], condition=Q(is_main=True),
                                               name="workshops_one_main_per_table")]

    def __str__(self) -> str:
        return self.text[:80]
