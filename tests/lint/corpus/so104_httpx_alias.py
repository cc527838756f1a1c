# expect: SO104
import httpx as hx
from langgraph.types import interrupt

client = hx.Client()


async def node(state):
    hx.patch("https://api.example.com/orders/1", json={"status": "pending"})  # <- SO104
    await client.post("/tickets", json=state["ticket"])  # <- SO104
    hx.put("https://api.example.com/orders/1", json={"status": "pending"})  # <- SO104
    client.put("/orders/1", json={"status": "pending"})  # <- SO104
    order = client.get("/orders/1").json()
    approved = interrupt({"question": "Approve the order?", "order": order})
    return {"approved": approved}
