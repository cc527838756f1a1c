# expect: none
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
graph = builder.compile(
    checkpointer=MemorySaver(),
    interrupt_before=["critical_node"],
    interrupt_after=["review_node"],
)

config = {"configurable": {"thread_id": "debug-1"}}

# Run until the breakpoint
graph.invoke(inputs, config=config)

# Step through by resuming with None
graph.invoke(None, config=config)
