# expect: none
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
# Step 2: Resume with the human's response
result = graph.invoke(Command(resume=True), config=config)
print(result["messages"][-1].content)
