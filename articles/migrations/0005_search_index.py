"""The full-text index behind reader search, which each database builds its own way.

SQLite: an FTS5 table over articles_searchentry (external content: it stores only the
index) kept in step by triggers. PostgreSQL: a GIN index on the weighted `vector`, which
existing entries get here. Neither is model state, so nothing else changes.

On SQLite, a later migration that rebuilds articles_searchentry (Django copies the table
to alter most columns) drops these triggers with it; such a migration must recreate them.
"""
from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE articles_searchentry_fts USING fts5(
        headline, standfirst, body, shows,
        content='articles_searchentry', content_rowid='article_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER articles_searchentry_fts_insert AFTER INSERT ON articles_searchentry BEGIN
        INSERT INTO articles_searchentry_fts(rowid, headline, standfirst, body, shows)
        VALUES (new.article_id, new.headline, new.standfirst, new.body, new.shows);
    END
    """,
    """
    CREATE TRIGGER articles_searchentry_fts_delete AFTER DELETE ON articles_searchentry BEGIN
        INSERT INTO articles_searchentry_fts(
            articles_searchentry_fts, rowid, headline, standfirst, body, shows
        ) VALUES ('delete', old.article_id, old.headline, old.standfirst, old.body, old.shows);
    END
    """,
    """
    CREATE TRIGGER articles_searchentry_fts_update AFTER UPDATE ON articles_searchentry BEGIN
        INSERT INTO articles_searchentry_fts(
            articles_searchentry_fts, rowid, headline, standfirst, body, shows
        ) VALUES ('delete', old.article_id, old.headline, old.standfirst, old.body, old.shows);
        INSERT INTO articles_searchentry_fts(rowid, headline, standfirst, body, shows)
        VALUES (new.article_id, new.headline, new.standfirst, new.body, new.shows);
    END
    """,
    # Entries written before this migration.
    "INSERT INTO articles_searchentry_fts(articles_searchentry_fts) VALUES ('rebuild')",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS articles_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS articles_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS articles_searchentry_fts_update",
    "DROP TABLE IF EXISTS articles_searchentry_fts",
]

POSTGRESQL_CREATE = [
    # The same weights as articles.search.index_article: headline and shows A,
    # standfirst B, body C.
    """
    UPDATE articles_searchentry SET vector =
        setweight(to_tsvector('english', coalesce(headline, '') || ' ' || coalesce(shows, '')), 'A')
        || setweight(to_tsvector('english', coalesce(standfirst, '')), 'B')
        || setweight(to_tsvector('english', coalesce(body, '')), 'C')
    """,
    "CREATE INDEX articles_searchentry_vector_gin ON articles_searchentry USING gin (vector)",
]

POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS articles_searchentry_vector_gin",
    "UPDATE articles_searchentry SET vector = NULL",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_CREATE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_CREATE)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_DROP)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_show_roles")]

    operations = [migrations.RunPython(create_index, drop_index)]
