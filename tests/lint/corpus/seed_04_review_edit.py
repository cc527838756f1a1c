# expect: none
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
from langgraph.types import interrupt


def generate_email(state):
    """Generate an email draft and let the human edit it."""
    draft = f"Dear customer, thank you for contacting us about {state['topic']}..."

    # Pause and show the draft for review
    edited_content = interrupt(
        {
            "instruction": "Review and edit this email draft",
            "content": draft,
        }
    )

    # The resume value is the edited text
    return {"email": edited_content}
