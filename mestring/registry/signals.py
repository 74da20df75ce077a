"""Keep the search index in step with every edit, whichever screen or command made it."""
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from mestring.registry import search
from mestring.registry.models import CourseOffer, Service


def reindex_later(offer_id: int) -> None:
    # Immediately, inside the caller's transaction: the index rolls back with the edit.
    search.index_offers([offer_id])


@receiver(post_save, sender=CourseOffer)
def offer_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex_later(instance.pk)


@receiver(m2m_changed, sender=CourseOffer.diagnosis_groups.through)
@receiver(m2m_changed, sender=CourseOffer.target_groups.through)
@receiver(m2m_changed, sender=CourseOffer.locations.through)
def offer_terms_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, CourseOffer):
        reindex_later(instance.pk)


@receiver(post_delete, sender=CourseOffer)
def offer_deleted(sender, instance, **kwargs):
    search.drop_from_index(instance.pk)


@receiver(post_save, sender=Service)
def service_saved(sender, instance, raw=False, **kwargs):
    """A service's status and name are part of its offers' index rows."""
    if not raw:
        search.index_offers(instance.offers.values_list("pk", flat=True))
