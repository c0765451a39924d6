"""The peer: Chainlit's echo app (the smallest Chainlit chat), answering each message with its text.

Run by ``benchmarks/scenarios/chainlit_echo.py`` as ``chainlit run app.py --headless`` from a copy
of this folder, in Chainlit's own virtualenv (``benchmarks/.venv-chainlit``), never the project's.
"""

import chainlit as cl


@cl.on_message
async def echo(message: cl.Message) -> None:
    """Send the user's text back as the assistant's message."""
    await cl.Message(content=f"echo: {message.content}").send()
