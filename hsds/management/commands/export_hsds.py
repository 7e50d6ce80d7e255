from django.core.management.base import BaseCommand

from hsds.dataset import export


class Command(BaseCommand):
    help = (
        "Write the whole directory as HSDS 3.0 data sets, one per language: JSON "
        "(DIR/json/<lang>.json) and the CSV datapackage (DIR/datapackage/<lang>/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="where to write (made if missing)")
        parser.add_argument(
            "--base-url",
            default="https://refugeeguide.example",
            help="the site's address, for the links to its pages (default: %(default)s)",
        )

    def handle(self, folder, base_url, **options):
        for path in export(folder, base_url):
            self.stdout.write(f"Wrote {path}")
