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
    # Deliberate (as for Send/goto, see README): a conditional edge whose path returns a node the
    # graph does not have raises InvalidUpdateError naming the branch and the known nodes, where
    # LangGraph logs "wrote to unknown channel branch:to:zzz, ignoring it" and ends the run; a key
    # missing from its path_map raises InvalidUpdateError listing the map's keys (LangGraph: a
    # bare KeyError('zzz')).
    "parity3_branch_unknown_target",
    # Deliberate (see prebuilt/tool_node.py): when several tool calls of one step interrupt,
    # ToolNode surfaces every question at once, each with its own id, so a plain
    # Command(resume=...) is refused as ambiguous; LangGraph surfaces only the first call's
    # question, hands the plain answer to it, and asks the next one on the following run.
    "parity3_toolnode_parallel_tool_interrupts",
    # Deliberate: a checkpointed run whose thread_id is None or "" raises LangGraph's own
    # "Checkpointer requires ... 'configurable' keys" ValueError; LangGraph checks only that the
    # key is present and stores the run under that thread, shared by every caller that forgot to
    # set it.
    "parity3_config_empty_thread_id",
    # Deliberate (exactly-once answers): Command(resume=...) addressed to an old checkpoint whose
    # interrupt was answered raises InterruptAlreadyAnsweredError; LangGraph forks from it,
    # silently reuses the old answer and drops the new one.
    "parity3_resume_answered_old_checkpoint",
]
