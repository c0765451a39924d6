"""What the customer reads while a payment or a new payee waits for their passkey or authenticator-app code."""

from __future__ import annotations

from bankchat.bank.approvals import APPROVAL_MINUTES, ApprovalView, Operation, Verdict

APPROVE_WITH_PASSKEY = "Approve with passkey"
"""The quick reply the chat page turns into a passkey prompt (never sent as a message)."""
APPROVED_WITH_PASSKEY = "Approved with my passkey"
"""What the chat page sends once the passkey has signed (``understanding/waiting.py`` reads it, and "approved"): the
engine checks the approval itself, never these words."""
SETTINGS_LINK = "[Settings → Security](/settings)"


def _how(methods: tuple[str, ...]) -> str:
    ways = []
    if "passkey" in methods:
        ways.append(f"tap **{APPROVE_WITH_PASSKEY}** below")
    if "totp" in methods:
        ways.append("type the **6-digit code** from your authenticator app")
    return " or ".join(ways)


def asked(view: ApprovalView) -> str:
    """The request for approval, right after the yes."""
    how = _how(view.methods)
    return (
        f"One more step: **{_capital(view.summary)}** needs your approval. To approve exactly this, {how}. "
        f"It expires in {APPROVAL_MINUTES} minutes; nothing has been done yet. Reply **no** to cancel."
    )


def still_waiting(view: ApprovalView | None) -> str:
    """A doubt or a bare "yes" while the approval waits: how to give it, again."""
    if view is None:
        return "That can no longer be approved, so nothing was done."
    return f"Still waiting for your approval of **{view.summary}**: {_how(view.methods)}, or reply **no** to cancel."


def no_authenticator(operation: Operation) -> str:
    """The payment needs approval but the customer has nothing to approve with."""
    return (
        f"**{_capital(operation.summary)}** needs approval with a passkey or an authenticator app, and you haven't "
        f"set one up yet, so nothing was done. Add one under {SETTINGS_LINK} (it takes a minute), then ask me again."
    )


def not_approved(verdict: Verdict, status: str, typed: bool) -> str:
    """Why the approval didn't go through; nothing was sent."""
    if not verdict.ok and verdict.reason == "wrong_code":
        left = f"{verdict.tries_left} {'try' if verdict.tries_left == 1 else 'tries'} left"
        return f"That code didn't match, so nothing was done ({left}). Type the current 6-digit code from your app."
    if status == "locked" or verdict.reason == "locked":
        return "That is locked after too many wrong tries, so nothing was done. Ask me again to start over."
    if status == "expired" or verdict.reason == "expired":
        return "That approval has expired, so nothing was done. Ask me again to start over."
    if status == "used" or verdict.reason == "used":
        return "That approval has already been used, so nothing more was done."
    if not typed:
        return "I haven't received your passkey's approval yet, so nothing was done. Tap **Approve with passkey**."
    return "That didn't approve it, so nothing was done."


def _capital(text: str) -> str:
    """ "adding Tom … as a payee" at the start of a sentence: "Adding Tom … as a payee"."""
    return text[:1].upper() + text[1:]
