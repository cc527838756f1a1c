"""`ToolNode` and `tools_condition`: direct calls (results as LangGraph 1.2.22 gives them) and in a
graph, where parallel tool calls that interrupt each surface and get their own answer."""

from __future__ import annotations

import asyncio
import threading
from typing import Annotated, Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.tools import InjectedToolCallId, tool

import signoff.prebuilt
from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, MessagesState, StateGraph
from signoff.prebuilt import InjectedState, InjectedStore, ToolNode, ToolRuntime, tools_condition
from signoff.types import Command, interrupt


def call(name: str, args: dict[str, Any], id: str = "1") -> dict[str, Any]:
    return {"name": name, "args": args, "id": id, "type": "tool_call"}


def ai(*calls: dict[str, Any]) -> AIMessage:
    return AIMessage("", tool_calls=list(calls))


@tool
def boom(x: int) -> str:
    """Fail."""
    raise ValueError("bad x")


@tool
def echo(
    x: int,
    tcid: Annotated[str, InjectedToolCallId],
    st: Annotated[dict[str, Any], InjectedState],
) -> dict[str, Any]:
    """Echo."""
    return {"x": x, "id": tcid, "n": len(st["messages"])}


@tool
def with_foo(x: int, foo: Annotated[str, InjectedState("foo")]) -> str:
    """Read one state key."""
    return f"{foo}{x}"


@tool
def cmd(x: int, tcid: Annotated[str, InjectedToolCallId]) -> Command[Any]:
    """Update the state with a command."""
    return Command(update={"messages": [ToolMessage("done", tool_call_id=tcid)], "foo": str(x)})


NODE = ToolNode([boom, echo, cmd, with_foo])


def test_public_names() -> None:
    assert sorted(signoff.prebuilt.__all__) == [
        "InjectedState",
        "InjectedStore",
        "ToolNode",
        "ToolRuntime",
        "create_react_agent",
        "tools_condition",
    ]


def test_state_input_gives_tool_messages_in_call_order_with_injected_args() -> None:
    state = {"messages": [ai(call("echo", {"x": 1}), call("with_foo", {"x": 2}, "2"))], "foo": "f"}
    assert NODE.invoke(state) == {
        "messages": [
            ToolMessage('{"x": 1, "id": "1", "n": 1}', name="echo", tool_call_id="1"),
            ToolMessage("f2", name="with_foo", tool_call_id="2"),
        ]
    }


def test_injected_args_are_hidden_from_the_model_and_cannot_be_forged() -> None:
    assert set(echo.tool_call_schema.model_json_schema()["properties"]) == {"x"}
    forged = call("echo", {"x": 1, "st": {"messages": [1, 2, 3, 4]}, "tcid": "zzz"})
    result = NODE.invoke({"messages": [HumanMessage("hi"), ai(forged)]})
    assert result["messages"][0].content == '{"x": 1, "id": "1", "n": 2}'


def test_list_input_gives_a_list() -> None:
    assert NODE.invoke([ai(call("echo", {"x": 3}))]) == [
        ToolMessage('{"x": 3, "id": "1", "n": 1}', name="echo", tool_call_id="1")
    ]
    with pytest.raises(ValueError, match="requires graph state dict as input"):
        NODE.invoke([ai(call("with_foo", {"x": 3}))])


def test_send_payload_uses_its_state() -> None:
    payload = {
        "__type": "tool_call_with_context",
        "tool_call": call("echo", {"x": 3}, "7"),
        "state": {"messages": [1, 2, 3]},
    }
    assert NODE.invoke(payload) == {
        "messages": [ToolMessage('{"x": 3, "id": "7", "n": 3}', name="echo", tool_call_id="7")]
    }


def test_bad_arguments_become_an_error_message_by_default() -> None:
    result = NODE.invoke({"messages": [ai(call("echo", {"x": "notint"}))]})
    assert result == {
        "messages": [
            ToolMessage(
                "Error invoking tool 'echo' with kwargs {'x': 'notint'} with error:\n"
                " x: Input should be a valid integer, unable to parse string as an integer\n"
                " Please fix the error and try again.",
                name="echo",
                tool_call_id="1",
                status="error",
            )
        ]
    }


def test_unknown_tool_becomes_an_error_message() -> None:
    result = NODE.invoke({"messages": [ai(call("nope", {"x": 1}))]})
    assert result["messages"] == [
        ToolMessage(
            "Error: nope is not a valid tool, try one of [boom, echo, cmd, with_foo].",
            name="nope",
            tool_call_id="1",
            status="error",
        )
    ]


def test_a_tools_own_error_is_raised_by_default() -> None:
    with pytest.raises(ValueError, match="bad x"):
        NODE.invoke({"messages": [ai(call("boom", {"x": 1}))]})


def _boom_with(handle: Any) -> Any:
    node = ToolNode([boom], handle_tool_errors=handle)
    return node.invoke({"messages": [ai(call("boom", {"x": 1}))]})["messages"][0]


def test_handle_tool_errors_settings() -> None:
    message = _boom_with(True)
    assert (message.content, message.status) == (
        "Error: ValueError('bad x')\n Please fix your mistakes.",
        "error",
    )
    assert _boom_with("custom").content == "custom"
    assert _boom_with((KeyError, ValueError)).status == "error"

    def on_value_error(e: ValueError) -> str:
        return f"handled {e}"

    assert _boom_with(on_value_error).content == "handled bad x"

    def on_type_error(e: TypeError) -> str:
        return "never"

    with pytest.raises(ValueError, match="bad x"):
        _boom_with(on_type_error)
    with pytest.raises(ValueError, match="bad x"):
        _boom_with(False)


def test_commands_pass_through_next_to_messages() -> None:
    state = {"messages": [ai(call("echo", {"x": 1}), call("cmd", {"x": 2}, "2"))]}
    assert NODE.invoke(state) == [
        {"messages": [ToolMessage('{"x": 1, "id": "1", "n": 1}', name="echo", tool_call_id="1")]},
        Command(
            update={"messages": [ToolMessage("done", name="cmd", tool_call_id="2")], "foo": "2"}
        ),
    ]


def test_a_command_must_answer_its_tool_call() -> None:
    @tool
    def silent() -> Command[Any]:
        """Forget the ToolMessage."""
        return Command(update={"foo": "x"})

    with pytest.raises(ValueError, match="Expected to have a matching ToolMessage"):
        ToolNode([silent]).invoke({"messages": [ai(call("silent", {}))]})


def test_tool_runtime_and_store() -> None:
    @tool
    def inspect_runtime(runtime: ToolRuntime[Any, Any]) -> str:
        """Report the runtime."""
        return f"{runtime.tool_call_id} {len(runtime.state['messages'])} {len(runtime.tools)}"

    @tool
    def needs_store(store: Annotated[Any, InjectedStore()]) -> str:
        """Needs a store."""
        return "stored"

    node = ToolNode([inspect_runtime, needs_store])
    result = node.invoke({"messages": [ai(call("inspect_runtime", {}, "r1"))]})
    assert result["messages"][0].content == "r1 1 2"
    with pytest.raises(ValueError, match="please compile your graph with a store"):
        node.invoke({"messages": [ai(call("needs_store", {}))]})


def test_several_calls_run_at_the_same_time() -> None:
    barrier = threading.Barrier(2, timeout=30)

    @tool
    def meet(who: str) -> str:
        """Wait for the other call."""
        barrier.wait()
        return who

    result = ToolNode([meet]).invoke(
        {"messages": [ai(call("meet", {"who": "a"}), call("meet", {"who": "b"}, "2"))]}
    )
    assert [m.content for m in result["messages"]] == ["a", "b"]


async def test_ainvoke_runs_async_tools_concurrently() -> None:
    both = asyncio.Event()
    started: list[str] = []

    @tool
    async def meet(who: str) -> str:
        """Wait for the other call."""
        started.append(who)
        if len(started) == 2:
            both.set()
        await asyncio.wait_for(both.wait(), 30)
        return who

    node = ToolNode([meet])
    result = await node.ainvoke(
        {"messages": [ai(call("meet", {"who": "a"}), call("meet", {"who": "b"}, "2"))]}
    )
    assert [m.content for m in result["messages"]] == ["a", "b"]
    assert (
        node.invoke({"messages": [ai(call("meet", {"who": "c"}, "3"))]})["messages"][0].content
        == "c"
    )


def test_tools_condition() -> None:
    assert tools_condition({"messages": [ai(call("echo", {"x": 1}))]}) == "tools"
    assert tools_condition({"messages": [AIMessage("done")]}) == END
    assert tools_condition([HumanMessage("hi"), ai(call("echo", {"x": 1}))]) == "tools"
    with pytest.raises(ValueError, match="No messages found"):
        tools_condition({"messages": []})


def test_no_ai_message_is_an_error() -> None:
    with pytest.raises(ValueError, match="No AIMessage found in input"):
        NODE.invoke({"messages": [HumanMessage("hi")]})
    with pytest.raises(ValueError, match="No message found in input"):
        NODE.invoke({"messages": []})


# --- in a graph -----------------------------------------------------------------------------------


@tool
def circle(color: str) -> str:
    """Draw a circle after a person approves."""
    answer = interrupt({"shape": "circle", "color": color})
    return f"circle {color}: {answer}"


@tool
def square(color: str) -> str:
    """Draw a square after a person approves."""
    answer = interrupt({"shape": "square", "color": color})
    return f"square {color}: {answer}"


@tool
async def async_circle(color: str) -> str:
    """Draw a circle (async) after a person approves."""
    await asyncio.sleep(0)
    return f"circle {color}: {interrupt({'shape': 'circle', 'color': color})}"


def _graph(tools: list[Any], calls: list[dict[str, Any]]) -> Any:
    def agent(state: MessagesState) -> dict[str, Any]:
        if len(state["messages"]) > 1:
            return {"messages": [AIMessage("done")]}
        return {"messages": [ai(*calls)]}

    builder = StateGraph(MessagesState)
    builder.add_node("agent", agent)
    builder.add_node("tools", ToolNode(tools))
    builder.add_edge(START, "agent")
    builder.add_conditional_edges("agent", _route, ["tools", END])
    builder.add_edge("tools", "agent")
    return builder.compile(checkpointer=InMemorySaver())


def _route(state: MessagesState) -> str:
    return tools_condition(state)


THREE = [
    call("circle", {"color": "red"}, "c1"),
    call("square", {"color": "blue"}, "c2"),
    call("circle", {"color": "green"}, "c3"),
]


def _tool_texts(result: dict[str, Any]) -> list[str]:
    return [m.content for m in result["messages"] if isinstance(m, ToolMessage)]


def test_every_interrupt_of_parallel_tool_calls_surfaces_and_answers_go_to_their_call() -> None:
    """LangGraph #6624 (only one of parallel tool-call interrupts surfaces), #6626 (they share an
    id) and #6533 (an answer reaches another tool call): each call asks, with its own id, and gets
    the answer given for it, whatever order the answers come in."""
    graph = _graph([circle, square], THREE)
    config = {"configurable": {"thread_id": "t"}}
    asked = graph.invoke({"messages": [("user", "draw")]}, config)["__interrupt__"]
    assert [i.value for i in asked] == [
        {"shape": "circle", "color": "red"},
        {"shape": "square", "color": "blue"},
        {"shape": "circle", "color": "green"},
    ]
    assert len({i.id for i in asked}) == 3
    answers = {i.id: f"ok {i.value['color']}" for i in reversed(asked)}
    result = graph.invoke(Command(resume=answers), config)
    assert _tool_texts(result) == [
        "circle red: ok red",
        "square blue: ok blue",
        "circle green: ok green",
    ]
    assert result["messages"][-1].content == "done"


def test_answering_some_interrupts_keeps_the_others_pending_with_the_same_ids() -> None:
    """#6626 again: ids stay stable across a partial resume, so the rest can still be answered."""
    graph = _graph([circle, square], THREE)
    config = {"configurable": {"thread_id": "t"}}
    first, second, third = graph.invoke({"messages": [("user", "draw")]}, config)["__interrupt__"]
    pending = graph.invoke(Command(resume={second.id: "B"}), config)["__interrupt__"]
    assert [i.id for i in pending] == [first.id, third.id]
    result = graph.invoke(Command(resume={third.id: "G", first.id: "R"}), config)
    assert _tool_texts(result) == ["circle red: R", "square blue: B", "circle green: G"]


async def test_parallel_interrupts_with_ainvoke_and_an_async_tool() -> None:
    graph = _graph(
        [async_circle, square],
        [call("async_circle", {"color": "red"}, "c1"), call("square", {"color": "blue"}, "c2")],
    )
    config = {"configurable": {"thread_id": "t"}}
    asked = (await graph.ainvoke({"messages": [("user", "draw")]}, config))["__interrupt__"]
    assert [i.value["color"] for i in asked] == ["red", "blue"]
    result = await graph.ainvoke(Command(resume={i.id: i.value["color"] for i in asked}), config)
    assert _tool_texts(result) == ["circle red: red", "square blue: blue"]


def test_a_tool_error_fails_the_run_even_when_another_call_interrupted() -> None:
    graph = _graph(
        [circle, boom], [call("circle", {"color": "red"}, "c1"), call("boom", {"x": 1}, "c2")]
    )
    with pytest.raises(ValueError, match="bad x"):
        graph.invoke({"messages": [("user", "draw")]}, {"configurable": {"thread_id": "t"}})


def test_a_tool_command_updates_other_state_keys_in_a_graph() -> None:
    class State(MessagesState):
        foo: str

    def agent(state: State) -> dict[str, Any]:
        if len(state["messages"]) > 1:
            return {"messages": [AIMessage("done")]}
        return {"messages": [ai(call("cmd", {"x": 5}), call("echo", {"x": 1}, "2"))]}

    builder = StateGraph(State)
    builder.add_node("agent", agent)
    builder.add_node("tools", ToolNode([cmd, echo]))
    builder.add_edge(START, "agent")
    builder.add_conditional_edges("agent", tools_condition)
    builder.add_edge("tools", "agent")
    result = builder.compile().invoke({"messages": [("user", "go")], "foo": "start"})
    assert result["foo"] == "5"
    assert _tool_texts(result) == ["done", '{"x": 1, "id": "2", "n": 2}']
