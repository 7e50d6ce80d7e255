"""PostgreSQL: search indexes that every search can read as they are, however they were written.

- GIN indexes without a pending list (`fastupdate = off`). With it, new entries wait in an
  unsorted list, read in full by every search, until a VACUUM merges them: after a bulk import
  (or `generate_organizations`) all 19,600 entries of `heading` and of the keys sat there, and
  each search read them all. Here writes come an editor's save at a time; searches are many.
- The typo candidates through a GiST index, nearest first (`word <-> typed`), instead of a GIN
  index on `word % typed`: the planner does not know how dear similarity() is, so it read all
  13,000 words at 10,000 organizations (34 ms) rather than the GIN index (2 ms); a nearest-first
  walk stops after its LIMIT however many words there are.
Nothing to do on SQLite.
"""

from django.db import migrations

GIN = [
    "search_document_vector",
    "search_document_heading",
    "search_document_keys",
    "search_document_guide",
]

POSTGRESQL = [
    *(f"ALTER INDEX {index} SET (fastupdate = off)" for index in GIN),
    *(f"SELECT gin_clean_pending_list('{index}'::regclass)" for index in GIN),
    "DROP INDEX IF EXISTS search_word_trigrams",
    "CREATE INDEX search_word_nearest ON search_word USING gist (word gist_trgm_ops)",
    "ANALYZE search_word",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_word_nearest",
    "CREATE INDEX search_word_trigrams ON search_word USING gin (word gin_trgm_ops)",
    *(f"ALTER INDEX {index} SET (fastupdate = on)" for index in GIN),
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0004_bounded_ranking")]

    operations = [migrations.RunPython(run(POSTGRESQL), run(POSTGRESQL_REVERSE))]
