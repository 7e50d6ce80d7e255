"""PostgreSQL indexes that let search rank a bounded set of candidates (search/backends.py).

`heading`: keys and names as a small weighted tsvector with its own GIN index; a GIN index on
the keys as an array, for the exact-name test (exact elements: nothing to recheck, where a
trigram index rechecked every key sharing the word's trigrams); and a GIN index on the guide's
documents alone, so a search for the guide does not visit every organization that matches.
Nothing to do on SQLite.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

GUIDE = "kind IN ('stage', 'step', 'term', 'municipality')"

POSTGRESQL = [
    "UPDATE search_document SET heading = "
    "setweight(to_tsvector('simple', coalesce(keys, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(names, '')), 'B')",
    "CREATE INDEX search_document_heading ON search_document USING gin (heading)",
    "CREATE INDEX search_document_keys ON search_document "
    "USING gin ((string_to_array(btrim(keys), ' ')))",
    f"CREATE INDEX search_document_guide ON search_document USING gin (vector) WHERE {GUIDE}",
    "ANALYZE search_document",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_document_guide",
    "DROP INDEX IF EXISTS search_document_keys",
    "DROP INDEX IF EXISTS search_document_heading",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0003_editors_edit_search_words")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="heading",
            field=SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(run(POSTGRESQL), run(POSTGRESQL_REVERSE)),
    ]
