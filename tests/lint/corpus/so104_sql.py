# expect: SO104
import sqlite3

from langgraph.types import interrupt

conn = sqlite3.connect("app.db")


def node(state):
    cur = conn.cursor()
    row = cur.execute("SELECT name FROM users WHERE id = ?", (state["id"],)).fetchone()
    cur.execute(
        "INSERT INTO users (id, status) VALUES (?, 'pending') ON CONFLICT (id) DO UPDATE SET status = 'pending'",
        (state["id"],),
    )
    cur.execute("INSERT INTO audit (user_id) VALUES (?)", (state["id"],))  # <- SO104
    conn.commit()  # <- SO104
    approved = interrupt({"question": "Approve?", "name": row[0]})
    return {"approved": approved}
