"""The input side of a run: what `invoke` was given (input, `Command`, resume value, time travel)
and the answers it claims, exactly once, before any task runs. Mixed into `Run`."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, cast

from signoff.checkpoint.base import CheckpointTuple
from signoff.constants import INTERRUPT, NULL_TASK_ID, RESUME
from signoff.errors import EmptyInputError, InvalidUpdateError, UnknownInterruptError
from signoff.runtime import reasked
from signoff.runtime import resume as resume_mod
from signoff.runtime.apply import apply_writes, null_task, null_writes
from signoff.runtime.context import NullResume, TaskContext
from signoff.runtime.effects import Call, Effect
from signoff.runtime.node import Writes
from signoff.runtime.plan import Task
from signoff.runtime.saving import CheckpointSaving
from signoff.types import Command

if TYPE_CHECKING:
    from signoff.runtime.loop import Run


class RunInput(CheckpointSaving):
    """Taking a run's input; the state it works on is `Run`'s."""

    input: Any
    nested: bool
    replaying: bool
    top: Any
    answers: dict[str, Any]
    asked: dict[str, Any]
    null_resume: NullResume | None
    enclosing: TaskContext | None
    plan: Callable[[], list[Task]]

    def take_input(self, saved: CheckpointTuple | None) -> Generator[Effect, Any, None]:
        g = self.graph
        cmd = self.input if isinstance(self.input, Command) else None
        resuming = bool(self.checkpoint["channel_versions"]) and (
            self.input is None or cmd is not None or self.nested
        )
        if cmd is not None and cmd.graph == Command.PARENT:
            raise InvalidUpdateError("There is no parent graph")  # LangGraph's words
        if cmd is not None and cmd.resume is not None and self.saver is None:
            raise RuntimeError("Cannot use Command(resume=...) without checkpointer")
        if self.nested:
            self.null_resume = reasked.awaken(
                self.null_resume, self.checkpoint_ns, self.asked, self.saver is not None
            )
        if resuming:
            # Time travel: run on from an older checkpoint the config names, unless answering it.
            # Its finished tasks run again and old answers do not apply, as in LangGraph.
            addressed = not self.nested and "checkpoint_id" in self.config.get("configurable", {})
            time_travel = addressed and not (cmd is not None and cmd.resume is not None)
            if time_travel:
                self.replaying = True
                self.pending = [w for w in self.pending if w[1] != RESUME]
            if cmd is not None and cmd.resume is not None:
                yield from self.claim_answers(cmd.resume)
            stored = null_writes(self.pending)
            new = g.command_writes(cmd) if cmd is not None else []
            if new and self.saver is not None and self.checkpoint_config is not None:
                # kept with the paused step, so a run that pauses again does not lose it
                yield Call("put_writes", (self.config_now(), [*stored, *new], NULL_TASK_ID, ""))
            if stored or new:
                null_task = self.null_task([*stored, *new])
                changed = apply_writes(
                    self.checkpoint, self.channels, [null_task], self.next_version, ()
                )
                self.unsaved = frozenset(changed)
                self.top = None
                # The paused step still runs (its nodes see the update), plus whatever the
                # update triggers, as LangGraph adds these channels to the step's.
                if self.updated is not None:
                    self.updated = {*self.updated, *changed}
            seen = self.checkpoint["versions_seen"]
            seen[INTERRUPT] = dict(self.checkpoint["channel_versions"])
            self.emit_values()  # before the checkpoint's events, as in LangGraph
            if time_travel and self.metadata.get("source") not in ("update", "fork"):
                # A new branch starts with a copy of the addressed checkpoint ("fork").
                updated = self.updated if self.updated is not None else list(self.channels)
                yield from self.save("fork", set(), updated=updated)
            else:
                # where the run picks up, as LangGraph shows
                self.emitter.checkpoint_saved(cast("Run", self), loaded=True)
            return
        if self.input is None:
            raise EmptyInputError(f"Received no input for {g.input_channel}")
        input_task = self.null_task(g.input_writes(self.input, self.channels))
        updated = apply_writes(self.checkpoint, self.channels, [input_task], self.next_version, ())
        self.top = None
        self.updated = updated
        yield from self.save("input", updated)

    def null_task(self, writes: Writes) -> Task:
        return null_task(self.graph.start_node, writes)

    def claim_answers(self, resume: Any) -> Generator[Effect, Any, None]:
        """Match the resume value to pending interrupts and claim them in the saver, exactly once."""
        try:
            claim = resume_mod.match(resume, self.pending, self.thread_id)
        except UnknownInterruptError as unknown:
            # Not pending here: if the thread answered it earlier, say so (exactly-once answers).
            answered = yield Call("answers", (self.thread_id,))
            resume_mod.raise_if_answered(unknown, answered, self.thread_id)
            raise
        if claim.is_null:
            self.null_resume = NullResume(claim.null)
            return
        tasks = self.plan()
        nodes = {task.id: task.name for task in tasks}
        records = resume_mod.answer_records(claim, self.checkpoint_config or {}, self.config, nodes)
        yield Call("put_answers", (self.checkpoint_config, records))
        self.answers.update(claim.answers)
        if not resume_mod.is_resume_map(resume):
            self.null_resume = reasked.dormant_answer(resume, claim.where, tasks)

    def record_null_answers(self, task: Task) -> Generator[Effect, Any, None]:
        """Store the questions a null resume answered as `task` asked them, and claim them.

        They are indexed without the task's `__interrupt__` write, as LangGraph's history shows no
        interrupt at that checkpoint; the index row is what makes the claim exactly once.
        """
        if self.saver is None:
            return
        config = self.config_now()
        if self.enclosing is not None:
            # Only the root indexes interrupts and answers: keep the answer for the task's re-runs
            # here, and let the enclosing task report it (with the question), unless it was
            # claimed there already.
            yield Call("put_writes", (config, [(RESUME, dict(task.taken_null))], task.id, ""))
            null = self.null_resume
            if null is None or null.claimed is None:
                self.enclosing.taken_null.update(task.taken_null)
                for iid in task.taken_null:
                    if iid in self.asked:
                        self.enclosing.asked[iid] = self.asked[iid]
            return
        records = resume_mod.null_records(task, config, self.asked, self.graph.inbox_name)
        yield Call("index_interrupts", (config, records))
        yield Call("put_answers", (config, resume_mod.null_answers(records, task, self.config)))
