from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from hsds.dataset import import_dataset


class Command(BaseCommand):
    help = (
        "Load an export of export_hsds (its folder, or its json/en.json) into this database: "
        "organizations, offices, roles, stages, steps, topics and places, with their HSDS ids."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        try:
            saved = import_dataset(path)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        # Saved by their natural keys, as loaddata does: the search index is built afresh.
        call_command("rebuild_search_index", verbosity=0)
        self.stdout.write(f"Imported {saved} entries from {path}")
