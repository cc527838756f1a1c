# expect: none


def interrupt(reason):
    return f"interrupted: {reason}"


def node(state):
    try:
        message = interrupt("disk full")
    except Exception:
        message = ""
    if state.get("verbose"):
        interrupt("verbose")
    interrupt("again")
    return {"message": message}
