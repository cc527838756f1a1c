"""`StateGraph`: the builder users add nodes and edges to, then `compile()`.

The methods check what the user passes; what they record (`NodeDef`, `Branch`, `NodeDefaults`)
is defined in `declared`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Sequence
from datetime import timedelta
from typing import Any

from signoff.constants import END, START
from signoff.graph.declared import DEFAULT_ERROR_HANDLER as DEFAULT_ERROR_HANDLER
from signoff.graph.declared import Branch as Branch
from signoff.graph.declared import NodeDef as NodeDef
from signoff.graph.declared import NodeDefaults as NodeDefaults
from signoff.graph.declared import apply_node_defaults, command_targets
from signoff.graph.schema import first_param_schema
from signoff.types import CachePolicy, RetryPolicy, TimeoutPolicy
from signoff.warnings import LangGraphDeprecatedSinceV10, renamed_argument

logger = logging.getLogger(__name__)


class StateGraph:
    """A graph whose nodes read and write a shared state described by `state_schema`."""

    def __init__(
        self,
        state_schema: Any = None,
        context_schema: Any = None,
        *,
        input_schema: Any = None,
        output_schema: Any = None,
        **kwargs: Any,
    ) -> None:
        config_schema = renamed_argument(
            kwargs, "config_schema", "context_schema", LangGraphDeprecatedSinceV10
        )
        input_schema = input_schema or renamed_argument(kwargs, "input", "input_schema")
        output_schema = output_schema or renamed_argument(kwargs, "output", "output_schema")
        if state_schema is None:
            state_schema = input_schema
            if state_schema is None:  # as Python words it for LangGraph's required argument
                raise TypeError(
                    "StateGraph.__init__() missing 1 required positional argument: 'state_schema'"
                )
        self.state_schema = state_schema
        self.context_schema = context_schema if context_schema is not None else config_schema
        self.input_schema = input_schema or state_schema
        self.output_schema = output_schema or state_schema
        self.nodes: dict[str, NodeDef] = {}
        self.edges: set[tuple[str, str]] = set()
        self.waiting_edges: set[tuple[tuple[str, ...], str]] = set()
        self.branches: dict[str, dict[str, Branch]] = {}
        self.node_defaults = NodeDefaults()
        self.compiled = False

    # --- nodes ---

    def add_node(
        self,
        node: str | Callable[..., Any],
        action: Callable[..., Any] | None = None,
        *,
        defer: bool = False,
        metadata: dict[str, Any] | None = None,
        input_schema: Any = None,
        retry_policy: RetryPolicy | Sequence[RetryPolicy] | None = None,
        cache_policy: CachePolicy | None = None,
        error_handler: Callable[..., Any] | None = None,
        destinations: dict[str, str] | tuple[str, ...] | None = None,
        timeout: float | timedelta | TimeoutPolicy | None = None,
        **kwargs: Any,
    ) -> StateGraph:
        """Add a node: `add_node(fn)` names it after the function, `add_node("name", fn)`.

        `error_handler(state, error: NodeError)` runs in the same step when the node fails (after
        its retries) with the node's input; its return value updates the state like a node's
        (a `Command(goto=...)` says where to go on; the failed node's edges are not followed).
        `timeout` (seconds, `timedelta` or `TimeoutPolicy`) limits each attempt of an async node.
        """
        retry_policy = retry_policy or renamed_argument(kwargs, "retry", "retry_policy")
        input_schema = input_schema or renamed_argument(kwargs, "input", "input_schema")
        timeout_policy = TimeoutPolicy.coerce(timeout)
        if not isinstance(node, str):
            action = node
            node = getattr(action, "name", None) or getattr(action, "__name__", None) or ""
            if not node:
                raise ValueError(f"Cannot name node {action!r}; pass a name: add_node('name', fn)")
        if action is None:
            raise ValueError(f"Node '{node}' needs a function: add_node('{node}', fn)")
        if not callable(action) and not hasattr(action, "invoke"):  # a function or a runnable
            raise TypeError(  # LangGraph's words
                "Expected a Runnable, callable or dict.Instead got an unsupported type: "
                f"{type(action)}"
            )
        if self.compiled:
            logger.warning(
                "Adding a node to a graph that has already been compiled. This will not be "
                "reflected in the compiled graph."
            )
        if node in self.nodes:
            raise ValueError(f"Node `{node}` already present.")
        if node in (START, END):
            raise ValueError(f"Node `{node}` is reserved.")
        for ch in ("|", ":"):
            if ch in node:
                raise ValueError(
                    f"'{ch}' is a reserved character and is not allowed in the node names."
                )
        if destinations is not None:
            dests = tuple(destinations.keys() if isinstance(destinations, dict) else destinations)
        else:
            dests = command_targets(action)  # `-> Command[Literal["a", "b"]]`
        schema = input_schema or first_param_schema(action)
        handler_name: str | None = None
        if error_handler is not None:
            handler_name = f"__error_handler__{node}"
            if handler_name in self.nodes:
                raise ValueError(
                    f"Auto-generated error handler node `{handler_name}` already exists."
                )
            self.nodes[handler_name] = NodeDef(
                name=handler_name,
                fn=error_handler,
                input_schema=schema or self.state_schema,
                is_error_handler=True,
            )
        self.nodes[node] = NodeDef(
            name=node,
            fn=action,
            input_schema=schema,
            retry_policy=_policies(retry_policy),
            cache_policy=cache_policy,
            timeout=timeout_policy,
            defer=defer,
            metadata=dict(metadata or {}),
            destinations=dests,
            error_handler=handler_name,
        )
        return self

    def set_node_defaults(
        self,
        *,
        retry_policy: RetryPolicy | Sequence[RetryPolicy] | None = None,
        cache_policy: CachePolicy | None = None,
        error_handler: Callable[..., Any] | None = None,
        timeout: float | timedelta | TimeoutPolicy | None = None,
    ) -> StateGraph:
        """Policies for every node that does not set its own, applied at `compile()` (see
        `NodeDefaults` for which reach error handlers). Not inherited by subgraphs."""
        defaults = self.node_defaults
        if retry_policy is not None:
            defaults.retry_policy = _policies(retry_policy)
        if cache_policy is not None:
            defaults.cache_policy = cache_policy
        if error_handler is not None:
            defaults.error_handler = error_handler
        if timeout is not None:
            defaults.timeout = TimeoutPolicy.coerce(timeout)
        return self

    def add_sequence(
        self, nodes: Sequence[Callable[..., Any] | tuple[str, Callable[..., Any]]]
    ) -> StateGraph:
        """Add nodes that run one after another, in the given order."""
        if not nodes:
            raise ValueError("Sequence requires at least one node.")
        previous: str | None = None
        for item in nodes:
            name = item[0] if isinstance(item, tuple) else getattr(item, "__name__", "")
            if name in self.nodes:
                raise ValueError(
                    f"Node names must be unique: node with the name '{name}' already exists. "
                    "If you need to use two different runnables/callables with the same name "
                    "(for example, using `lambda`), please provide them as tuples "
                    "(name, runnable/callable)."
                )
            if isinstance(item, tuple):
                self.add_node(name, item[1])
            else:
                self.add_node(item)
                name = list(self.nodes)[-1]
            if previous is not None:
                self.add_edge(previous, name)
            previous = name
        return self

    # --- edges ---

    def add_edge(self, start_key: str | Sequence[str], end_key: str) -> StateGraph:
        """`a → b`; with a list of sources, `b` waits until all of them have run (a join)."""
        if isinstance(start_key, str):
            if start_key == END:
                raise ValueError("END cannot be a start node")
            if end_key == START:
                raise ValueError("START cannot be an end node")
            self.edges.add((start_key, end_key))
            return self
        sources = tuple(start_key)
        for s in sources:
            if s == END:
                raise ValueError("END cannot be a start node")
            if s not in self.nodes:
                raise ValueError(f"Need to add_node `{s}` first")
        if end_key == START:
            raise ValueError("START cannot be an end node")
        self.waiting_edges.add((sources, end_key))
        return self

    def add_conditional_edges(
        self,
        source: str,
        path: Callable[..., Any],
        path_map: dict[Hashable, str] | Sequence[str] | None = None,
    ) -> StateGraph:
        """After `source`, go where `path(state)` says (a name, a list of names, `Send`s, END)."""
        mapping: dict[Hashable, str] | None
        if path_map is None:
            mapping = None
        elif isinstance(path_map, dict):
            mapping = dict(path_map)
        else:
            mapping = {name: name for name in path_map}
        given = getattr(path, "__name__", None)
        if given == "<lambda>":
            given = None
        name = given or "condition"
        branches = self.branches.setdefault(source, {})
        if name in branches:  # LangGraph's message names the function's own name (None: unnamed)
            raise ValueError(f"Branch with name `{given}` already exists for node `{source}`")
        branches[name] = Branch(source, path, mapping)
        return self

    def set_entry_point(self, key: str) -> StateGraph:
        return self.add_edge(START, key)

    def set_conditional_entry_point(
        self,
        path: Callable[..., Any],
        path_map: dict[Hashable, str] | Sequence[str] | None = None,
    ) -> StateGraph:
        return self.add_conditional_edges(START, path, path_map)

    def set_finish_point(self, key: str) -> StateGraph:
        return self.add_edge(key, END)

    # --- compile ---

    def validate(self, interrupt: Sequence[str] = ()) -> None:
        """Raise `ValueError` naming the first problem: unknown node, no entry point, dead end."""
        known = set(self.nodes)
        all_sources = {s for s, _ in self.edges} | {s for ss, _ in self.waiting_edges for s in ss}
        all_sources |= set(self.branches)
        for source in all_sources:
            if source != START and source not in known:
                raise ValueError(f"Found edge starting at unknown node '{source}'")
        if START not in all_sources:
            raise ValueError(
                "Graph must have an entrypoint: add at least one edge from START to another node"
            )
        for _, target in self.edges:
            if target != END and target not in known:
                raise ValueError(f"Found edge ending at unknown node `{target}`")
        for _, target in self.waiting_edges:
            if target != END and target not in known:
                raise ValueError(f"Found edge ending at unknown node `{target}`")
        for declared in self.nodes.values():
            for target in declared.destinations:
                if target != END and target not in known:
                    raise ValueError(f"Found edge ending at unknown node `{target}`")
        for branches in self.branches.values():
            for name, branch in branches.items():
                targets = (
                    list(branch.path_map.values())
                    if branch.path_map is not None
                    else branch.hinted_targets() or []
                )
                for target in targets:
                    if target != END and target not in known:
                        raise ValueError(
                            f"At '{branch.source}' node, '{name}' branch "
                            f"found unknown target '{target}'"
                        )
        for node in interrupt:
            if node != "*" and node not in known:
                raise ValueError(f"Interrupt node `{node}` not found")

    def compile(
        self,
        checkpointer: Any = None,
        *,
        cache: Any = None,
        store: Any = None,
        interrupt_before: Sequence[str] | str | None = None,
        interrupt_after: Sequence[str] | str | None = None,
        debug: bool = False,
        name: str | None = None,
    ) -> Any:
        """Check the graph and build the runnable `CompiledStateGraph`."""
        from signoff.graph.compiled import CompiledStateGraph

        before = (
            [interrupt_before]
            if isinstance(interrupt_before, str)
            else list(interrupt_before or [])
        )
        after = (
            [interrupt_after] if isinstance(interrupt_after, str) else list(interrupt_after or [])
        )
        self.validate([*before, *after])
        apply_node_defaults(self.nodes, self.node_defaults, self.state_schema)
        self.compiled = True
        return CompiledStateGraph(
            self,
            checkpointer=None if checkpointer in (None, False, True) else checkpointer,
            cache=cache,
            interrupt_before=interrupt_before or [],
            interrupt_after=interrupt_after or [],
            debug=debug,
            name=name or "LangGraph",
            store=store,
        )


def _policies(retry_policy: RetryPolicy | Sequence[RetryPolicy] | None) -> tuple[RetryPolicy, ...]:
    if retry_policy is None:
        return ()
    if isinstance(retry_policy, RetryPolicy):
        return (retry_policy,)
    return tuple(retry_policy)
