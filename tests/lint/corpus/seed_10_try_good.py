# expect: none
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
# ‚úÖ GOOD: separate interrupt from error-prone code
def node(state):
    answer = interrupt("Approve?")
    try:
        fetch_data()  # Only this can fail
    except ConnectionError as e:
        print(e)
    return state
