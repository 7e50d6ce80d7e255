"""The database's own search indexes, for the documents of migration 0001.

PostgreSQL: the unaccent and pg_trgm extensions, stemming configurations that unaccent first,
a GIN index on the weighted tsvector and a trigram GIN index on the words.
SQLite: FTS5 tables over the documents (words) and the words (trigrams), kept in step with
their tables by triggers. Each part does nothing on the other database.
"""

from django.db import migrations

LANGUAGES = ["en", "nl", "ar", "fa", "ti", "tr", "uk", "so"]
CONFIGS = {
    "search_english": "english_stem",
    "search_dutch": "dutch_stem",
    "search_turkish": "turkish_stem",
    "search_arabic": "arabic_stem",
}

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        statement
        for config, stemmer in CONFIGS.items()
        for statement in (
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}",
            f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = simple)",
            f"ALTER TEXT SEARCH CONFIGURATION {config} ALTER MAPPING FOR "
            f"asciiword, asciihword, hword_asciipart, word, hword, hword_part "
            f"WITH unaccent, {stemmer}",
        )
    ),
    "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
    "CREATE INDEX search_word_trigrams ON search_word USING gin (word gin_trgm_ops)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_word_trigrams",
    "DROP INDEX IF EXISTS search_document_vector",
    *(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}" for config in CONFIGS),
]

COLUMNS = ["keys", "names", *(f"text_{code}" for code in LANGUAGES)]
NEW = ", ".join(f"new.{column}" for column in COLUMNS)
OLD = ", ".join(f"old.{column}" for column in COLUMNS)
SQLITE = [
    f"CREATE VIRTUAL TABLE search_fts USING fts5({', '.join(COLUMNS)}, "
    "content='search_document', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN "
    f"INSERT INTO search_fts(rowid, {', '.join(COLUMNS)}) VALUES (new.id, {NEW}); END",
    "CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {', '.join(COLUMNS)}) "
    f"VALUES ('delete', old.id, {OLD}); END",
    "CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {', '.join(COLUMNS)}) "
    f"VALUES ('delete', old.id, {OLD}); "
    f"INSERT INTO search_fts(rowid, {', '.join(COLUMNS)}) VALUES (new.id, {NEW}); END",
    "CREATE VIRTUAL TABLE search_word_fts USING fts5(word, content='search_word', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER search_word_ai AFTER INSERT ON search_word BEGIN "
    "INSERT INTO search_word_fts(rowid, word) VALUES (new.id, new.word); END",
    "CREATE TRIGGER search_word_ad AFTER DELETE ON search_word BEGIN "
    "INSERT INTO search_word_fts(search_word_fts, rowid, word) "
    "VALUES ('delete', old.id, old.word); END",
    "CREATE TRIGGER search_word_au AFTER UPDATE ON search_word BEGIN "
    "INSERT INTO search_word_fts(search_word_fts, rowid, word) "
    "VALUES ('delete', old.id, old.word); "
    "INSERT INTO search_word_fts(rowid, word) VALUES (new.id, new.word); END",
]
SQLITE_REVERSE = [
    *(
        f"DROP TRIGGER IF EXISTS {name}"
        for name in ("search_document_ai", "search_document_ad", "search_document_au")
    ),
    *(f"DROP TRIGGER IF EXISTS {name}" for name in ("search_word_ai", "search_word_ad", "search_word_au")),
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_word_fts",
]


def run(statements):
    def operation(apps, schema_editor):
        statements_for = statements.get(schema_editor.connection.vendor, [])
        for statement in statements_for:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_documents_and_search_words")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
