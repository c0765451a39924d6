// BankChat's browser helpers: sign-in and sign-out go through REST routes that
// set or clear the HttpOnly cookie, so no script ever holds the credential.
window.bankchat = {
  async login() {
    const username = document.getElementById("login-username")?.value ?? "";
    const password = document.getElementById("login-password")?.value ?? "";
    if (!username.trim() || !password) return 422;
    try {
      const res = await fetch("/api/auth/session", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: username.trim(), password }),
      });
      if (res.ok) {
        // A full navigation opens a new websocket that carries the new cookie. Never answer
        // the callback: its event would reopen this page's websocket while the chat page
        // opens its own, and with Redis the two race for the tab's state.
        window.location.assign("/chat");
        return new Promise(() => {});
      }
      return res.status;
    } catch (e) {
      return 0;
    }
  },
  async logout() {
    try {
      await fetch("/api/auth/session/logout", { method: "POST", credentials: "same-origin" });
    } finally {
      // Forget the tab: Reflex's state token (sessionStorage) and anything kept in
      // localStorage. The next page starts a new, empty state under a new token.
      try {
        window.sessionStorage.clear();
        window.localStorage.clear();
      } catch (e) {
        // storage disabled: nothing was kept there either
      }
      window.location.assign("/login");
    }
  },
  scrollToBottom(id) {
    const el = document.getElementById(id);
    if (el) el.scrollTop = el.scrollHeight;
  },
};
