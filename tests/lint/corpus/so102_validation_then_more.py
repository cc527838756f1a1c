# expect: none
from langgraph.types import interrupt
from validators import is_email

MAX_LEN = 100


def node(state):
    prompt = "Your email?"
    while True:
        email = interrupt(prompt)
        if is_email(email) and len(email) < MAX_LEN:
            break
        prompt = f"{email!r} is not an email address, try again"
    name = interrupt("Your name?")
    return {"email": email, "name": name}
