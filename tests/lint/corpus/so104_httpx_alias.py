# expect: SO104
import httpx as hx
from langgraph.types import interrupt

client = hx.Client()


async def node(state):
    hx.patch("https://api.example.com/orders/1", json={"status": "pending"})  # <- SO104
    await client.post("/tickets", json=state["ticket"])  # <- SO104
    hx.put("https://api.example.com/orders/1", json={"status": "pending"})
    approved = interrupt("Approve the order?")
    return {"approved": approved}
