# expect: SO102
from datetime import datetime

from langgraph.types import interrupt


def node(state):
    if datetime.now().hour >= 17:
        interrupt("It is after hours. Continue anyway?")  # <- SO102
    approved = interrupt("Approve the deployment?")
    return {"approved": approved}
