# expect: SO101
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
# ‚ùå BAD: bare try/except catches the interrupt exception
def node(state):
    try:
        interrupt("Approve?")  # <- SO101
    except Exception as e:
        print(e)  # This catches the interrupt!
    return state
