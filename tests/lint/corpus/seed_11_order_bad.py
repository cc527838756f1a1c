# expect: SO102
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
# ‚ùå BAD: conditional skip changes the order
def node(state):
    name = interrupt("What's your name?")
    if state.get("needs_age"):
        age = interrupt("What's your age?")  # Index mismatch on resume!  # <- SO102
    city = interrupt("What's your city?")
    return state
