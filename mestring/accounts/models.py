"""People who log in, and the roles that say what they may do.

Roles: national administrator (everything), coordinator (scoped to units: an HF, a kommune or a
bydel; a kommune's scope includes its bydeler), interviewer. Anonymous visitors need no account.
"""
from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        user = self.create_user(email, password, **extra)
        RoleAssignment.objects.get_or_create(user=user, role=Role.NATIONAL_ADMIN, unit=None)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-post"), unique=True)
    full_name = models.CharField(_("navn"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(_("tilgang til administrasjon"), default=False)
    date_joined = models.DateTimeField(_("opprettet"), default=timezone.now)

    objects = UserManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.get_full_name()

    @cached_property
    def roles(self) -> frozenset[str]:
        """The user's roles, read once per user object (one request): every page's menu asks."""
        return frozenset(self.role_assignments.values_list("role", flat=True))

    def has_role(self, role: str) -> bool:
        return self.is_active and role in self.roles

    @property
    def is_national_admin(self) -> bool:
        return self.has_role(Role.NATIONAL_ADMIN)

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(Role.COORDINATOR)

    @property
    def is_interviewer(self) -> bool:
        return self.has_role(Role.INTERVIEWER)

    @property
    def is_worker(self) -> bool:
        """May open the staff pages under /arbeid/ at all."""
        return self.is_active and bool(self.roles)


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("Nasjonal administrator")
    COORDINATOR = "coordinator", _("Koordinator")
    INTERVIEWER = "interviewer", _("Intervjuer")


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey("structure.Unit", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="role_assignments", verbose_name=_("enhet"),
                             help_text=_("Påkrevd for koordinatorer: enheten de har ansvar for"))

    class Meta:
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_unique"),
            models.CheckConstraint(
                condition=~models.Q(role="coordinator") | models.Q(unit__isnull=False),
                name="coordinator_has_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.unit or ''}".strip()
