# expect: SO103
from pydantic import BaseModel
from signoff.human import approve, ask


class Age(BaseModel):
    years: int


def node(state):
    age = ask("How old are you?", schema=Age, key="age")
    colour = ask("Favourite colour?", default={"red"})  # <- SO103
    decision = approve("delete_rows", {"table": "users", "filter": lambda r: r.old})  # <- SO103
    return {"age": age, "colour": colour, "decision": decision}
