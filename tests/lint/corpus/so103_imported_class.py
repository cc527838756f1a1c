# expect: none
from langchain_core.messages import AIMessage
from langgraph.types import interrupt


def node(state):
    reply = interrupt({"message": AIMessage(content=state["draft"]), "items": list(state["items"])})
    return {"reply": reply}
