"""Answers customers give to a read-back, shared by the dialogue, specialist and API tests."""

CLEAR_YES = [
    "yes", "Yes please", "YES!", "y", "ok", "okay", "Confirm", "confirmed", "go ahead", "do it!", "yep", "yup",
    "yeah", "that's right", "That’s correct", "yes, send it", "yes please go ahead", "sure", "absolutely",
    "correct", "proceed", "yes do it now", "perfect, go ahead", "ok thanks", "👍", "yes that's right", "yh",
    "yeah go on", "go on then", "ye", "yeh go ahead", "yes, I'm sure", "yes im sure", "yes it's genuine",
]  # fmt: skip
NOT_A_YES = [
    "is that right?", "yes?", "ok wait", "ok let me think about it", "not sure yet", "confirmed? what do you mean",
    "yes but make it 5000", "yes if there's enough", "sure?", "hmm", "ok hold on", "maybe", "yes, later",
    "ok but from savings", "right", "I think so", "no", "yes no", "what", "ok one sec", "probably",
    "yes and also check my balance", "yeah nah", "okay actually make it 40", "correct me if I'm wrong", "",
    "yes " * 20, "I do not confirm", "don't", "ok?", "go ahead?", "not ok", "yes wait", "hang on yes",
    "go on?", "go on hold", "yes on second thoughts no",
]  # fmt: skip
