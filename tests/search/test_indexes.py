"""The database's search indexes answer as they should however many entries share a word."""

import pytest
from django.db import connection

from search.models import Word
from search.query import Search

pytestmark = pytest.mark.django_db


def test_a_typo_finds_its_word_among_a_hundred_that_look_alike():
    """The typo check asks for the words nearest the one typed, not any forty that look alike:
    with a hundred "immigratie..." words written before it, "immigration" is still offered."""
    Word.objects.filter(word="immigration").delete()
    Word.objects.bulk_create(
        Word(word=f"immigratie{n:03}", label=f"Immigratie {n:03}") for n in range(120)
    )
    Word.objects.create(word="immigration", label="immigration")

    assert Search("imigration").corrections["imigration"][0] == "immigration"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own indexes")
def test_search_indexes_keep_no_list_of_entries_waiting_to_be_merged():
    """A GIN index with `fastupdate` keeps new entries in a list that every search reads in
    full until a VACUUM: after a bulk import, every entry (search/migrations/0005)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'gin' AND c.relname LIKE 'search_%%'"
        )
        options = dict(cursor.fetchall())
    assert set(options) == {
        "search_document_vector",
        "search_document_heading",
        "search_document_keys",
        "search_document_guide",
    }
    assert all(option == ["fastupdate=off"] for option in options.values())
