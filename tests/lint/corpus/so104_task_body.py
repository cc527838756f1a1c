# expect: SO104
# A task that pauses re-runs from its start on resume, just like a node: its side effects repeat.
from langgraph.func import task
from langgraph.types import interrupt


@task
def review(document):
    db.insert_review_request(document["id"])  # <- SO104
    return interrupt({"question": "Approve this document?", "document": document})
