"""`list(...)` as keyset-paginated pages: one query per page of up to `PAGE_SIZE` checkpoints.

Each page's query brings the checkpoints with their channel values and pending writes, so the cost
is a fixed number of queries per page, never one per checkpoint. Metadata filters run in SQL where
JSON decides them exactly as Python equality would (strings, numbers, None); every filter key is
checked again in Python on the decoded metadata, which also covers values JSON cannot hold.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from signoff.checkpoint.base import CheckpointTuple, RunnableConfig, get_checkpoint_id
from signoff.checkpoint.postgres import _codec, _sql
from signoff.checkpoint.postgres._ops import Op, Stmt
from signoff.checkpoint.serde import Serializer

PAGE_SIZE = 100


def _sql_comparable(value: Any) -> bool:
    """Whether jsonb equality in SQL agrees with Python `==` for this filter value."""
    if value is None:
        return True
    if isinstance(value, str):
        return "\x00" not in value  # jsonb cannot hold NUL
    if isinstance(value, bool):
        return False  # Python: True == 1; jsonb: true != 1
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value)


class ListQuery:
    """The state of one `list(...)` call between pages; `done` once nothing more can match."""

    def __init__(
        self,
        config: RunnableConfig | None,
        filter: Mapping[str, Any] | None,
        before: RunnableConfig | None,
        limit: int | None,
    ) -> None:
        self._conditions: list[str] = []
        self._params: list[Any] = []
        configurable = (config or {}).get("configurable", {})
        for key in ("thread_id", "checkpoint_ns", "checkpoint_id"):
            value = configurable.get(key)
            if value is not None and (key != "checkpoint_id" or value):
                self._where(f"c.{key} = %s", str(value))
        before_id = get_checkpoint_id(before) if before else None
        if before_id:
            self._where("c.checkpoint_id < %s", before_id)
        self._filter = dict(filter or {})
        self._exact = True
        for key, value in self._filter.items():
            if isinstance(key, str) and _sql_comparable(value):
                where = "coalesce(c.metadata_json -> %s::text, 'null'::jsonb) = %s::jsonb"
                self._where(where, key, json.dumps(value))
            else:
                self._exact = False
        self._remaining = limit
        self._after: tuple[str, str, str] | None = None
        self.done = limit is not None and limit <= 0

    def _where(self, condition: str, *params: Any) -> None:
        self._conditions.append(condition)
        self._params.extend(params)

    def next_page(self, serde: Serializer) -> Op[list[CheckpointTuple]]:
        """The next page's matches (possibly none while `done` is still False)."""
        if self.done:
            return []
        conditions, params = list(self._conditions), list(self._params)
        if self._after is not None:
            conditions.append("(c.checkpoint_id, c.thread_id, c.checkpoint_ns) < (%s, %s, %s)")
            params += list(self._after)
        size = PAGE_SIZE
        if self._remaining is not None and self._exact:
            size = min(PAGE_SIZE, self._remaining)
        where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
        rows = yield Stmt(f"{_sql.SELECT_CHECKPOINTS}{where}{_sql.LIST_ORDER} LIMIT {size}", params)
        if rows:
            self._after = (rows[-1][2], rows[-1][0], rows[-1][1])
        found = [_codec.decode_checkpoint(serde, row) for row in rows]
        if not self._exact:
            found = [t for t in found if self._matches(t)]
        if self._remaining is not None:
            found = found[: self._remaining]
            self._remaining -= len(found)
        self.done = len(rows) < size or self._remaining == 0
        return found

    def _matches(self, t: CheckpointTuple) -> bool:
        metadata: Mapping[str, Any] = t.metadata
        return all(metadata.get(k) == v for k, v in self._filter.items())
