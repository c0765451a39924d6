"""The floor app: one state, one handler, one page; and a bare FastAPI route doing the same two inserts."""

from __future__ import annotations

import reflex as rx
from fastapi import FastAPI
from pydantic import BaseModel

from floor.store import engine, store_exchange


class FloorState(rx.State):
    """The last reply, nothing else."""

    reply: str = ""
    count: int = 0

    @rx.event
    def send(self, text: str) -> None:
        """Store the message and the canned reply, answer with the reply."""
        self.reply = store_exchange(self.router.session.client_token, str(text))
        self.count += 1


class MessageIn(BaseModel):
    """The REST body."""

    content: str


api = FastAPI()


@api.post("/api/floor/message")
def post_message(body: MessageIn) -> dict[str, str]:
    """The REST floor: the same two inserts, answered as JSON (a plain ``def``: FastAPI's thread pool)."""
    return {"reply": store_exchange("rest", body.content)}


def index() -> rx.Component:
    """A text box, a button, the reply."""
    return rx.vstack(
        rx.input(id="message", on_blur=FloorState.send),
        rx.text(FloorState.reply, id="reply"),
    )


engine()  # create the table before the first event
app = rx.App(api_transformer=api)
app.add_page(index, route="/")
