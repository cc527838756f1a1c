# expect: SO104
import requests
from langgraph.types import interrupt


def node(state):
    user = requests.get(f"https://api.example.com/users/{state['id']}").json()
    requests.post("https://api.example.com/audit", json={"user": user})  # <- SO104
    approved = interrupt({"question": "Approve?", "user": user})
    return {"approved": approved}
