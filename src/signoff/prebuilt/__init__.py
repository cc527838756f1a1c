"""Ready-made parts for tool-calling agents: `ToolNode`, `tools_condition`, `create_react_agent`.

Importing this package imports langchain_core (tools and messages are its classes).
"""

from signoff.prebuilt.injection import InjectedState, InjectedStore, ToolRuntime
from signoff.prebuilt.react_agent import create_react_agent
from signoff.prebuilt.tool_node import ToolNode, tools_condition

__all__ = [
    "InjectedState",
    "InjectedStore",
    "ToolNode",
    "ToolRuntime",
    "create_react_agent",
    "tools_condition",
]
