# expect: SO104
# HTTP clients made in the node itself: their writing methods repeat on resume, reads do not.
import requests
from langgraph.types import interrupt


def node(state):
    with requests.Session() as session:
        profile = session.get(f"https://api.example.com/users/{state['id']}").json()
        session.request("HEAD", "https://api.example.com/health")
        session.put(f"https://api.example.com/users/{state['id']}/flag", json={"review": True})  # <- SO104
        session.request("POST", "https://api.example.com/audit", json=profile)  # <- SO104
        session.delete(f"https://api.example.com/drafts/{state['id']}")  # <- SO104
    kv.put("last_review", state["id"])
    return {"approved": interrupt({"question": "Approve?", "profile": profile})}
