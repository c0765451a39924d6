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
    // The message list is a column-reverse scroller: 0 is its bottom (scrollHeight clamps to it too).
    if (el) el.scrollTop = getComputedStyle(el).flexDirection === "column-reverse" ? 0 : el.scrollHeight;
  },
  announce(text) {
    const region = document.getElementById("reply-announcer");
    if (!region) return;
    // Emptied first: the same words twice in a row are announced twice.
    region.textContent = "";
    setTimeout(() => { region.textContent = text; }, 50);
  },
};

// The chat page's reading aids, all in the browser (no server event, nothing in the state):
// a copy button on each reply, "Jump to latest" once scrolled up (saying so when a reply
// arrives below the fold), new replies read out by a polite live region, and a switched
// conversation shown at its latest message.
(() => {
  const FOLD_PX = 120;
  const seen = { conversation: null, key: null };

  const list = () => document.getElementById("message-list");
  const jump = () => document.getElementById("jump-to-latest");
  const fromBottom = (el) =>
    getComputedStyle(el).flexDirection === "column-reverse"
      ? Math.abs(el.scrollTop)
      : el.scrollHeight - el.clientHeight - el.scrollTop;

  function showJump(visible, fresh) {
    const button = jump();
    if (!button) return;
    button.toggleAttribute("data-visible", visible);
    if (!visible || fresh === false) button.removeAttribute("data-new");
    else if (fresh) button.setAttribute("data-new", "");
  }

  function toLatest() {
    window.bankchat.scrollToBottom("message-list");
    showJump(false);
  }

  function replyText(message) {
    const bubble = message.querySelector(".bubble");
    return bubble ? bubble.innerText.trim() : "";
  }

  function look() {
    const el = list();
    if (!el) {
      seen.conversation = null;
      return;
    }
    const messages = el.querySelectorAll(".message[data-key]");
    const last = messages.length ? messages[messages.length - 1] : null;
    const key = last ? last.getAttribute("data-key") : null;
    const conversation = el.getAttribute("data-conversation");
    if (conversation !== seen.conversation) {
      // A page load, another conversation or a new one: shown at its latest message, read out not.
      const first = seen.conversation === null;
      seen.conversation = conversation;
      seen.key = key;
      if (!first) toLatest();
      return;
    }
    if (key === seen.key || !last) return;
    seen.key = key;
    if (!last.classList.contains("message-bot")) {
      toLatest(); // the customer's own message: follow it down
      return;
    }
    const who = last.getAttribute("data-role") === "staff" ? "BankChat staff" : "BankChat";
    window.bankchat.announce(`${who}: ${replyText(last)}`);
    if (fromBottom(el) > FOLD_PX) showJump(true, true);
  }

  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      look();
    });
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-conversation"] });

  document.addEventListener(
    "scroll",
    (event) => {
      const el = event.target;
      if (!(el instanceof Element) || el.id !== "message-list") return;
      const away = fromBottom(el) > FOLD_PX;
      showJump(away, away ? undefined : false);
    },
    true,
  );

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      // No clipboard API (a page served over plain HTTP from another host): the old way.
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      const done = document.execCommand("copy");
      area.remove();
      return done;
    }
  }

  document.addEventListener("click", async (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    if (target.closest("#jump-to-latest")) {
      toLatest();
      return;
    }
    const button = target.closest(".copy-reply");
    const message = button && button.closest(".message");
    if (!message) return;
    const copied = await copy(replyText(message));
    button.toggleAttribute("data-copied", copied);
    window.bankchat.announce(copied ? "Reply copied to the clipboard" : "The reply could not be copied");
    setTimeout(() => button.removeAttribute("data-copied"), 2000);
  });
})();

// Passkeys (WebAuthn): the server's options arrive as JSON with base64url strings where the
// browser wants bytes, and its answer goes back the same way. Each helper resolves to the
// credential as JSON, or to {error} when the browser or the customer said no; it never throws.
window.bankchatPasskey = (() => {
  const toBytes = (text) => {
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  };
  const toText = (buffer) =>
    btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const descriptors = (list) => (list || []).map((c) => ({ ...c, id: toBytes(c.id) }));
  const failure = (e) => ({ error: (e && e.name) || "Error" });
  const supported = () => !!(window.PublicKeyCredential && navigator.credentials && window.isSecureContext);
  return {
    async create(options) {
      if (!supported()) return { error: "NotSupportedError" };
      try {
        const publicKey = {
          ...options,
          challenge: toBytes(options.challenge),
          user: { ...options.user, id: toBytes(options.user.id) },
          excludeCredentials: descriptors(options.excludeCredentials),
        };
        const cred = await navigator.credentials.create({ publicKey });
        return {
          id: cred.id,
          rawId: toText(cred.rawId),
          type: cred.type,
          response: {
            clientDataJSON: toText(cred.response.clientDataJSON),
            attestationObject: toText(cred.response.attestationObject),
            transports: cred.response.getTransports ? cred.response.getTransports() : [],
          },
        };
      } catch (e) {
        return failure(e);
      }
    },
    async get(options) {
      if (!supported()) return { error: "NotSupportedError" };
      try {
        const publicKey = {
          ...options,
          challenge: toBytes(options.challenge),
          allowCredentials: descriptors(options.allowCredentials),
        };
        const cred = await navigator.credentials.get({ publicKey });
        return {
          id: cred.id,
          rawId: toText(cred.rawId),
          type: cred.type,
          response: {
            clientDataJSON: toText(cred.response.clientDataJSON),
            authenticatorData: toText(cred.response.authenticatorData),
            signature: toText(cred.response.signature),
            userHandle: cred.response.userHandle ? toText(cred.response.userHandle) : null,
          },
        };
      } catch (e) {
        return failure(e);
      }
    },
  };
})();
