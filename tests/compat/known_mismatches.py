"""Compat cases where signoff is known to observe something other than LangGraph 1.2.22.

Each entry is an engine bug or a deliberate difference (said so in its comment), not a wrong case: `test_compat.py` runs these as
`xfail(strict=True)`, so a fix makes the case pass unexpectedly and fails the suite until its entry
is removed here. The comment above each group says what differs (see `pytest -vv` for the diff).
"""

from __future__ import annotations

KNOWN_MISMATCHES: list[str] = [
    # Deliberate: after two parallel writes to a last-value key fail a step, LangGraph has stored
    # the failing writes, so its get_state() raises InvalidUpdateError again; signoff stores a
    # step's writes with its checkpoint, so get_state() shows the step still to run (next =
    # left, right) and the thread stays readable. Also deliberate: a node returning only keys
    # that are not in the state (a typo) raises InvalidUpdateError naming them; LangGraph drops
    # the whole update silently.
    "error_invalid_updates",
    # Engine gap: after update_state on a paused subgraph's own config, the subgraph's interrupt
    # is asked again under a new id (its task now belongs to the updated checkpoint), and the
    # parent's plain answer, claimed for the old id, does not reach it: signoff pauses with the
    # same question again where LangGraph finishes the subgraph with the answer.
    "parity_subgraph_update_then_resume",
    # Deliberate: Command(goto=5) is refused naming the field and type (LangGraph: "'int' object
    # is not iterable"), and Command(update="x") raises InvalidUpdateError where LangGraph drops
    # the update silently. (StateGraph() and a duplicate unnamed branch match LangGraph.)
    "parity2_error_types_misc",
    # Deliberate: Overwrite(v) on a plain (last-value) key stores v; LangGraph stores the
    # Overwrite wrapper object itself as the value (a bug: the state then holds an Overwrite).
    "parity2_overwrite_last_value",
    # Deliberate: ToolNode.invoke() outside a graph runs the tools; LangGraph raises
    # "Missing required config key 'N/A' for 'tools'".
    "parity2_toolnode_outside_graph",
]
