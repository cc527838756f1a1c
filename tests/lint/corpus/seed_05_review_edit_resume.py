# expect: none
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
# The human can modify the text before sending
graph.invoke(
    Command(resume="Dear valued customer, we appreciate your inquiry about..."),
    config=config,
)
