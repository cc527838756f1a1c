"""Error handlers (`add_node(..., error_handler=...)`): a failed node's recovery, in its own step.

When a node with a handler fails for good (its retries spent), the handler runs right away, in the
same step, as a task of its own: named `__error_handler__<node>` (or `__default_error_handler__`),
given the failed task's input and a `NodeError` (parameter `error: NodeError`). Its writes are
applied with the step's; the failed node's edges are not followed, so a handler that wants the
run to go on returns `Command(goto=...)`. The failure is stored as the failed task's error write,
and whatever the handler stores (its question, its error) shows it ran, so a resumed step (after
the handler asked a question, say) runs the handler again, never the node that failed. A
handler's own failure ends the run.

Not routed to a handler: interrupts, a drain, a resume value its schema rejects, and signoff's
own safety errors (a swallowed or reordered interrupt) — those must reach the caller.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import re
from collections.abc import Callable, Sequence
from typing import Any

from signoff.constants import ERROR, INTERRUPT, NO_WRITES, NS_SEP, PUSH, RESUME
from signoff.errors import GraphDrained, NodeError, SignoffError, is_invalid_resume
from signoff.runtime.node import NodeSpec
from signoff.runtime.plan import Task, task_id, task_namespace

_NOT_FOUND: Any = object()


def handles(exc: BaseException) -> bool:
    """Whether a node's failure `exc` goes to its error handler."""
    return not (isinstance(exc, (GraphDrained, SignoffError)) or is_invalid_resume(exc))


def handler_task(failed: Task, handler: NodeSpec) -> Task:
    """The task that handles `failed`'s error: same input, same place in the step's write order,
    an id (and so interrupt ids) derived from the failed task's, stable across re-runs."""
    tid = handler_id(failed, handler)
    ns = failed.checkpoint_ns
    parent_ns = ns.rsplit(NS_SEP, 1)[0] if NS_SEP in ns else ""
    return Task(
        id=tid,
        name=handler.name,
        node=handler,
        input=failed.input,
        path=failed.path,
        triggers=(PUSH,),
        checkpoint_ns=task_namespace(parent_ns, handler.name, tid),
    )


def handler_id(failed: Task, handler: NodeSpec) -> str:
    return task_id(failed.id, "", 0, handler.name, PUSH, "node_error_handler")


def node_error(failed: Task) -> NodeError:
    assert failed.error is not None
    return NodeError(node=failed.name, error=failed.error)


class StoredError(Exception):
    """A failure stored by an earlier run of the step, when its class is not a builtin one: only
    its `repr` survives. `repr()` gives that back, and `str()` the message when the repr shows
    one (`MyError('boom')` → `boom`), as the original's `str()` would."""

    def __init__(self, text: str, args: tuple[Any, ...] | None = None) -> None:
        super().__init__(*(args if args is not None else (text,)))
        self.text = text

    def __repr__(self) -> str:
        return self.text


def revive(text: str) -> BaseException:
    """The exception a stored `repr` describes: a builtin exception class is rebuilt (so
    `isinstance(error, ValueError)` and `str(error)` hold after a restart as before), anything
    else becomes a `StoredError`. Arguments are read with `ast.literal_eval`, never evaluated."""
    match = _CALL.fullmatch(text)
    if match is None:
        return StoredError(text)
    name, inner = match.groups()
    try:
        args = ast.literal_eval(f"({inner},)") if inner.strip() else ()
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return StoredError(text)
    cls = getattr(builtins, name, None)
    if isinstance(cls, type) and issubclass(cls, Exception):
        try:
            revived = cls(*args)
        except Exception:
            return StoredError(text, args)
        if repr(revived) == text:
            return revived
    return StoredError(text, args)


_CALL = re.compile(r"([A-Za-z_][\w.]*)\((.*)\)", re.DOTALL)


def stored_error(pending: Sequence[tuple[str, str, Any]], tid: str) -> Any:
    """The error stored for task `tid` in an earlier run of this step, or `_NOT_FOUND`."""
    for task_id_, channel, value in pending:
        if task_id_ == tid and channel == ERROR:
            return value
    return _NOT_FOUND


def routed_before(pending: Sequence[tuple[str, str, Any]], task: Task, handler: NodeSpec) -> bool:
    """Whether `task` failed in an earlier run of this step and its failure went to `handler`
    (the handler then stored something: its interrupt, its error). If so the stored error is set
    on the task, so that the handler runs again instead of the node."""
    if not pending:
        return False
    hid = handler_id(task, handler)
    if not any(tid == hid for tid, _, _ in pending):
        return False
    error = stored_error(pending, task.id)
    if error is _NOT_FOUND:
        return False
    task.error = error if isinstance(error, BaseException) else revive(str(error))
    return True


def restore(pending: Sequence[tuple[str, str, Any]], task: Task) -> bool:
    """Give a handler task the writes it stored in an earlier run, if it finished then."""
    writes: list[tuple[str, Any]] = []
    found = False
    for tid, channel, value in pending:
        if tid != task.id:
            continue
        if channel in (INTERRUPT, ERROR, RESUME):
            continue  # a pause or failure before it finished does not count
        found = True
        if channel != NO_WRITES:
            writes.append((channel, value))
    if found:
        task.writes = writes
        task.done = True
        task.restored = True
    return found


def attach_handlers(tasks: list[Task], ran: list[Task]) -> None:
    """After a step ran: the handler tasks join the step, to be recorded and applied with it."""
    for task in list(ran):
        if task.handler is not None:
            ran.append(task.handler)
            tasks.append(task.handler)


def settle_handled(tasks: list[Task]) -> None:
    """Once recorded (the failure stored as the task's error write), a handled failure no longer
    ends the run; a failure of the handler itself still does."""
    for task in tasks:
        if task.handler is not None:
            task.error = None


def error_parameter(fn: Callable[..., Any]) -> dict[str, str]:
    """`{"error": name}` when `fn` takes a `NodeError` (parameter `error` annotated `NodeError`),
    as LangGraph injects it; nodes that are not handlers get None there."""
    try:
        param = inspect.signature(fn).parameters.get("error")
    except (TypeError, ValueError):
        return {}
    if param is None or param.kind not in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY):
        return {}
    ann = param.annotation
    if ann is NodeError or ann == "NodeError":
        return {"error": "error"}
    return {}
