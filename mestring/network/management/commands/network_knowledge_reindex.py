"""mestring network_knowledge_reindex: rebuild the knowledge base's search index and "similar" lists."""
from django.core.management.base import BaseCommand

from mestring.network import knowledge_index


class Command(BaseCommand):
    help = ("Rebuild the knowledge base's full-text index and the precomputed 'similar documents' lists from "
            "the documents, practice examples and projects (after a restore or a change of stemming).")

    def handle(self, *args, **options):
        count = knowledge_index.rebuild()
        self.stdout.write(self.style.SUCCESS(f"{count} knowledge-base items indexed"))
