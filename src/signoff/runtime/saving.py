"""The checkpoint side of a run: start and store a checkpoint after each superstep, report the
run's values, and decide static breakpoints. Mixed into `Run` (`runtime/loop.py`)."""

from __future__ import annotations

from collections.abc import Collection, Generator, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, cast

from signoff.channels import MISSING, BaseChannel
from signoff.checkpoint.base import (
    CHECKPOINT_FORMAT,
    BaseCheckpointSaver,
    Checkpoint,
    CheckpointMetadata,
    RunnableConfig,
    StepWrites,
    new_checkpoint_id,
)
from signoff.constants import INTERRUPT
from signoff.runtime.apply import SPECIAL, apply_writes
from signoff.runtime.effects import Call, Effect
from signoff.runtime.plan import Task
from signoff.runtime.stream import Emitter

if TYPE_CHECKING:
    from signoff.runtime.loop import Run

_OWN_METADATA = frozenset(
    {
        "source",
        "step",
        "parents",
        "thread_id",
        "checkpoint_id",
        "checkpoint_ns",
        "checkpoint_map",
        "langgraph_step",
        "langgraph_node",
        "langgraph_triggers",
        "langgraph_path",
        "langgraph_checkpoint_ns",
    }
)


def carried_metadata(config: RunnableConfig) -> dict[str, Any]:
    """What each checkpoint's metadata carries from the run config, as in LangGraph: every
    `metadata` entry and the scalar `configurable` values, but not ids or private keys."""
    extra: dict[str, Any] = {}
    for source in (config.get("metadata"), config.get("configurable")):
        for key, value in (source or {}).items():
            if key in extra or key in _OWN_METADATA or key.startswith("__"):
                continue
            if isinstance(value, str):
                extra[key] = value.replace("\x00", "")
            elif isinstance(value, (int, float, bool)):
                extra[key] = value
    return extra


class CheckpointSaving:
    """Checkpoints and output of one run; the state it works on is `Run`'s."""

    graph: Any
    saver: BaseCheckpointSaver | None
    emitter: Emitter
    config: RunnableConfig
    thread_id: str | None
    checkpoint_ns: str
    checkpoint: Checkpoint
    checkpoint_config: RunnableConfig | None
    parent_config: RunnableConfig | None
    metadata: CheckpointMetadata
    extra_metadata: dict[str, Any]
    parents: dict[str, str]
    pending: list[tuple[str, str, Any]]
    channels: dict[str, BaseChannel]
    step: int
    updated: Collection[str] | None
    unsaved: frozenset[str] = frozenset()
    """Channels an update given on resume (`Command(update=...)`, stored as pending writes)
    changed: the next checkpoint stores their values too, not only the step's."""
    output: Any
    has_output: bool

    def next_version(self, current: Any, channel: str) -> Any:
        if self.saver is None:
            return 1 if current is None else current + 1
        return self.saver.get_next_version(current, channel)

    def config_now(self) -> RunnableConfig:
        if self.checkpoint_config is not None:
            return self.checkpoint_config
        return {
            "configurable": {
                "thread_id": self.thread_id,
                "checkpoint_ns": self.checkpoint_ns,
                "checkpoint_id": self.checkpoint["id"],
            }
        }

    def save(
        self,
        source: str,
        changed: set[str],
        step_writes: Sequence[StepWrites] = (),
        *,
        updated: Collection[str] | None = None,
    ) -> Generator[Effect, Any, None]:
        """Start a new checkpoint from the current channels and store it (per durability), with
        the finished step's task writes (stored against the checkpoint being left)."""
        writes_at = self.config_now() if step_writes else None
        prev = self.checkpoint
        values = dict(prev["channel_values"])
        stored = changed | self.unsaved
        self.unsaved = frozenset()
        for name in stored:
            value = self.channels[name].checkpoint()
            if value is MISSING:
                values.pop(name, None)
            else:
                values[name] = value
        self.checkpoint = Checkpoint(
            v=CHECKPOINT_FORMAT,
            id=new_checkpoint_id(),
            ts=datetime.now(timezone.utc).isoformat(),
            channel_values=values,
            channel_versions=dict(prev["channel_versions"]),
            versions_seen=dict(prev["versions_seen"]),
            updated_channels=sorted(changed if updated is None else updated),
        )
        metadata: CheckpointMetadata = {
            "source": source,  # type: ignore[typeddict-item]  # one of LangGraph's sources
            "step": self.step,
            "parents": self.parents,
        }
        metadata.update(self.extra_metadata)  # type: ignore[typeddict-item]  # user keys
        self.metadata = metadata
        self.pending = []
        self.step += 1
        self.updated = self.checkpoint["updated_channels"]
        if self.saver is None:
            return
        self.parent_config = self.checkpoint_config
        parent = self.checkpoint_config or {
            "configurable": {"thread_id": self.thread_id, "checkpoint_ns": self.checkpoint_ns}
        }
        new_versions = {
            k: self.checkpoint["channel_versions"][k]
            for k in stored
            if k in self.checkpoint["channel_versions"]
        }
        if writes_at is not None:
            self.checkpoint_config = yield Call(
                "put_step",
                (writes_at, step_writes, parent, self.checkpoint, metadata, new_versions),
            )
        else:
            self.checkpoint_config = yield Call(
                "put", (parent, self.checkpoint, metadata, new_versions)
            )
        self.emitter.checkpoint_saved(cast("Run", self))

    def emit_values(self) -> None:
        self.show_values(self.channels)

    def show_values(self, channels: dict[str, BaseChannel]) -> None:
        """The run's output now (what `invoke` returns) and the state the stream shows (the whole
        state; the same dict when the output schema is the state's)."""
        g = self.graph
        self.output = g.read_output(channels)
        self.has_output = True
        shown = self.output if g.stream_keys == g.output_keys else g.read_stream(channels)
        self.emitter.values(shown)

    def emit_partial_values(self, done: list[Task]) -> None:
        """After an interrupt, show the state with the writes of the tasks that did finish."""
        g = self.graph
        written = {c for t in done for c, _ in t.writes if c not in SPECIAL}
        if not written & g.stream_set:
            return
        channels = {k: ch.copy() for k, ch in self.channels.items()}
        scratch = dict(self.checkpoint["channel_versions"])
        checkpoint = Checkpoint(
            v=CHECKPOINT_FORMAT,
            id=self.checkpoint["id"],
            ts=self.checkpoint["ts"],
            channel_values={},
            channel_versions=scratch,
            versions_seen=dict(self.checkpoint["versions_seen"]),
        )
        apply_writes(checkpoint, channels, done, self.next_version, ())
        self.show_values(channels)

    def breakpoint(self, nodes: Sequence[str] | str | None, tasks: list[Task]) -> bool:
        if not nodes:
            return False
        versions = self.checkpoint["channel_versions"]
        seen = self.checkpoint["versions_seen"].get(INTERRUPT, {})
        changed = any(
            seen.get(k) is None or v > seen[k]  # type: ignore[operator]  # one version kind per saver
            for k, v in versions.items()
        )
        if not changed:
            return False
        return any(
            (nodes == "*" and not t.node.hidden) or (nodes != "*" and t.name in nodes)
            for t in tasks
        )
