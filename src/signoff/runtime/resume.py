"""Matching a `Command(resume=...)` to the interrupts pending on a thread, and the records that the
saver stores for interrupts and answers (the inbox index and the audit trail)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from signoff.checkpoint.base import AnswerRecord, InterruptRecord, RunnableConfig
from signoff.constants import INTERRUPT, RESUME
from signoff.errors import InterruptAlreadyAnsweredError, UnknownInterruptError
from signoff.runtime import answers as answer_checks
from signoff.runtime.interrupt import fingerprint, is_interrupt_id

if TYPE_CHECKING:
    from signoff.runtime.plan import Task
    from signoff.types import Interrupt

MULTIPLE_PENDING = (
    "When there are multiple pending interrupts, you must specify the interrupt id when resuming. "
    "Docs: https://docs.langchain.com/oss/python/langgraph/interrupts#handling-multiple-interrupts."
)
_NO_NULL: Any = object()


@dataclass(slots=True)
class Claim:
    """What a resume value answers: interrupt id → value, or a null resume for the next ask."""

    answers: dict[str, Any] = field(default_factory=dict)
    null: Any = _NO_NULL
    where: dict[str, tuple[str, Interrupt[Any]]] = field(default_factory=dict)

    @property
    def is_null(self) -> bool:
        return self.null is not _NO_NULL


def pending_state(
    pending_writes: Sequence[tuple[str, str, Any]],
) -> tuple[dict[str, tuple[str, Interrupt[Any]]], set[str]]:
    """(unanswered interrupt id → (task id, interrupt), answered ids) at a checkpoint."""
    raised: dict[str, tuple[str, Interrupt[Any]]] = {}
    answered: set[str] = set()
    for task_id, channel, value in pending_writes:
        if channel == INTERRUPT:
            for intr in value:
                raised[intr.id] = (task_id, intr)
        elif channel == RESUME and isinstance(value, dict):
            answered.update(value)
    open_ = {iid: v for iid, v in raised.items() if iid not in answered}
    return open_, answered


def is_resume_map(resume: Any) -> bool:
    """A dict of interrupt ids (an empty one answers nothing, as in LangGraph)."""
    return isinstance(resume, dict) and all(is_interrupt_id(k) for k in resume)


def match(
    resume: Any, pending_writes: Sequence[tuple[str, str, Any]], thread_id: str | None
) -> Claim:
    """Decide which pending interrupts `resume` answers; raise if it names the wrong ones."""
    open_, answered = pending_state(pending_writes)
    if is_resume_map(resume):
        for iid in resume:
            if iid in answered:
                raise InterruptAlreadyAnsweredError(
                    f"Interrupt {iid} of thread '{thread_id}' was already answered; "
                    "read the thread's state to see what is pending now",
                    thread_id=thread_id,
                    interrupt_id=iid,
                )
            if iid not in open_:
                raise UnknownInterruptError(
                    f"Interrupt {iid} is not pending on thread '{thread_id}'; pending: "
                    f"{', '.join(sorted(open_)) or 'none'}",
                    reason="not_pending",
                    interrupt_ids=[iid],
                    pending_ids=sorted(open_),
                )
        claim = Claim(answers=dict(resume), where={iid: open_[iid] for iid in resume})
    elif len(open_) > 1:
        raise RuntimeError(MULTIPLE_PENDING)
    elif len(open_) == 1:
        ((iid, where),) = open_.items()
        claim = Claim(answers={iid: resume}, where={iid: where})
    elif answered:
        raise InterruptAlreadyAnsweredError(
            f"The interrupt asked at this checkpoint of thread '{thread_id}' was already "
            "answered (by another caller, or before you went back to this checkpoint); to finish "
            "an interrupted run, invoke the graph with None",
            thread_id=thread_id,
            interrupt_id=next(iter(answered)) if len(answered) == 1 else "",
        )
    else:
        return Claim(null=resume)
    for iid, (_, intr) in claim.where.items():
        answer_checks.check(intr, claim.answers[iid])
    return claim


def raise_if_answered(
    unknown: UnknownInterruptError, answered: Sequence[AnswerRecord], thread_id: str | None
) -> None:
    """Turn "not pending" into "already answered" for ids the thread's audit trail holds."""
    done = {a.interrupt_id for a in answered}
    for iid in unknown.interrupt_ids:
        if iid in done:
            raise InterruptAlreadyAnsweredError(
                f"Interrupt {iid} of thread '{thread_id}' was already answered; "
                "read the thread's state to see what is pending now",
                thread_id=thread_id,
                interrupt_id=iid,
            ) from None


def answer_records(
    claim: Claim,
    checkpoint_config: RunnableConfig,
    run_config: RunnableConfig,
    nodes: Mapping[str, str] | None = None,
) -> list[AnswerRecord]:
    """The audit records of a claim; `nodes` names each pending task's node by task id."""
    conf = checkpoint_config.get("configurable", {})
    now = datetime.now(timezone.utc)
    by = answered_by(run_config)
    return [
        AnswerRecord(
            thread_id=str(conf.get("thread_id")),
            checkpoint_ns=conf.get("checkpoint_ns", ""),
            checkpoint_id=conf.get("checkpoint_id", ""),
            task_id=task_id,
            interrupt_id=iid,
            value=claim.answers[iid],
            answered_by=by,
            answered_at=now,
            fingerprint=fingerprint(intr.value),
            node=(nodes or {}).get(task_id, ""),
        )
        for iid, (task_id, intr) in claim.where.items()
    ]


def answered_by(run_config: RunnableConfig) -> str | None:
    by = run_config.get("metadata", {}).get("answered_by")
    return None if by is None else str(by)


def interrupt_records(
    task: Task,
    pending_writes: Sequence[tuple[str, str, Any]],
    config: RunnableConfig,
    graph: str | None,
) -> list[InterruptRecord]:
    """Every interrupt `task` has raised at this checkpoint, earlier ones first."""
    earlier: list[Interrupt[Any]] = []
    for task_id, channel, value in pending_writes:
        if task_id == task.id and channel == INTERRUPT:
            earlier.extend(value)
    ids = {i.id for i in earlier}
    everything = [*earlier, *(i for i in task.interrupts if i.id not in ids)]
    conf = config.get("configurable", {})
    now = datetime.now(timezone.utc)
    return [
        InterruptRecord(
            thread_id=str(conf.get("thread_id")),
            checkpoint_ns=conf.get("checkpoint_ns", ""),
            checkpoint_id=conf.get("checkpoint_id", ""),
            task_id=task.id,
            interrupt_id=intr.id,
            node=task.name,
            value=intr.value,
            index=index,
            fingerprint=fingerprint(intr.value),
            response_schema=intr.response_schema
            if isinstance(intr.response_schema, dict)
            else None,
            graph=graph,
            created_at=now,
            **answer_checks.deadline_fields(intr),
        )
        for index, intr in enumerate(everything)
    ]


def null_records(
    task: Task, config: RunnableConfig, asked: Mapping[str, Any], graph: str | None
) -> list[InterruptRecord]:
    """Records for interrupts a null resume answered as they were asked: `asked` holds each
    question (`interrupt()` puts it there when it takes the null resume)."""
    conf = config.get("configurable", {})
    now = datetime.now(timezone.utc)
    return [
        InterruptRecord(
            thread_id=str(conf.get("thread_id")),
            checkpoint_ns=conf.get("checkpoint_ns", ""),
            checkpoint_id=conf.get("checkpoint_id", ""),
            task_id=task.id,
            interrupt_id=iid,
            node=task.name,
            value=asked.get(iid),
            fingerprint=fingerprint(asked.get(iid)) if iid in asked else "",
            graph=graph,
            created_at=now,
        )
        for iid in task.taken_null
    ]


def null_answers(
    records: list[InterruptRecord], task: Task, run_config: RunnableConfig
) -> list[AnswerRecord]:
    by = answered_by(run_config)
    return [
        AnswerRecord(
            thread_id=r.thread_id,
            checkpoint_ns=r.checkpoint_ns,
            checkpoint_id=r.checkpoint_id,
            task_id=r.task_id,
            interrupt_id=r.interrupt_id,
            value=task.taken_null[r.interrupt_id],
            answered_by=by,
            answered_at=r.created_at,
            fingerprint=r.fingerprint,
            node=task.name,
        )
        for r in records
    ]
