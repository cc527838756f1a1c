"""Turn a run's results (the JSON `run.py --json` writes) into Markdown tables.

Each table cell is a median over rounds (one fresh process per round) with its spread, half the
range over rounds as a percentage of the median. A ratio is signoff's median over LangGraph's:
below 1 means signoff is faster (or smaller).
"""

from __future__ import annotations

import math
from typing import Any

LIBS = ("langgraph", "signoff")
GEOMEAN_GOAL = 0.33
WORST_GOAL = 0.5


def number(value: float) -> str:
    """Three significant digits, without exponent notation for the sizes seen here."""
    if value == 0 or not math.isfinite(value):
        return str(value)
    digits = max(0, 2 - math.floor(math.log10(abs(value))))
    return f"{value:,.{digits}f}"


def cell(side: dict[str, Any] | None, key: str) -> str:
    """`median ±spread%`, or the status when the side did not produce a number."""
    if side is None:
        return "-"
    if side["status"] != "ok":
        return side["status"]
    median, low, high = side["median"][key], side["min"][key], side["max"][key]
    spread = (high - low) / 2 / median * 100 if median else 0.0
    return f"{number(median)} ±{spread:.0f}%"


def ratio(entry: dict[str, Any], key: str) -> float | None:
    """signoff's median over LangGraph's, when both sides measured it."""
    sides = entry["libs"]
    if any(sides.get(lib, {}).get("status") != "ok" for lib in LIBS):
        return None
    base = sides["langgraph"]["median"][key]
    return sides["signoff"]["median"][key] / base if base else None


def goal_text(metric: dict[str, Any], entry: dict[str, Any], found: float | None) -> str:
    """The issue's goal for this metric, with a tick or a cross when it could be judged."""
    signoff = entry["libs"].get("signoff", {})
    if metric.get("limit") is not None:
        mine = signoff["median"][metric["key"]] if signoff.get("status") == "ok" else None
        mark = "" if mine is None else (" ✓" if mine <= metric["limit"] else " ✗")
        return f"signoff ≤ {metric['limit']}{mark}"
    if metric.get("goal") is not None:
        mark = "" if found is None else (" ✓" if found <= metric["goal"] else " ✗")
        return f"≤ {metric['goal']}x{mark}"
    return ""


def main_table(results: dict[str, Any]) -> list[str]:
    lines = [
        "| # | workload | metric | unit | LangGraph | signoff | signoff/LangGraph | goal |",
        "|---|---|---|---|---:|---:|---:|---|",
    ]
    for entry in results["workloads"]:
        if entry["factor"] != 1:
            continue
        for metric in entry["metrics"]:
            key = metric["key"]
            found = ratio(entry, key)
            shown = "-" if found is None else f"{found:.2f}"
            if metric.get("primary") and found is not None:
                shown = f"**{shown}**"
            lines.append(
                f"| {entry['number']} | {entry['title']} | {metric['label']} | {metric['unit']} "
                f"| {cell(entry['libs'].get('langgraph'), key)} "
                f"| {cell(entry['libs'].get('signoff'), key)} "
                f"| {shown} | {goal_text(metric, entry, found)} |"
            )
    return lines


def primary_ratios(results: dict[str, Any]) -> dict[str, float]:
    """The ratio of each workload's primary metric (workloads 1-9 at x1) that both sides measured."""
    found = {}
    for entry in results["workloads"]:
        if entry["factor"] != 1 or not entry["number"].isdigit():
            continue
        for metric in entry["metrics"]:
            value = ratio(entry, metric["key"]) if metric.get("primary") else None
            if value is not None:
                found[entry["number"]] = value
    return found


def summary(results: dict[str, Any]) -> list[str]:
    found = primary_ratios(results)
    if not found:
        return ["No workload was measured on both libraries, so there is no ratio to summarise."]
    geomean = math.exp(sum(math.log(v) for v in found.values()) / len(found))
    worst_number = max(found, key=found.__getitem__)
    missing = sorted({str(n) for n in range(1, 10)} - found.keys())
    lines = [
        f"- Geometric mean of the primary ratios over workloads {', '.join(sorted(found))}: "
        f"**{geomean:.2f}** (goal ≤ {GEOMEAN_GOAL}{' ✓' if geomean <= GEOMEAN_GOAL else ' ✗'}).",
        f"- Highest primary ratio: workload {worst_number} at **{found[worst_number]:.2f}** "
        f"(goal ≤ {WORST_GOAL}{' ✓' if found[worst_number] <= WORST_GOAL else ' ✗'}).",
    ]
    if missing:
        lines.append(f"- Not in the mean (not measured on both): workloads {', '.join(missing)}.")
    return lines


def growth(entries: dict[int, dict[str, Any]], lib: str, key: str, factor: int, total: bool) -> str:
    """Cost per unit of size at `factor` relative to x1: 1.0 is linear, above it superlinear."""
    base, scaled = entries.get(1), entries.get(factor)
    if base is None or scaled is None:
        return "-"
    sides = base["libs"].get(lib, {}), scaled["libs"].get(lib, {})
    if any(side.get("status") != "ok" for side in sides):
        return "-"
    value = sides[1]["median"][key] / sides[0]["median"][key]
    return f"{value / factor if total else value:.2f}"


def scaling_table(results: dict[str, Any]) -> list[str]:
    by_name: dict[str, dict[int, dict[str, Any]]] = {}
    for entry in results["workloads"]:
        if entry.get("scaled"):
            by_name.setdefault(entry["name"], {})[entry["factor"]] = entry
    if not by_name:
        return []
    lines = [
        "| # | workload | size | metric | LangGraph | signoff | ratio "
        "| LangGraph growth | signoff growth |",
        "|---|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for entries in by_name.values():
        for factor in sorted(entries):
            entry = entries[factor]
            metric = entry["metrics"][0]
            key, total = metric["key"], entry["scaling"] == "total"
            found = ratio(entry, key)
            lines.append(
                f"| {entry['number']} | {entry['name']} | x{factor} ({entry['size']}) "
                f"| {metric['label']}, {metric['unit']} "
                f"| {cell(entry['libs'].get('langgraph'), key)} "
                f"| {cell(entry['libs'].get('signoff'), key)} "
                f"| {'-' if found is None else f'{found:.2f}'} "
                f"| {growth(entries, 'langgraph', key, factor, total)} "
                f"| {growth(entries, 'signoff', key, factor, total)} |"
            )
    return lines


def problems(results: dict[str, Any]) -> list[str]:
    """One line per workload side that did not produce numbers, with its message."""
    lines = []
    for entry in results["workloads"]:
        for lib, side in entry["libs"].items():
            if side["status"] != "ok":
                lines.append(
                    f"- {entry['number']} {entry['name']} x{entry['factor']} on {lib}: "
                    f"{side['status']}: {side['message']}"
                )
    return lines


def header(results: dict[str, Any]) -> list[str]:
    machine = results["machine"]
    lines = [
        f"- Date: {results['date']}",
        f"- Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB, "
        f"{machine['os']}; every process pinned to CPU {results['cpu']}",
        f"- Rounds: {results['rounds']} per workload at x1, {results['scaling_rounds']} at x4/x16 "
        "(one fresh process per library per round, order A B B A …)",
    ]
    for lib in LIBS:
        info = results["interpreters"].get(lib)
        if info:
            versions = ", ".join(f"{k} {v}" for k, v in info["versions"].items() if v != "-")
            lines.append(f"- {lib}: Python {info['python']} ({info['path']}): {versions}")
    return lines


def render(results: dict[str, Any]) -> str:
    """The whole report as Markdown."""
    parts = ["## Results", "", *header(results), "", *main_table(results), "", *summary(results)]
    scaled = scaling_table(results)
    if scaled:
        parts += ["", "### Scaling (growth: cost per unit of size relative to x1)", "", *scaled]
    trouble = problems(results)
    if trouble:
        parts += ["", "### Not measured", "", *trouble]
    return "\n".join(parts) + "\n"
