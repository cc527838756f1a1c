# expect: none
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
from langgraph.graph import StateGraph, START, END, MessagesState
from langgraph.checkpoint.memory import MemorySaver
from langgraph.types import interrupt, Command
from langchain_core.messages import AIMessage


def propose_action(state: MessagesState):
    """Node that proposes an action and waits for approval."""
    # Pause and ask for approval
    approved = interrupt("Do you approve sending this notification?")

    if approved:
        return {"messages": [AIMessage(content="‚úÖ Notification sent!")]}
    else:
        return {"messages": [AIMessage(content="‚ùå Notification cancelled.")]}


builder = StateGraph(MessagesState)
builder.add_node("propose", propose_action)
builder.add_edge(START, "propose")
builder.add_edge("propose", END)

graph = builder.compile(checkpointer=MemorySaver())

config = {"configurable": {"thread_id": "thread-1"}}

# Step 1: Run until the interrupt
result = graph.invoke(
    {"messages": [{"role": "user", "content": "Send a notification"}]},
    config=config,
)

# The interrupt payload is surfaced under __interrupt__
print(result["__interrupt__"])
