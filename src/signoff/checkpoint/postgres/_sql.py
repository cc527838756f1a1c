"""SQL text shared by the sync and async PostgreSQL savers.

Writes are single statements (data-modifying CTEs; rows as `unnest` of array parameters, or as
one JSON parameter per table, `_codec.as_json`), so a `put`, a `put_writes`, an answer's claim
and a whole batch (`_rows`) are each one round trip, atomic without an explicit transaction.
Reads fetch a checkpoint with its channel values and pending writes in one query, so
`list` costs one query per page, never one per checkpoint.
"""

from __future__ import annotations

from typing import Final

CHECKPOINT_COLUMNS: Final = """
    c.thread_id, c.checkpoint_ns, c.checkpoint_id, c.parent_checkpoint_id,
    c.type, c.checkpoint, c.metadata_type, c.metadata,
    b.channels, b.types, b.blobs,
    w.task_ids, w.channels, w.types, w.blobs
"""

SELECT_CHECKPOINTS: Final = f"""
SELECT {CHECKPOINT_COLUMNS}
FROM signoff_checkpoints c
LEFT JOIN LATERAL (
    SELECT array_agg(bl.channel ORDER BY cv.ord) AS channels,
           array_agg(bl.type ORDER BY cv.ord) AS types,
           array_agg(bl.blob ORDER BY cv.ord) AS blobs
    FROM unnest(c.channels, c.versions) WITH ORDINALITY AS cv(channel, version, ord)
    CROSS JOIN LATERAL (
        SELECT x.channel, x.type, x.blob FROM signoff_blobs x
        WHERE x.thread_id = c.thread_id AND x.checkpoint_ns = c.checkpoint_ns
          AND x.channel = cv.channel AND x.version = cv.version
        LIMIT 1  -- one primary-key lookup per channel, never a scan of the thread's values
    ) bl
) b ON true
LEFT JOIN LATERAL (
    SELECT array_agg(wr.task_id ORDER BY wr.seq) AS task_ids,
           array_agg(wr.channel ORDER BY wr.seq) AS channels,
           array_agg(wr.type ORDER BY wr.seq) AS types,
           array_agg(wr.blob ORDER BY wr.seq) AS blobs
    FROM signoff_writes wr
    WHERE wr.thread_id = c.thread_id AND wr.checkpoint_ns = c.checkpoint_ns
      AND wr.checkpoint_id = c.checkpoint_id
) w ON true
"""
"""Followed by `WHERE ...`, `ORDER BY c.checkpoint_id DESC, ...` and `LIMIT`."""

LIST_ORDER: Final = " ORDER BY c.checkpoint_id DESC, c.thread_id DESC, c.checkpoint_ns DESC"

PUT_CHECKPOINT: Final = """
WITH missing AS (
    SELECT x.channel
    FROM unnest(%(c_channels)s::text[], %(c_versions)s::text[]) AS x(channel, version)
    WHERE NOT EXISTS (
        SELECT 1 FROM signoff_blobs bl
        WHERE bl.thread_id = %(thread_id)s::text AND bl.checkpoint_ns = %(checkpoint_ns)s::text
          AND bl.channel = x.channel AND bl.version = x.version)
), ok AS (
    SELECT NOT EXISTS (SELECT 1 FROM missing) AS ok
), blobs AS (
    INSERT INTO signoff_blobs (thread_id, checkpoint_ns, channel, version, type, blob)
    SELECT %(thread_id)s::text, %(checkpoint_ns)s::text, x.channel, x.version, x.type, x.blob
    FROM unnest(%(b_channels)s::text[], %(b_versions)s::text[], %(b_types)s::text[],
                %(b_blobs)s::bytea[]) AS x(channel, version, type, blob)
    WHERE (SELECT ok FROM ok)
    ON CONFLICT DO NOTHING
), threads AS (
    INSERT INTO signoff_threads (thread_id, checkpoint_id)
    SELECT %(thread_id)s::text, %(checkpoint_id)s::text
    WHERE %(checkpoint_ns)s::text = '' AND (SELECT ok FROM ok)
    ON CONFLICT (thread_id) DO UPDATE
        SET checkpoint_id = excluded.checkpoint_id, updated_at = excluded.updated_at
        WHERE signoff_threads.checkpoint_id <= excluded.checkpoint_id
), dropped AS (
    DELETE FROM signoff_interrupts
    WHERE %(checkpoint_ns)s::text = '' AND thread_id = %(thread_id)s::text
      AND status = 'pending' AND (SELECT ok FROM ok)
), saved AS (
    INSERT INTO signoff_checkpoints (thread_id, checkpoint_ns, checkpoint_id,
        parent_checkpoint_id, type, checkpoint, channels, versions, metadata_type, metadata,
        metadata_json)
    SELECT %(thread_id)s::text, %(checkpoint_ns)s::text, %(checkpoint_id)s::text,
        %(parent_checkpoint_id)s::text, %(type)s::text, %(checkpoint)s::bytea,
        %(channels)s::text[], %(versions)s::text[], %(metadata_type)s::text,
        %(metadata)s::bytea, %(metadata_json)s::jsonb
    WHERE (SELECT ok FROM ok)
    ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id) DO UPDATE SET
        parent_checkpoint_id = excluded.parent_checkpoint_id, type = excluded.type,
        checkpoint = excluded.checkpoint, channels = excluded.channels,
        versions = excluded.versions, metadata_type = excluded.metadata_type,
        metadata = excluded.metadata, metadata_json = excluded.metadata_json
)
SELECT channel FROM missing
"""
"""Stores the checkpoint, its new blobs, moves the thread's latest pointer and drops its pending
interrupts (root namespace) in one statement. Values the checkpoint carries from its parent
(`c_channels`) must already be stored; if any is not (a fork from a pruned checkpoint), nothing is
written and their channels are returned, so the caller retries with those values as blobs."""

PUT_WRITES: Final = """
INSERT INTO signoff_writes (thread_id, checkpoint_ns, checkpoint_id, task_id, write_key,
    task_path, channel, type, blob)
SELECT %(thread_id)s, %(ns)s, %(checkpoint_id)s, %(task_id)s, x.write_key, %(task_path)s,
    x.channel, x.type, x.blob
FROM unnest(%(keys)s::text[], %(channels)s::text[], %(types)s::text[], %(blobs)s::bytea[])
    WITH ORDINALITY AS x(write_key, channel, type, blob, ord)
ORDER BY x.ord
ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, write_key) DO UPDATE SET
    task_path = excluded.task_path, channel = excluded.channel,
    type = excluded.type, blob = excluded.blob
    WHERE excluded.write_key LIKE '\\_\\_%%'
"""
"""Special channels use the channel name as key and are replaced; others (`idx`) are kept."""

UPDATE_INTERRUPT: Final = """
ON CONFLICT (thread_id, interrupt_id) DO UPDATE SET
    checkpoint_ns = excluded.checkpoint_ns, checkpoint_id = excluded.checkpoint_id,
    task_id = excluded.task_id, node = excluded.node, idx = excluded.idx,
    fingerprint = excluded.fingerprint, value_type = excluded.value_type, value = excluded.value,
    schema_type = excluded.schema_type, response_schema = excluded.response_schema,
    graph = excluded.graph, created_at = excluded.created_at, deadline = excluded.deadline,
    default_type = excluded.default_type, default_value = excluded.default_value
    WHERE signoff_interrupts.status = 'pending'
"""
"""An interrupt raised again replaces its pending row; one already answered stays answered."""

PUT_INTERRUPTS: Final = f"""
WITH w AS (
    INSERT INTO signoff_writes (thread_id, checkpoint_ns, checkpoint_id, task_id, write_key,
        task_path, channel, type, blob)
    VALUES (%(thread_id)s, %(ns)s, %(checkpoint_id)s, %(task_id)s, '__interrupt__', '',
        '__interrupt__', %(w_type)s, %(w_blob)s)
    ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, write_key) DO UPDATE SET
        type = excluded.type, blob = excluded.blob
)
INSERT INTO signoff_interrupts
SELECT * FROM json_populate_recordset(NULL::signoff_interrupts, %(interrupts)s::json)
WHERE %(index)s
{UPDATE_INTERRUPT}"""
"""Replaces the task's `__interrupt__` write and indexes the records (root namespace only)."""

INDEX_INTERRUPTS: Final = f"""
WITH c AS (
    SELECT 1 FROM signoff_checkpoints
    WHERE thread_id = %(thread_id)s AND checkpoint_ns = %(ns)s AND checkpoint_id = %(checkpoint_id)s
), i AS (
    INSERT INTO signoff_interrupts
    SELECT * FROM json_populate_recordset(NULL::signoff_interrupts, %(interrupts)s::json)
    WHERE %(index)s AND EXISTS (SELECT 1 FROM c)
    {UPDATE_INTERRUPT})
SELECT count(*) FROM c"""
"""Indexes the records (root namespace only) without a write; a row if the checkpoint exists."""

CLAIM_ANSWERS: Final = """
WITH given AS (
    SELECT * FROM json_populate_recordset(NULL::signoff_answers, %(answers)s::json)
        WITH ORDINALITY
), asked AS (
    SELECT i.interrupt_id, i.status = 'pending' AS pending FROM signoff_interrupts i
    WHERE i.thread_id = %(thread_id)s AND i.checkpoint_id = %(checkpoint_id)s
      AND i.interrupt_id = ANY(%(ids)s::text[])
    ORDER BY i.interrupt_id
    FOR UPDATE
), ok AS (
    SELECT count(*) FILTER (WHERE pending) = cardinality(%(ids)s::text[]) AS ok FROM asked
), claimed AS (
    UPDATE signoff_interrupts SET status = 'answered', answered_at = %(now)s
    WHERE thread_id = %(thread_id)s AND checkpoint_id = %(checkpoint_id)s
      AND interrupt_id = ANY(%(ids)s::text[]) AND status = 'pending' AND (SELECT ok FROM ok)
), audit AS (
    INSERT INTO signoff_answers (thread_id, checkpoint_ns, checkpoint_id, task_id, interrupt_id,
        value_type, value, answered_by, answered_at, fingerprint, node)
    SELECT thread_id, checkpoint_ns, checkpoint_id, task_id, interrupt_id, value_type, value,
        answered_by, coalesce(answered_at, %(now)s), fingerprint, node
    FROM given
    WHERE (SELECT ok FROM ok)
    ORDER BY ordinality
), resumed AS (
    INSERT INTO signoff_writes (thread_id, checkpoint_ns, checkpoint_id, task_id, write_key,
        task_path, channel, type, blob)
    SELECT thread_id, checkpoint_ns, checkpoint_id, task_id, write_key, task_path, channel,
        type, blob
    FROM json_populate_recordset(NULL::signoff_writes, %(resumes)s::json) WITH ORDINALITY
    WHERE (SELECT ok FROM ok)
    ORDER BY ordinality
    ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, write_key) DO UPDATE SET
        type = excluded.type, blob = excluded.blob
)
SELECT interrupt_id FROM asked WHERE pending
"""
"""Claims the interrupts and records the answers (audit rows and `__resume__` writes), all or
nothing, in one statement, so one round trip and one commit. The asked rows are locked first (in
id order, so two claims of overlapping sets cannot deadlock): of concurrent claimants, the first
locks them and the others, once it commits, see them answered. Nothing is written unless every
asked interrupt was pending; the pending ones are returned, so the caller names one that was not."""

PENDING_COLUMNS: Final = """
    i.thread_id, i.checkpoint_ns, i.checkpoint_id, i.task_id, i.interrupt_id, i.node,
    i.value_type, i.value, i.idx, i.fingerprint, i.schema_type, i.response_schema, i.graph,
    i.created_at, i.deadline, i.default_type, i.default_value
"""

PENDING_KEY: Final = "(coalesce(i.created_at, '-infinity'), i.interrupt_id, i.thread_id)"

PENDING_CURSOR: Final = f"""
WITH cur AS (
    SELECT coalesce(i.created_at, '-infinity') AS c, i.interrupt_id AS iid, i.thread_id AS tid
    FROM signoff_interrupts i
    WHERE i.interrupt_id = %(cursor)s {{cursor_thread}}
    ORDER BY 1, 2, 3 LIMIT 1
)
SELECT {PENDING_COLUMNS} FROM signoff_interrupts i
WHERE i.status = 'pending' {{where}}
  AND (NOT EXISTS (SELECT 1 FROM cur) OR {PENDING_KEY} > (SELECT c, iid, tid FROM cur))
ORDER BY {PENDING_KEY}
"""
"""Format with `where`/`cursor_thread` (fixed SQL fragments only); a cursor not found reads from
the start, like the in-memory saver."""

SELECT_ANSWERS: Final = """
SELECT thread_id, checkpoint_ns, checkpoint_id, task_id, interrupt_id, value_type, value,
    answered_by, answered_at, fingerprint, node
FROM signoff_answers WHERE thread_id = %s ORDER BY seq
"""

DELETE_THREAD: Final = """
WITH c AS (DELETE FROM signoff_checkpoints WHERE thread_id = %(thread_id)s),
     b AS (DELETE FROM signoff_blobs WHERE thread_id = %(thread_id)s),
     a AS (DELETE FROM signoff_answers WHERE thread_id = %(thread_id)s),
     w AS (DELETE FROM signoff_writes WHERE thread_id = %(thread_id)s),
     i AS (DELETE FROM signoff_interrupts WHERE thread_id = %(thread_id)s)
DELETE FROM signoff_threads WHERE thread_id = %(thread_id)s
"""

PRUNE_ROWS: Final = """
SELECT checkpoint_ns, checkpoint_id, parent_checkpoint_id,
    CASE WHEN jsonb_typeof(metadata_json -> 'parents') = 'object'
         THEN metadata_json -> 'parents' END
FROM signoff_checkpoints WHERE thread_id = %(thread_id)s
ORDER BY checkpoint_ns, checkpoint_id DESC
FOR UPDATE
"""

PRUNE_PINNED: Final = """
SELECT checkpoint_ns, checkpoint_id FROM signoff_interrupts
WHERE thread_id = %(thread_id)s AND status = 'pending'
"""

PRUNE_DELETE: Final = """
WITH gone AS (
    SELECT * FROM unnest(%(gone_ns)s::text[], %(gone_ids)s::text[]) AS g(ns, id)
), checkpoints AS (
    DELETE FROM signoff_checkpoints c USING gone g
    WHERE c.thread_id = %(thread_id)s AND c.checkpoint_ns = g.ns AND c.checkpoint_id = g.id
), interrupts AS (
    DELETE FROM signoff_interrupts i USING gone g
    WHERE i.thread_id = %(thread_id)s AND i.checkpoint_ns = g.ns AND i.checkpoint_id = g.id
)
UPDATE signoff_checkpoints c SET parent_checkpoint_id = NULL
FROM unnest(%(cut_ns)s::text[], %(cut_ids)s::text[]) AS k(ns, id)
WHERE c.thread_id = %(thread_id)s AND c.checkpoint_ns = k.ns AND c.checkpoint_id = k.id
"""
"""Drops checkpoints (their writes go by cascade) and cuts kept checkpoints' links to them."""

COLLECT_BLOBS: Final = """
DELETE FROM signoff_blobs b
WHERE b.thread_id = %(thread_id)s AND NOT EXISTS (
    SELECT 1 FROM signoff_checkpoints c, unnest(c.channels, c.versions) AS cv(channel, version)
    WHERE c.thread_id = b.thread_id AND c.checkpoint_ns = b.checkpoint_ns
      AND cv.channel = b.channel AND cv.version = b.version)
"""

LIST_THREADS: Final = """
SELECT * FROM (
    SELECT t.thread_id, t.checkpoint_id, t.updated_at, c.metadata_type, c.metadata,
        CASE
            WHEN EXISTS (SELECT 1 FROM signoff_interrupts i
                         WHERE i.thread_id = t.thread_id AND i.status = 'pending')
                THEN 'interrupted'
            WHEN EXISTS (SELECT 1 FROM signoff_writes w
                         WHERE w.thread_id = t.thread_id AND w.checkpoint_ns = ''
                           AND w.checkpoint_id = t.checkpoint_id AND w.channel = '__error__')
                THEN 'error'
            ELSE 'idle'
        END AS status
    FROM signoff_threads t
    JOIN signoff_checkpoints c ON c.thread_id = t.thread_id AND c.checkpoint_ns = ''
     AND c.checkpoint_id = t.checkpoint_id
) s
WHERE %(status)s::text IS NULL OR s.status = %(status)s::text
ORDER BY s.checkpoint_id DESC, s.thread_id
"""
