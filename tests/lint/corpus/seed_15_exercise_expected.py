# expect: none
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
# Run ‚Äî hits interrupt with draft
result = graph.invoke({"to": "alice@example.com", "topic": "meeting"}, config=config)
# __interrupt__: {"draft": "Dear Alice...", "question": "Approve, edit, or reject?"}

# Approve
result = graph.invoke(Command(resume={"action": "approve"}), config=config)
# "Email sent to alice@example.com"
