# expect: SO101
from langgraph.types import interrupt

try:
    ANSWER = interrupt("Module-level question?")  # <- SO101
except:
    ANSWER = None
