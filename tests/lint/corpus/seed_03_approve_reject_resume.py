# expect: none
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
# Approve
graph.invoke(Command(resume=True), config=config)

# Reject
graph.invoke(Command(resume=False), config=config)
