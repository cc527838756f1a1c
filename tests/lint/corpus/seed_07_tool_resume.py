# expect: none
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
# Approve as-is
graph.invoke(Command(resume={"action": "approve"}), config=config)

# Approve with modifications
graph.invoke(
    Command(
        resume={
            "action": "approve",
            "to": "updated@example.com",
            "subject": "Updated subject",
        }
    ),
    config=config,
)

# Reject
graph.invoke(Command(resume={"action": "reject"}), config=config)
