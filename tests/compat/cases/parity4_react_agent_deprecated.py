"""Building a `create_react_agent` warns `LangGraphDeprecatedSinceV10` (a DeprecationWarning)
with LangGraph 1.2's text, attributed to the caller's line; the agent still runs."""

import warnings
from collections.abc import Sequence
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from signoff.prebuilt import create_react_agent


class Model(GenericFakeChatModel):
    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> "Model":
        return self


def run() -> object:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        agent = create_react_agent(Model(messages=iter([AIMessage("hi", id="a1")])), [])
    result = agent.invoke({"messages": [("user", "hello")]})
    return {
        "warnings": [
            {
                "classes": [c.__name__ for c in w.category.__mro__[:3]],
                "text": str(w.message),
                "from this file": w.filename == __file__,
            }
            for w in caught
        ],
        "answer": result["messages"][-1].content,
    }
