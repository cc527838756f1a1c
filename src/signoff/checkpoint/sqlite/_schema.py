"""The SQLite schema and its forward migrations.

Every table carries a `signoff_` prefix so a file that already holds LangGraph's `checkpoints` and
`writes` tables is never mistaken for ours.

Layout (why it is shaped this way):

- `signoff_checkpoints`: one small row per checkpoint. Channel *values* are not in it, only the
  version of each channel (`channel_versions`, JSON), so a step that changes one small key of a big
  state writes a few hundred bytes. The primary key `(thread_id, checkpoint_ns, checkpoint_id)`
  makes "latest checkpoint" one index search (ids sort by creation time).
- `signoff_blobs`: a channel's value, written once per `(thread, ns, channel, version)`.
- `signoff_writes`: pending writes of a checkpoint's tasks, keyed by checkpoint, task and
  `write_key` (the write's index or, for special channels, the channel, so they replace); `seq`
  keeps the order they were put in (v3: the table is its key, no separate unique index).
- `signoff_interrupts`: raised interrupts, keyed by (thread, interrupt id). A pending one has
  `answered_at` NULL and sits in a partial index, so an inbox query is O(pending); an answered
  one stays (until its checkpoint is pruned or the thread deleted) so a pagination cursor naming
  it keeps its place.
- `signoff_answers`: every answer ever given, kept for the audit trail when checkpoints are pruned.
- `signoff_threads`: the latest root checkpoint of each thread, for listing threads in O(threads).
"""

from __future__ import annotations

from typing import Final

VERSION_TABLE: Final = "signoff_schema_version"

CREATE_VERSION_TABLE: Final = f"""
CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
)"""

CURRENT_VERSION_SQL: Final = f"SELECT coalesce(max(version), 0) FROM {VERSION_TABLE}"

STAMP_SQL: Final = f"INSERT INTO {VERSION_TABLE} (version) VALUES (?)"

_V1: Final = (
    """
    CREATE TABLE signoff_checkpoints (
        thread_id TEXT NOT NULL,
        checkpoint_ns TEXT NOT NULL,
        checkpoint_id TEXT NOT NULL,
        parent_checkpoint_id TEXT,
        channel_versions TEXT NOT NULL,
        type TEXT NOT NULL,
        checkpoint BLOB NOT NULL,
        metadata_type TEXT NOT NULL,
        metadata BLOB NOT NULL,
        metadata_json TEXT NOT NULL,
        PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id)
    )""",
    """
    CREATE TABLE signoff_blobs (
        thread_id TEXT NOT NULL,
        checkpoint_ns TEXT NOT NULL,
        channel TEXT NOT NULL,
        version TEXT NOT NULL,
        type TEXT NOT NULL,
        blob BLOB,
        PRIMARY KEY (thread_id, checkpoint_ns, channel, version)
    ) WITHOUT ROWID""",
    """
    CREATE TABLE signoff_writes (
        seq INTEGER PRIMARY KEY,
        thread_id TEXT NOT NULL,
        checkpoint_ns TEXT NOT NULL,
        checkpoint_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        write_key TEXT NOT NULL,
        task_path TEXT NOT NULL,
        channel TEXT NOT NULL,
        type TEXT NOT NULL,
        blob BLOB,
        UNIQUE (thread_id, checkpoint_ns, checkpoint_id, task_id, write_key)
    )""",
    """
    CREATE TABLE signoff_interrupts (
        thread_id TEXT NOT NULL,
        interrupt_id TEXT NOT NULL,
        checkpoint_ns TEXT NOT NULL,
        checkpoint_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        node TEXT NOT NULL,
        idx INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        value_type TEXT NOT NULL,
        value BLOB,
        schema_type TEXT,
        response_schema BLOB,
        graph TEXT,
        created_at TEXT,
        created_key INTEGER,
        deadline TEXT,
        default_type TEXT,
        default_value BLOB,
        PRIMARY KEY (thread_id, interrupt_id)
    )""",
    "CREATE INDEX signoff_interrupts_order ON signoff_interrupts (created_key, interrupt_id)",
    """
    CREATE TABLE signoff_answers (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        thread_id TEXT NOT NULL,
        checkpoint_ns TEXT NOT NULL,
        checkpoint_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        interrupt_id TEXT NOT NULL,
        value_type TEXT NOT NULL,
        value BLOB,
        answered_by TEXT,
        answered_at TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        node TEXT NOT NULL
    )""",
    "CREATE INDEX signoff_answers_thread ON signoff_answers (thread_id, interrupt_id)",
    """
    CREATE TABLE signoff_threads (
        thread_id TEXT PRIMARY KEY,
        checkpoint_id TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) WITHOUT ROWID""",
)

_V2: Final = (
    # Answered interrupts stay as rows with `answered_at` set; `created_key` is never NULL (the
    # smallest integer stands for "no time"), so (created_key, interrupt_id, thread_id) orders and
    # pages every row exactly.
    "ALTER TABLE signoff_interrupts ADD COLUMN answered_at TEXT",
    f"UPDATE signoff_interrupts SET created_key = {-(2**63)} WHERE created_key IS NULL",
    "DROP INDEX signoff_interrupts_order",
    """
    CREATE INDEX signoff_interrupts_pending
        ON signoff_interrupts (created_key, interrupt_id, thread_id) WHERE answered_at IS NULL""",
    "CREATE INDEX signoff_interrupts_id ON signoff_interrupts (interrupt_id)",
)

_INTERRUPT_TABLE_COLUMNS: Final = """
    thread_id TEXT NOT NULL,
    interrupt_id TEXT NOT NULL,
    checkpoint_ns TEXT NOT NULL,
    checkpoint_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    node TEXT NOT NULL,
    idx INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    value_type TEXT NOT NULL,
    value BLOB,
    schema_type TEXT,
    response_schema BLOB,
    graph TEXT,
    created_at TEXT,
    created_key INTEGER,
    deadline TEXT,
    default_type TEXT,
    default_value BLOB,
    answered_at TEXT"""
_INTERRUPT_NAMES: Final = (
    "thread_id, interrupt_id, checkpoint_ns, checkpoint_id, task_id, node, idx, fingerprint, "
    "value_type, value, schema_type, response_schema, graph, created_at, created_key, deadline, "
    "default_type, default_value, answered_at"
)
_WRITE_NAMES: Final = (
    "thread_id, checkpoint_ns, checkpoint_id, task_id, write_key, seq, "
    "task_path, channel, type, blob"
)
_ANSWER_NAMES: Final = (
    "seq, thread_id, checkpoint_ns, checkpoint_id, task_id, interrupt_id, value_type, value, "
    "answered_by, answered_at, fingerprint, node"
)

_V3: Final = (
    # Fewer b-trees, so a commit writes fewer pages. `signoff_writes` is keyed by its unique key
    # (it needed a separate unique index); `seq` still orders a checkpoint's writes (`_rows`).
    """
    CREATE TABLE signoff_writes_v3 (
        thread_id TEXT NOT NULL,
        checkpoint_ns TEXT NOT NULL,
        checkpoint_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        write_key TEXT NOT NULL,
        seq INTEGER NOT NULL,
        task_path TEXT NOT NULL,
        channel TEXT NOT NULL,
        type TEXT NOT NULL,
        blob BLOB,
        PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, write_key)
    ) WITHOUT ROWID""",
    f"INSERT INTO signoff_writes_v3 ({_WRITE_NAMES}) SELECT {_WRITE_NAMES} FROM signoff_writes",
    "DROP TABLE signoff_writes",
    "ALTER TABLE signoff_writes_v3 RENAME TO signoff_writes",
    # Interrupts: the table is its primary key (no rowid b-tree beside it).
    f"""
    CREATE TABLE signoff_interrupts_v3 ({_INTERRUPT_TABLE_COLUMNS},
        PRIMARY KEY (thread_id, interrupt_id)
    ) WITHOUT ROWID""",
    f"INSERT INTO signoff_interrupts_v3 ({_INTERRUPT_NAMES}) "
    f"SELECT {_INTERRUPT_NAMES} FROM signoff_interrupts",
    "DROP TABLE signoff_interrupts",
    "ALTER TABLE signoff_interrupts_v3 RENAME TO signoff_interrupts",
    """
    CREATE INDEX signoff_interrupts_pending
        ON signoff_interrupts (created_key, interrupt_id, thread_id) WHERE answered_at IS NULL""",
    "CREATE INDEX signoff_interrupts_id ON signoff_interrupts (interrupt_id)",
    # Answers: a plain rowid `seq` (still increasing: a new row's rowid is above every stored
    # one), without AUTOINCREMENT's extra `sqlite_sequence` page on every insert.
    """
    CREATE TABLE signoff_answers_v3 (
        seq INTEGER PRIMARY KEY,
        thread_id TEXT NOT NULL,
        checkpoint_ns TEXT NOT NULL,
        checkpoint_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        interrupt_id TEXT NOT NULL,
        value_type TEXT NOT NULL,
        value BLOB,
        answered_by TEXT,
        answered_at TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        node TEXT NOT NULL
    )""",
    f"INSERT INTO signoff_answers_v3 ({_ANSWER_NAMES}) SELECT {_ANSWER_NAMES} FROM signoff_answers",
    "DROP TABLE signoff_answers",
    "ALTER TABLE signoff_answers_v3 RENAME TO signoff_answers",
    "CREATE INDEX signoff_answers_thread ON signoff_answers (thread_id, interrupt_id)",
)

MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (_V1, _V2, _V3)
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
