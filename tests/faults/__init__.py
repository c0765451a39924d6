"""Fault injection: the database, the LLM, the backend process and the agents fail; nothing is lost or doubled."""
