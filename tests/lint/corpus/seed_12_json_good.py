# expect: none
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
# ‚úÖ GOOD: strings, numbers, dicts, lists
answer = interrupt("What's your name?")
answer = interrupt({"question": "Approve?", "details": "..."})
answer = interrupt(42)
