# expect: SO104
import subprocess

from langgraph.types import interrupt


def deploy(state):
    subprocess.run(["git", "tag", state["version"]], check=True)  # <- SO104
    go = interrupt(f"Tagged {state['version']}. Deploy?")
    return {"go": go}
