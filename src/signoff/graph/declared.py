"""What a `StateGraph` records as the user declares a graph, and what compiling adds to it.

`add_node` records a `NodeDef`, `add_conditional_edges` a `Branch`, `set_node_defaults` the
`NodeDefaults`; `compile()` then fills the policies a node left unset from those defaults
(`apply_node_defaults`). `builder` takes the user's arguments and checks them; these records
are what the rest of signoff reads (`assemble` builds the runtime's nodes from them).
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from signoff.constants import END
from signoff.runtime.timeout import sync_timeout_unsupported
from signoff.types import CachePolicy, Command, RetryPolicy, TimeoutPolicy


@dataclass(slots=True)
class NodeDef:
    """A node as the user declared it."""

    name: str
    fn: Callable[..., Any]
    input_schema: Any = None
    retry_policy: Sequence[RetryPolicy] = ()
    cache_policy: CachePolicy | None = None
    timeout: TimeoutPolicy | None = None
    defer: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)
    destinations: tuple[str, ...] = ()
    error_handler: str | None = None
    """The node that runs when this one fails (`__error_handler__<name>` or the default's)."""
    is_error_handler: bool = False


@dataclass(slots=True)
class NodeDefaults:
    """Policies `set_node_defaults()` gives every node that does not set its own, at compile.

    Retry and timeout defaults apply to error handlers too; cache and error-handler defaults
    only to regular nodes (a handler never handles itself, and its result is not cached).
    """

    retry_policy: tuple[RetryPolicy, ...] = ()
    cache_policy: CachePolicy | None = None
    error_handler: Callable[..., Any] | None = None
    timeout: TimeoutPolicy | None = None


DEFAULT_ERROR_HANDLER = "__default_error_handler__"


@dataclass(slots=True)
class Branch:
    """A conditional edge: `path(state)` names where to go next."""

    source: str
    path: Callable[..., Any]
    path_map: dict[Hashable, str] | None

    def destinations(self, nodes: Sequence[str]) -> list[str]:
        if self.path_map is not None:
            return list(dict.fromkeys(self.path_map.values()))
        hinted = self.hinted_targets()
        return hinted if hinted is not None else [*nodes, END]

    def hinted_targets(self) -> list[str] | None:
        """The targets the path function's `Literal[...]` return annotation names, if any."""
        return _literal_targets(self.path)


def _literal_targets(fn: Callable[..., Any]) -> list[str] | None:
    """The names a branch function's `Literal[...]` return annotation lists, if it has one."""
    return _literal_values(return_hint(fn))


def command_targets(fn: Callable[..., Any]) -> tuple[str, ...]:
    """Where a node annotated `-> Command[Literal[...]]` may go (LangGraph draws and checks
    these as the node's destinations); () without such an annotation."""
    hint = return_hint(fn)
    if typing.get_origin(hint) is not Command:
        return ()
    args = typing.get_args(hint)
    return tuple(_literal_values(args[0]) or ()) if args else ()


def return_hint(fn: Callable[..., Any]) -> Any:
    """`fn`'s return annotation, resolved when it is a string (`from __future__ import
    annotations`); None when there is none or it cannot be resolved."""
    target: Any = fn
    if not (inspect.isfunction(fn) or inspect.ismethod(fn)) and callable(fn):
        target = type(fn).__call__  # a callable object: its __call__'s annotation
    try:
        return typing.get_type_hints(target).get("return")
    except Exception:  # a name the annotation uses is not importable here: no hint
        return None


def _literal_values(hint: Any) -> list[str] | None:
    if typing.get_origin(hint) is typing.Literal:
        return [str(a) for a in typing.get_args(hint)]
    return None


def apply_node_defaults(
    nodes: dict[str, NodeDef], defaults: NodeDefaults, state_schema: Any
) -> None:
    """Fill unset node policies from `set_node_defaults()` and check timeouts are usable."""
    if defaults.error_handler is not None:
        existing = nodes.get(DEFAULT_ERROR_HANDLER)
        if existing is not None and not existing.is_error_handler:
            raise ValueError(
                f"Auto-generated default error handler node `{DEFAULT_ERROR_HANDLER}` "
                "already exists."
            )
        nodes[DEFAULT_ERROR_HANDLER] = NodeDef(
            name=DEFAULT_ERROR_HANDLER,
            fn=defaults.error_handler,
            input_schema=state_schema,
            is_error_handler=True,
        )
    for nd in nodes.values():
        if not nd.is_error_handler:
            if defaults.error_handler is not None and nd.error_handler is None:
                nd.error_handler = DEFAULT_ERROR_HANDLER
            if defaults.cache_policy is not None and nd.cache_policy is None:
                nd.cache_policy = defaults.cache_policy
        if defaults.retry_policy and not nd.retry_policy:
            nd.retry_policy = defaults.retry_policy
        if defaults.timeout is not None and nd.timeout is None:
            nd.timeout = defaults.timeout
        if nd.timeout is not None and not _cancellable(nd.fn):
            raise ValueError(sync_timeout_unsupported(nd.name))


def _cancellable(fn: Callable[..., Any]) -> bool:
    """Whether a node can be cancelled when its timeout fires: an async function (or callable
    object), or a compiled graph (it runs its own async nodes)."""
    if inspect.iscoroutinefunction(fn):
        return True
    if hasattr(fn, "ainvoke") and hasattr(fn, "get_state"):
        return True
    if inspect.isfunction(fn) or not callable(fn):
        return False
    return inspect.iscoroutinefunction(type(fn).__call__)
