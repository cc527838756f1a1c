# expect: SO102
from langgraph.types import interrupt


def node(state):
    try:
        data = fetch_data(state["url"])
    except ConnectionError:
        data = interrupt("Could not fetch; paste the data:")  # <- SO102
    approved = interrupt({"question": "Use this data?", "data": data})
    return {"data": data, "approved": approved}
