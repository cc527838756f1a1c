"""Checkpoint ids: UUIDv6-shaped, and their string order is the order they were made in, within a
process and across processes (savers find a thread's latest checkpoint by the greatest id)."""

from __future__ import annotations

import subprocess
import sys
import uuid

from signoff.checkpoint.base import new_checkpoint_id


def test_ids_are_version_6_uuids_with_the_rfc_variant() -> None:
    for text in (new_checkpoint_id() for _ in range(100)):
        parsed = uuid.UUID(text)
        assert str(parsed) == text
        assert parsed.version == 6
        assert parsed.variant == uuid.RFC_4122


def test_ids_made_in_a_row_are_distinct_and_increasing() -> None:
    ids = [new_checkpoint_id() for _ in range(2000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_an_id_made_in_another_process_later_sorts_between() -> None:
    before = new_checkpoint_id()
    code = "from signoff.checkpoint.base import new_checkpoint_id; print(new_checkpoint_id())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    child = done.stdout.strip()
    after = new_checkpoint_id()
    assert before < child < after
