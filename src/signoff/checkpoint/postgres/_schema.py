"""The PostgreSQL schema and its forward migrations.

Tables live in the connection's current schema (its `search_path`), so one database can hold several
independent stores. Every name carries a `signoff_` prefix so the tables can sit beside LangGraph's
own `checkpoints` tables in a database being migrated.

`setup()` runs under a transaction-scoped advisory lock keyed by the current schema, so many
processes may call it at once: one applies the missing migrations, the others then find them applied.
A database stamped with a version newer than `LATEST_VERSION` is refused before anything is written.

Layout, in short: a checkpoint row references its channel values by `(channel, version)` pairs
(`channels[i]`, `versions[i]`); each value is a `signoff_blobs` row written once. Interrupt rows stay
after they are answered (`status = 'answered'`) so a pagination cursor naming one still has a place;
pending ones sit in a partial index, so inbox queries cost O(pending). `signoff_threads` keeps each
thread's latest root checkpoint so listing threads does not scan history.
"""

from __future__ import annotations

from typing import Final

VERSION_TABLE: Final = "signoff_schema_version"

LOCK_SQL: Final = "SELECT pg_advisory_xact_lock(hashtext('signoff.setup:' || current_schema()))"

CREATE_VERSION_TABLE: Final = f"""
CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
)"""

CURRENT_VERSION_SQL: Final = f"SELECT coalesce(max(version), 0) FROM {VERSION_TABLE}"

STAMP_SQL: Final = f"INSERT INTO {VERSION_TABLE} (version) VALUES (%s)"

_V1: Final = (
    """
    CREATE TABLE signoff_checkpoints (
        thread_id text NOT NULL,
        checkpoint_ns text NOT NULL,
        checkpoint_id text NOT NULL,
        parent_checkpoint_id text,
        type text NOT NULL,
        checkpoint bytea NOT NULL,
        channels text[] NOT NULL,
        versions text[] NOT NULL,
        metadata_type text NOT NULL,
        metadata bytea NOT NULL,
        metadata_json jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id)
    )""",
    """
    CREATE TABLE signoff_blobs (
        thread_id text NOT NULL,
        checkpoint_ns text NOT NULL,
        channel text NOT NULL,
        version text NOT NULL,
        type text NOT NULL,
        blob bytea,
        PRIMARY KEY (thread_id, checkpoint_ns, channel, version)
    )""",
    """
    CREATE TABLE signoff_writes (
        thread_id text NOT NULL,
        checkpoint_ns text NOT NULL,
        checkpoint_id text NOT NULL,
        task_id text NOT NULL,
        write_key text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        task_path text NOT NULL,
        channel text NOT NULL,
        type text NOT NULL,
        blob bytea,
        PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, write_key),
        FOREIGN KEY (thread_id, checkpoint_ns, checkpoint_id)
            REFERENCES signoff_checkpoints ON DELETE CASCADE
    )""",
    """
    CREATE TABLE signoff_interrupts (
        thread_id text NOT NULL,
        interrupt_id text NOT NULL,
        checkpoint_ns text NOT NULL,
        checkpoint_id text NOT NULL,
        task_id text NOT NULL,
        node text NOT NULL,
        idx integer NOT NULL,
        fingerprint text NOT NULL,
        value_type text NOT NULL,
        value bytea,
        schema_type text,
        response_schema bytea,
        graph text,
        created_at timestamptz,
        deadline timestamptz,
        default_type text,
        default_value bytea,
        status text NOT NULL DEFAULT 'pending',
        answered_at timestamptz,
        PRIMARY KEY (thread_id, interrupt_id)
    )""",
    """
    CREATE INDEX signoff_interrupts_pending
        ON signoff_interrupts ((coalesce(created_at, '-infinity')), interrupt_id, thread_id)
        WHERE status = 'pending'
    """,
    "CREATE INDEX signoff_interrupts_id ON signoff_interrupts (interrupt_id)",
    """
    CREATE TABLE signoff_answers (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        thread_id text NOT NULL,
        checkpoint_ns text NOT NULL,
        checkpoint_id text NOT NULL,
        task_id text NOT NULL,
        interrupt_id text NOT NULL,
        value_type text NOT NULL,
        value bytea,
        answered_by text,
        answered_at timestamptz NOT NULL,
        fingerprint text NOT NULL,
        node text NOT NULL
    )""",
    "CREATE INDEX signoff_answers_thread ON signoff_answers (thread_id, seq)",
    """
    CREATE TABLE signoff_threads (
        thread_id text PRIMARY KEY,
        checkpoint_id text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX signoff_threads_latest ON signoff_threads (checkpoint_id)",
)

MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (_V1,)
"""Migration `i` (0-based) brings the schema from version `i` to `i + 1`. Append only."""

LATEST_VERSION: Final = len(MIGRATIONS)

TABLES: Final = (
    "signoff_checkpoints",
    "signoff_blobs",
    "signoff_writes",
    "signoff_interrupts",
    "signoff_answers",
    "signoff_threads",
)


def pending_migrations(current: int) -> list[tuple[int, tuple[str, ...]]]:
    """The migrations to apply to a schema at version `current`, as (target version, statements)."""
    return [(i + 1, stmts) for i, stmts in enumerate(MIGRATIONS) if i >= current]
