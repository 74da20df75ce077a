"""Keep the search index in step with every edit, whichever screen or command made it."""
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from mestring.registry import search
from mestring.registry.models import CourseOffer, Location, Service


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


@receiver(post_save, sender=Location)
def location_saved(sender, instance, raw=False, **kwargs):
    """A place's post town and kommune are part of the index rows of the courses held there."""
    if not raw:
        search.index_offers(instance.offers.values_list("pk", flat=True))


@receiver(pre_delete, sender=Location)
def location_deleting(sender, instance, **kwargs):
    # The course links go with the row, so the courses to index again are noted before.
    instance.offer_ids_to_reindex = list(instance.offers.values_list("pk", flat=True))


@receiver(post_delete, sender=Location)
def location_deleted(sender, instance, **kwargs):
    search.index_offers(getattr(instance, "offer_ids_to_reindex", []))
