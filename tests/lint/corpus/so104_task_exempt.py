# expect: none
from langgraph.func import entrypoint, task
from langgraph.types import interrupt


@task
def send_email(to, body):
    return mailer.send(to, body)


@task()
def create_ticket(title):
    return tracker.create_issue(title)


@entrypoint()
def workflow(request):
    ticket = create_ticket(request["title"]).result()
    send_email(request["to"], f"Ticket {ticket} opened").result()
    approved = interrupt({"question": "Close the ticket?", "ticket": ticket})
    return {"approved": approved}
