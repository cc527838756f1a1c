# expect: none
import logging
import sys

from langgraph.types import interrupt

logger = logging.getLogger(__name__)


def node(state):
    print("about to ask")
    logger.info("asking for %s", state["id"])
    logging.warning("asking")
    sys.stdout.write("asking\n")
    lines = []
    lines.append("a")
    seen = set()
    seen.add("b")
    state["messages"].append("pending")
    draft = llm.chat.completions.create(model="m", messages=state["messages"])
    approved = interrupt({"question": "Approve?", "lines": lines, "draft": str(draft)})
    return {"approved": approved}
