# expect: none
import logging

from langgraph.types import interrupt

logger = logging.getLogger(__name__)


def node(state):
    try:
        answer = interrupt("Approve?")
    except BaseException:
        logger.info("paused or failed")
        raise
    try:
        other = interrupt("Really?")
    except Exception as exc:
        logger.warning("failed: %s", exc)
        raise exc
    return {"answer": answer, "other": other}
