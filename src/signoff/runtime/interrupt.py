"""`interrupt()`: ask a person, pause the run, and on resume return their answer.

Each call in a task has an id derived from the task's namespace and the call's position, so the
k-th call of a re-run finds the k-th answer. signoff checks that the k-th question is the one that
was answered (or carries the same `key`), and that the payload can be stored, at the call itself.
"""

from __future__ import annotations

import hashlib
from typing import Any

from signoff.checkpoint.serde import check_serializable
from signoff.errors import GraphInterrupt, InterruptMismatchError, mark_invalid_resume
from signoff.runtime.answers import ASK, is_signoff_question, remember
from signoff.runtime.context import NullResume, TaskContext, current_task


def interrupt_id(checkpoint_ns: str, index: int, key: str | None = None) -> str:
    """Stable id of the `index`-th interrupt of the task whose namespace is `checkpoint_ns`."""
    text = checkpoint_ns if index == 0 else f"{checkpoint_ns}|{index}"
    if key is not None:
        text = f"{text}|key:{key}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def fingerprint(value: Any) -> str:
    """What identifies a question across re-runs: its type, its dict keys, or its text.

    Details that may change between runs (a draft's text, a timestamp) are left out on purpose;
    the parts kept are those that tell two different questions apart: the text of a string or of
    an `ask()` question, and the action an `approve()` request is about.
    """
    if isinstance(value, str):
        return "str:" + value
    if isinstance(value, dict) and value.get("type") == ASK:
        return "ask:" + fingerprint(value.get("question"))
    if isinstance(value, dict) and isinstance(value.get("action_request"), dict):
        return "approve:" + str(value["action_request"].get("action"))
    if isinstance(value, dict):
        return "dict:" + ",".join(sorted(map(str, value)))
    return "type:" + type(value).__qualname__


def is_interrupt_id(key: object) -> bool:
    return isinstance(key, str) and len(key) == 32 and all(c in "0123456789abcdef" for c in key)


_MAX_ADAPTERS = 1024
_ADAPTERS: dict[Any, tuple[Any, dict[str, Any]]] = {}


def schema_adapter(response_schema: Any) -> tuple[Any, Any]:
    """(pydantic `TypeAdapter` or None, the JSON Schema shown to clients) for `response_schema`.

    Adapters are cached per schema: building one and its JSON Schema costs far more than the rest
    of an `interrupt()` call, and a node asks the same typed question on every re-run.
    """
    if response_schema is None or isinstance(response_schema, dict):
        return None, response_schema
    try:
        return _ADAPTERS[response_schema]
    except TypeError:  # an unhashable schema object: build it every time
        return _build_adapter(response_schema)
    except KeyError:
        if len(_ADAPTERS) >= _MAX_ADAPTERS:  # schemas built at run time (`create_model`)
            _ADAPTERS.clear()
        built = _ADAPTERS[response_schema] = _build_adapter(response_schema)
        return built


def _build_adapter(response_schema: Any) -> tuple[Any, dict[str, Any]]:
    from pydantic import TypeAdapter

    adapter = TypeAdapter(response_schema)
    return adapter, adapter.json_schema()


def _validated(adapter: Any, value: Any) -> Any:
    if adapter is None:
        return value
    from pydantic import ValidationError

    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        mark_invalid_resume(exc)
        raise


def _check_replay(ctx: TaskContext, index: int, iid: str, value: Any, key: str | None) -> None:
    """The answer stored under `iid` was given to the question asked there: is it this one?"""
    if key is not None or iid not in ctx.asked:
        return
    before = ctx.asked[iid]
    if fingerprint(before) != fingerprint(value):
        raise InterruptMismatchError(ctx.node, index, before, value)


def _null_answer(ctx: TaskContext, null: NullResume, index: int, value: Any, adapter: Any) -> Any:
    """The null resume's value as the answer to `value`; one claimed for a question asked again
    under a new id (see `reasked.py`) answers only that same question."""
    if null.claimed is not None and fingerprint(null.claimed.value) != fingerprint(value):
        raise InterruptMismatchError(ctx.node, index, null.claimed.value, value)
    return _validated(adapter, null.value)


def earlier_question(key: str | None = None) -> Any:
    """The payload the next `interrupt(..., key=key)` call of this task raised in an earlier run
    of this step (answered or not), or None; lets `ask()` keep the deadline it first set."""
    ctx = current_task()
    if ctx is None:
        return None
    return ctx.asked.get(interrupt_id(ctx.checkpoint_ns, ctx.interrupt_index, key))


def interrupt(value: Any, *, response_schema: Any = None, key: str | None = None) -> Any:
    """Pause the graph and surface `value`; on resume, return the answer given for this call.

    `response_schema`: a JSON Schema dict (shown to clients, not enforced) or a Pydantic model,
    TypedDict or dataclass (shown as JSON Schema and used to validate the answer). `key`: match the
    answer to this call by key instead of by the question's text.
    """
    ctx = current_task()
    if ctx is None:
        raise RuntimeError("Called get_config outside of a runnable context")  # LangGraph's
    index = ctx.interrupt_index
    ctx.interrupt_index = index + 1
    iid = interrupt_id(ctx.checkpoint_ns, index, key)
    adapter, schema = schema_adapter(response_schema)
    if iid in ctx.answers:
        _check_replay(ctx, index, iid, value, key)
        return _validated(adapter, ctx.answers[iid])
    null = ctx.null_resume
    if null is not None and null.scope is None and not null.taken:
        result = _null_answer(ctx, null, index, value, adapter)
        if null.take():
            ctx.taken_null[iid] = null.value
            ctx.answers[iid] = null.value
            ctx.asked[iid] = value  # the question answered, for its record (`null_records`)
            return result
    check_serializable(value, "payload")
    from signoff.types import Interrupt

    if adapter is not None:
        remember(iid, adapter, is_signoff_question(value))
    raised = Interrupt(value, iid, response_schema=schema)
    ctx.raised.append(raised)
    raise GraphInterrupt((raised,))
