# expect: SO101,SO103,SO104
"""A node that breaks several rules at once, as code written in a hurry does."""

from langchain_core.tools import tool
from langgraph.types import Command, interrupt


@tool
def refund(order_id: str, amount: float):
    """Refund an order after a human approves it."""
    payments.create_refund_request(order_id, amount)  # <- SO104
    try:
        answer = interrupt(  # <- SO101
            {
                "question": f"Refund {amount} for {order_id}?",
                "format": lambda a: f"{a:.2f}",  # <- SO103
            }
        )
    except Exception:
        return "Refund failed"
    if answer.get("action") == "approve":
        payments.charge_back(order_id, amount)
        return Command(update={"status": "refunded"})
    return "Refund cancelled"
