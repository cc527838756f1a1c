"""SO102: a pausing call whose position among the function's pauses depends on a condition.

Answers are matched to `interrupt()` calls by position: the k-th call of the re-run gets the k-th
answer. A call that runs only sometimes shifts the position of every later call, so if its
condition changes between the first run and the re-run (the state was updated, the clock moved),
answers land on the wrong questions. Reported: a call under a condition that may change on
re-run (see `stability`) when another pausing call can run after it — a later call, or the same
call in a later loop pass. Not reported: a single conditional interrupt (nothing after it
shifts), a `while True:` validation loop around one interrupt, branches that depend only on
earlier answers, and interrupts in `if`/`else` branches that exclude each other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from signoff.lint.context import FunctionNode, ModuleContext, Report
from signoff.lint.flow import Condition, FunctionFlow
from signoff.lint.stability import Stability


def check_order(ctx: ModuleContext, fn: FunctionNode) -> Iterator[Report]:
    """Report each pausing call of `fn` that can shift the position of a later one."""
    sites = ctx.interrupt_sites(fn)
    if not sites:
        return
    flow = FunctionFlow(fn)
    stability = Stability(ctx, fn)
    for site in sites:
        unstable = [
            cond
            for cond in flow.conditions(site)
            if cond.test is None or not stability.stable(cond.test)
        ]
        if not unstable:
            continue
        for later in sites:
            if not flow.can_follow(site, later):
                continue
            cond = next((c for c in unstable if _shifts(flow, c, site, later)), None)
            if cond is not None:
                yield Report(site, "SO102", _message(ctx, site, cond, later))
                break


def _shifts(flow: FunctionFlow, cond: Condition, site: ast.AST, later: ast.AST) -> bool:
    """Whether skipping `site` under `cond` changes the position `later` runs at.

    Not when `later` is skipped along with it (same branch of the same test), unless a loop
    around the test lets `later` run again in a pass after the skipped one.
    """
    if site is not later and not flow.same_part(cond, later):
        return True
    return flow.loop_repeats(cond.node, site, later)


def _message(ctx: ModuleContext, site: ast.Call, cond: Condition, later: ast.Call) -> str:
    after = (
        "it can run again in a later loop pass"
        if later is site
        else f"the pausing call at line {later.lineno} can run after it"
    )
    return (
        f"{ctx.describe_site(site)} runs conditionally ({cond.text}) and {after}: answers are "
        "matched by position, so if the condition changes when the node re-runs they go to the "
        "wrong questions; ask unconditionally or make this the last pause of the function"
    )
