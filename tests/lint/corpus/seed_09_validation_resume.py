# expect: none
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
# First attempt ‚Äî invalid
graph.invoke(Command(resume="not a number"), config=config)
# Interrupt: "'not a number' is not a valid age. Please enter a positive number."

# Second attempt ‚Äî valid
graph.invoke(Command(resume=25), config=config)
# Continues execution with age=25
