"""One module per measurement; each exposes ``async def run(bench) -> dict``."""
