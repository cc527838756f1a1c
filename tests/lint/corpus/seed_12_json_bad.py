# expect: SO103
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
# ‚ùå BAD: functions, class instances
answer = interrupt({"validator": lambda x: len(x) > 0})  # Can't serialize!  # <- SO103
