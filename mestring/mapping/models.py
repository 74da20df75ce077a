"""Mapping campaigns (kartlegging): who is asked, what they are asked, what they answered, who was called.

A campaign targets a fixed set of units as of a date (the 442 kommuner and Oslo bydeler of 2014, or
all helseforetak). Answers are stored as JSON keyed by question name, so a reviewed answer can later
be carried into the service registry field by field with the campaign answer kept as the source.
"""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mestring.structure.models import Unit


def hash_token(token: str) -> str:
    """Tokens are stored as SHA-256 only: a leaked database does not hand out working links."""
    return hashlib.sha256(token.encode()).hexdigest()


class Campaign(models.Model):
    class Target(models.TextChoices):
        MUNICIPAL = "municipal", _("Kommuner og bydeler i Oslo")
        HF = "hf", _("Helseforetak")

    slug = models.SlugField(_("kortnavn"), max_length=60, unique=True)
    title = models.CharField(_("tittel"), max_length=200)
    target = models.CharField(_("målgruppe"), max_length=20, choices=Target.choices, default=Target.MUNICIPAL)
    as_of = models.DateField(_("enheter per dato"), help_text=_("Enhetene som gjaldt denne dagen blir spurt"))
    units = models.ManyToManyField(Unit, related_name="campaigns", verbose_name=_("enheter"), blank=True)
    link_days = models.PositiveIntegerField(_("lenker gyldige i dager"), default=60)
    # Which answers drive coverage (names of questions in the survey questionnaire).
    organisation_question = models.CharField(_("spørsmål om organisering"), max_length=64, default="organisering")
    service_values = models.CharField(
        _("svar som gir intervju"), max_length=200, default="eget,vert",
        help_text=_("Valg (kommaseparert) som betyr eget tilbud eller vertskap for et interkommunalt samarbeid"))
    no_interview_values = models.CharField(
        _("svar som ikke gir intervju"), max_length=200, default="ingen_felles,ingen_tilbud",
        help_text=_("Valg som betyr ingen felles organisering eller ingen tilbud"))
    members_question = models.CharField(_("gruppe for samarbeidskommuner"), max_length=64, default="samarbeid")
    member_code_field = models.CharField(_("felt for kommunenummer"), max_length=64, default="kommunenummer")
    contact_question = models.CharField(_("spørsmål om kontaktperson"), max_length=64, default="kontaktperson")
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("kartlegging")
        verbose_name_plural = _("kartlegginger")
        ordering = ["-as_of", "title"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def split(values: str) -> set[str]:
        return {v.strip() for v in values.split(",") if v.strip()}


class Phase(models.Model):
    class Kind(models.TextChoices):
        SURVEY = "survey", _("Spørreskjema")
        INTERVIEW = "interview", _("Telefonintervju")
        FOLLOW_UP = "follow_up", _("Oppringing av dem som ikke svarte")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(_("fase"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=200)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("slutt"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="phase_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Questionnaire(models.Model):
    class Purpose(models.TextChoices):
        SURVEY = "survey", _("Spørreskjema til enhetene")
        INTERVIEW = "interview", _("Intervjuskjema")

    class Source(models.TextChoices):
        XLSFORM = "xlsform", _("XLSForm")
        BUILDER = "builder", _("Bygget i nettleseren")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questionnaires")
    purpose = models.CharField(_("formål"), max_length=20, choices=Purpose.choices)
    title = models.CharField(_("tittel"), max_length=200)
    source = models.CharField(_("kilde"), max_length=20, choices=Source.choices, default=Source.BUILDER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "purpose"], name="questionnaire_one_per_purpose")]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Tekst")
        INTEGER = "integer", _("Heltall")
        SELECT_ONE = "select_one", _("Velg ett")
        SELECT_MULTIPLE = "select_multiple", _("Velg flere")
        NOTE = "note", _("Merknad")
        REPEAT = "repeat", _("Gjentatt gruppe")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children",
                               help_text=_("Gjentatt gruppe spørsmålet hører til"))
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("navn"), max_length=64)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("spørsmål"), max_length=500)
    hint = models.CharField(_("hjelpetekst"), max_length=500, blank=True)
    required = models.BooleanField(_("påkrevd"), default=False)
    relevant = models.CharField(_("vises når"), max_length=300, blank=True)
    constraint = models.CharField(_("begrensning"), max_length=300, blank=True)
    constraint_message = models.CharField(_("melding ved brudd"), max_length=300, blank=True)

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "name"], name="question_unique_name")]

    def __str__(self) -> str:
        return self.name


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField(default=0)
    value = models.CharField(_("kode"), max_length=64)
    label = models.CharField(_("tekst"), max_length=300)

    class Meta:
        ordering = ["question", "position"]
        constraints = [models.UniqueConstraint(fields=["question", "value"], name="choice_unique_value")]

    def __str__(self) -> str:
        return self.label


class Recipient(models.Model):
    """The person asked on behalf of one unit (rådmann, bydelsdirektør, LMS leader).

    Purpose of the personal data: to send the questionnaire and follow up the answer.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recipients")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"))
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    opted_out_at = models.DateTimeField(_("reservert seg"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("e-post i retur"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["campaign", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="recipient_one_per_unit")]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    @property
    def reachable(self) -> bool:
        return self.opted_out_at is None and self.bounced_at is None


class AccessTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class AccessToken(models.Model):
    """One link (`/s/<token>/`). Each e-mail carries its own token, so the raw token never needs storing."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]


class Response(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Sendt inn")
        REOPENED = "reopened", _("Åpnet igjen")

    class Channel(models.TextChoices):
        WEB = "web", _("Nettskjema")
        PHONE = "phone", _("Telefon")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(Recipient, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="responses")
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    data = models.JSONField(_("svar"), default=dict)
    revision = models.PositiveIntegerField(default=0, help_text=_("Øker ved hver lagring"))
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(_("kontrollert"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["questionnaire", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "unit"], name="response_one_per_unit")]
        indexes = [models.Index(fields=["questionnaire", "status"])]

    @property
    def editable(self) -> bool:
        return self.status != self.Status.SUBMITTED


class MessageTemplate(models.Model):
    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitasjon")
        REMINDER = "reminder", _("Påminnelse")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="templates")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="template_one_per_kind")]


class Mailing(models.Model):
    """One round of invitations or reminders; its text is frozen when queued."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="mailings")
    kind = models.CharField(_("type"), max_length=20, choices=MessageTemplate.Kind.choices)
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]


class Message(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        SENDING = "sending", _("Sendes")
        SENT = "sent", _("Sendt")
        BOUNCED = "bounced", _("Avvist av mottaker")
        FAILED = "failed", _("Feilet")
        UNCERTAIN = "uncertain", _("Uvisst (avbrutt under sending)")
        SKIPPED = "skipped", _("Ikke sendt")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="messages")
    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="messages")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    to = models.EmailField(_("til"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    detail = models.CharField(_("merknad"), max_length=500, blank=True)
    # Our own Message-ID header (`<mapping.<pk>.<random>@host>`), set before sending, so a bounce that
    # arrives days later can be matched to this message.
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["mailing", "recipient"], name="message_once_per_mailing")]
        indexes = [models.Index(fields=["status"])]


class CallList(models.Model):
    class Rule(models.TextChoices):
        INTERVIEW = "interview", _("Svarte og har eget tilbud eller er vertskommune: intervju")
        CALL = "call", _("Svarte ikke og er ikke dekket av samarbeid: ring")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="call_lists")
    phase = models.ForeignKey(Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="call_lists")
    rule = models.CharField(_("regel"), max_length=20, choices=Rule.choices)
    name = models.CharField(_("navn"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class CallTarget(models.Model):
    call_list = models.ForeignKey(CallList, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="call_targets", verbose_name=_("intervjuer"))
    done = models.BooleanField(_("ferdig"), default=False)
    callback_at = models.DateTimeField(_("ring tilbake"), null=True, blank=True)
    attempts_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["call_list", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["call_list", "unit"], name="call_target_once")]


class CallAttempt(models.Model):
    class Outcome(models.TextChoices):
        NO_ANSWER = "no_answer", _("Ikke svar")
        BUSY = "busy", _("Opptatt")
        WRONG_NUMBER = "wrong_number", _("Feil nummer")
        CALL_BACK = "call_back", _("Ring tilbake")
        REFUSED = "refused", _("Vil ikke delta")
        COMPLETED = "completed", _("Gjennomført")
        NOT_ELIGIBLE = "not_eligible", _("Ikke aktuell")

    FINAL = {Outcome.REFUSED, Outcome.COMPLETED, Outcome.NOT_ELIGIBLE, Outcome.WRONG_NUMBER}

    target = models.ForeignKey(CallTarget, on_delete=models.CASCADE, related_name="attempts")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices)
    callback_at = models.DateTimeField(_("ring tilbake"), null=True, blank=True)
    note = models.CharField(_("notat"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at"]
        constraints = [models.CheckConstraint(
            condition=~Q(outcome="call_back") | Q(callback_at__isnull=False), name="callback_has_time")]


class ExportLog(models.Model):
    """Exports of answers are logged: who took which campaign's data, in which shape, with personal data or not."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="exports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    file_format = models.CharField(max_length=10)
    labels = models.BooleanField(default=False)
    personal_data = models.BooleanField(default=False)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]


class RegistryUpdate(models.Model):
    """Which registry facts a reviewed answer wrote, so the registry value keeps the answer as its source.

    The link lives here, not on the registry models, so the registry stays free of campaign concepts.
    `changes` maps each applied field to the value written (for memberships: the member codes added).
    """

    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="registry_updates",
                                 verbose_name=_("svar"))
    service = models.ForeignKey("registry.Service", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("tjeneste"))
    changes = models.JSONField(_("endringer"), default=dict)
    applied_at = models.DateTimeField(_("overført"), default=timezone.now)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("overføring til registeret")
        verbose_name_plural = _("overføringer til registeret")
        ordering = ["-applied_at"]

    def __str__(self) -> str:
        return f"{self.response.questionnaire.campaign.slug} #{self.response_id}"

    @property
    def changes_text(self) -> str:
        return "; ".join(f"{key}: {', '.join(v) if isinstance(v, list) else v}" for key, v in self.changes.items())
