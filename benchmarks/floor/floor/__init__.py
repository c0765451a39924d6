"""The floor: the least a Reflex chat can do per message (store it and a canned reply, answer)."""
