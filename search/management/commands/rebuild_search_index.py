from django.core.management.base import BaseCommand

from search.index import rebuild


class Command(BaseCommand):
    help = "Write every search document again from the content (after a bulk import)."

    def handle(self, **options):
        count = rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} entries."))
