"""The optional LLM: the client against a real local OpenAI-compatible server, the prompt and the output guard."""

from __future__ import annotations

import ast
import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from bankchat.agents import llm
from bankchat.agents.llm import LLMClient, LLMConfig, LLMUnavailable, build_messages, safe_text
from bankchat.agents.types import Customer, HistoryItem, Turn
from bankchat.settings import get_settings
from tests.support.fake_llm import FakeLLM, Raw, Status, Stream
from tests.support.live_server import free_port

MESSAGES = [{"role": "user", "content": "What is a standing order?"}]


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    """A real OpenAI-compatible server on 127.0.0.1, scripted per test."""
    with FakeLLM() as server:
        yield server


class Sleeps(list[float]):
    """Stands in for ``time.sleep``: records each delay instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _client(base_url: str, sleeps: Sleeps | None = None, **overrides: Any) -> LLMClient:
    options: dict[str, Any] = {"model": "test-model", "timeout_seconds": 2.0, "retries": 2, "backoff_seconds": 0.01}
    config = LLMConfig(base_url=base_url, **(options | overrides))
    return LLMClient(config, sleep=sleeps if sleeps is not None else Sleeps())


def _reason(client: LLMClient) -> tuple[str, list[str]]:
    """The failure's reason and the chunks yielded before it."""
    chunks: list[str] = []
    with pytest.raises(LLMUnavailable) as caught:
        chunks.extend(client.stream_reply(MESSAGES))
    return caught.value.reason, chunks


def _data(text: str | None = None, finish: str | None = None) -> str:
    delta = {} if text is None else {"content": text}
    return "data: " + json.dumps({"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})


# --- streaming -------------------------------------------------------------------------------------


def test_stream_reply_yields_chunks_in_order(fake_llm: FakeLLM) -> None:
    fake_llm.push(Stream(["Hel", "lo", ", Alice"]))
    assert list(_client(fake_llm.base_url).stream_reply(MESSAGES)) == ["Hel", "lo", ", Alice"]


def test_stream_reply_yields_first_chunk_before_the_answer_is_complete(fake_llm: FakeLLM) -> None:
    fake_llm.push(Stream(["first", " second"], pause_after=1))
    chunks = _client(fake_llm.base_url).stream_reply(MESSAGES)
    assert next(chunks) == "first"  # the server holds the rest until resume()
    fake_llm.resume()
    assert list(chunks) == [" second"]
    assert not fake_llm.pause_timed_out


def test_stream_reply_sends_model_messages_and_bearer_key(fake_llm: FakeLLM) -> None:
    _client(fake_llm.base_url, api_key="sk-test-123").complete(MESSAGES)
    [request] = fake_llm.requests
    assert request.path == "/v1/chat/completions"
    assert request.body == {
        "model": "test-model",
        "messages": MESSAGES,
        "stream": True,
        "temperature": 0.2,
        "max_tokens": 400,
    }
    assert request.headers["authorization"] == "Bearer sk-test-123"


def test_stream_reply_sends_no_authorization_without_key(fake_llm: FakeLLM) -> None:
    _client(fake_llm.base_url + "/").complete(MESSAGES)
    [request] = fake_llm.requests
    assert request.path == "/v1/chat/completions"
    assert "authorization" not in request.headers


def test_complete_joins_the_stream(fake_llm: FakeLLM) -> None:
    assert _client(fake_llm.base_url).complete(MESSAGES) == "Hello from the fake model."


def test_stream_reply_tolerates_keepalives_blank_lines_and_usage_chunks(fake_llm: FakeLLM) -> None:
    lines = [": ping", "", "event: message", _data("Hi"), "", "", ": ping", 'data: {"choices": []}', "data:", ""]
    fake_llm.push(Raw([*lines, _data(finish="stop"), "", "data: [DONE]", ""]))
    assert _client(fake_llm.base_url).complete(MESSAGES) == "Hi"


def test_stream_reply_accepts_a_whole_json_answer(fake_llm: FakeLLM) -> None:
    answer = '{"choices": [{"index": 0, "message": {"role": "assistant", "content": "All in one"}}]}'
    fake_llm.push(Raw([answer], content_type="application/json"))
    assert _client(fake_llm.base_url).complete(MESSAGES) == "All in one"


def test_stream_reply_goes_through_an_injected_transport() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = "\n\n".join([_data("Mock"), _data(" answer", finish="stop"), "data: [DONE]"]) + "\n\n"
        return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, text=body)

    config = LLMConfig(base_url="https://llm.example/v1", api_key="k")
    assert LLMClient(config, httpx.MockTransport(answer)).complete(MESSAGES) == "Mock answer"
    assert [str(r.url) for r in seen] == ["https://llm.example/v1/chat/completions"]


def test_fake_llm_answers_json_when_not_streaming(fake_llm: FakeLLM) -> None:
    fake_llm.push(Stream(["Hel", "lo"]))
    response = httpx.post(f"{fake_llm.base_url}/chat/completions", json={"model": "m", "messages": MESSAGES})
    assert response.json()["choices"][0]["message"] == {"role": "assistant", "content": "Hello"}


# --- retries ---------------------------------------------------------------------------------------


def test_stream_reply_retries_server_errors_with_backoff_then_succeeds(fake_llm: FakeLLM) -> None:
    fake_llm.push(Status(500), Status(503), Stream(["ok"]))
    sleeps = Sleeps()
    assert _client(fake_llm.base_url, sleeps, backoff_seconds=0.25).complete(MESSAGES) == "ok"
    assert sleeps == [0.25, 0.5]
    assert len(fake_llm.requests) == 3


def test_stream_reply_gives_up_after_the_retries(fake_llm: FakeLLM) -> None:
    fake_llm.push(Status(500), Status(500), Status(502))
    assert _reason(_client(fake_llm.base_url)) == ("http_502", [])
    assert len(fake_llm.requests) == 3


def test_stream_reply_honours_retry_after_on_429(fake_llm: FakeLLM) -> None:
    fake_llm.push(Status(429, retry_after=1), Stream(["ok"]))
    sleeps = Sleeps()
    assert _client(fake_llm.base_url, sleeps).complete(MESSAGES) == "ok"
    assert sleeps == [1.0]
    assert len(fake_llm.requests) == 2


def test_stream_reply_waits_for_retry_after_in_real_time(fake_llm: FakeLLM) -> None:
    fake_llm.push(Status(429, retry_after="0.3"), Stream(["ok"]))
    client = LLMClient(LLMConfig(base_url=fake_llm.base_url, backoff_seconds=0.01))
    started = time.monotonic()
    assert client.complete(MESSAGES) == "ok"
    assert 0.3 <= time.monotonic() - started < 2


def test_stream_reply_does_not_retry_when_retry_after_exceeds_the_cap(fake_llm: FakeLLM) -> None:
    fake_llm.push(Status(429, retry_after=30))
    sleeps = Sleeps()
    assert _reason(_client(fake_llm.base_url, sleeps)) == ("http_429", [])
    assert sleeps == []
    assert len(fake_llm.requests) == 1


@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_stream_reply_does_not_retry_client_errors(fake_llm: FakeLLM, status: int) -> None:
    fake_llm.push(Status(status))
    sleeps = Sleeps()
    assert _reason(_client(fake_llm.base_url, sleeps)) == (f"http_{status}", [])
    assert sleeps == []
    assert len(fake_llm.requests) == 1


def test_stream_reply_times_out_quickly_and_retries(fake_llm: FakeLLM) -> None:
    fake_llm.push(Stream(["late"], delay=3), Stream(["late"], delay=3))
    client = _client(fake_llm.base_url, timeout_seconds=0.2, retries=1)
    started = time.monotonic()
    assert _reason(client) == ("timeout", [])
    assert time.monotonic() - started < 1.5
    assert len(fake_llm.requests) == 2


def test_stream_reply_reports_connect_errors() -> None:
    sleeps = Sleeps()
    assert _reason(_client(f"http://127.0.0.1:{free_port()}/v1", sleeps, retries=1)) == ("connect", [])
    assert sleeps == [0.01]


# --- broken and bad streams ------------------------------------------------------------------------


def test_stream_reply_raises_when_the_stream_breaks_midway(fake_llm: FakeLLM) -> None:
    fake_llm.push(Stream(["one", " two", " three"], break_after=2), Stream(["never sent"]))
    assert _reason(_client(fake_llm.base_url)) == ("network", ["one", " two"])
    assert len(fake_llm.requests) == 1  # text was shown: no retry


def test_stream_reply_retries_a_stream_broken_before_any_text(fake_llm: FakeLLM) -> None:
    fake_llm.push(Stream(["lost"], break_after=0), Stream(["ok"]))
    assert _client(fake_llm.base_url).complete(MESSAGES) == "ok"
    assert len(fake_llm.requests) == 2


def test_stream_reply_raises_when_the_stream_ends_without_done(fake_llm: FakeLLM) -> None:
    fake_llm.push(Stream(["cut"], done=False))
    assert _reason(_client(fake_llm.base_url)) == ("bad_stream", ["cut"])


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (["data: {not json", ""], "bad_stream"),
        (['data: {"choices": "nope"}', ""], "bad_stream"),
        (["<html>Bad gateway</html>"], "bad_stream"),
        (['data: {"error": {"message": "overloaded"}}', ""], "stream_error"),
        ([_data(finish="stop"), "", "data: [DONE]", ""], "empty"),
        ([_data("  "), "", "data: [DONE]", ""], "empty"),
    ],
)
def test_stream_reply_rejects_bad_streams(fake_llm: FakeLLM, lines: list[str], reason: str) -> None:
    fake_llm.push(Raw(lines))
    assert _reason(_client(fake_llm.base_url))[0] == reason
    assert len(fake_llm.requests) == 1


# --- configuration ---------------------------------------------------------------------------------


@pytest.fixture
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Settings re-read from the environment in this test, and again by the next one."""
    for name in ("BANKCHAT_LLM_BASE_URL", "BANKCHAT_LLM_MODEL", "BANKCHAT_LLM_API_KEY", "BANKCHAT_LLM_RETRIES"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_from_settings_is_none_without_base_url(fresh_settings: pytest.MonkeyPatch) -> None:
    assert LLMConfig.from_settings() is None
    fresh_settings.setenv("BANKCHAT_LLM_BASE_URL", "  ")
    get_settings.cache_clear()
    assert LLMConfig.from_settings() is None


def test_from_settings_reads_the_environment(fresh_settings: pytest.MonkeyPatch) -> None:
    fresh_settings.setenv("BANKCHAT_LLM_BASE_URL", "http://127.0.0.1:11434/v1")
    fresh_settings.setenv("BANKCHAT_LLM_MODEL", "llama3.2")
    fresh_settings.setenv("BANKCHAT_LLM_API_KEY", "sk-secret-value")
    fresh_settings.setenv("BANKCHAT_LLM_RETRIES", "1")
    config = LLMConfig.from_settings()
    assert config is not None
    assert (config.completions_url, config.model, config.api_key, config.retries, config.timeout_seconds) == (
        "http://127.0.0.1:11434/v1/chat/completions",
        "llama3.2",
        "sk-secret-value",
        1,
        20.0,
    )
    assert "sk-secret-value" not in repr(config)
    assert "sk-secret-value" not in repr(get_settings())


def test_config_refuses_a_url_that_is_not_http() -> None:
    with pytest.raises(ValueError, match="http"):
        LLMConfig(base_url="ftp://example.com/v1")


# --- the prompt ------------------------------------------------------------------------------------


def _turn(text: str = "Can you explain overdraft fees?", history: tuple[HistoryItem, ...] = ()) -> Turn:
    customer = Customer(user_id=7, display_name="Alice Anderson")
    return Turn(session_id="sess_x", customer=customer, text=text, history=history, today=date(2025, 3, 14))


def test_build_messages_puts_rules_history_and_message_in_order() -> None:
    history = (
        HistoryItem("user", "hi"),
        HistoryItem("assistant", "Hello Alice!", agent="smalltalk"),
        HistoryItem("staff", "Hi, this is Sam from the bank."),
        HistoryItem("user", "thanks"),
    )
    messages = build_messages(_turn(history=history))
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "assistant", "user", "user"]
    assert [m["content"] for m in messages[1:]] == [
        "hi",
        "Hello Alice!",
        "Hi, this is Sam from the bank.",
        "thanks",
        "Can you explain overdraft fees?",
    ]
    system = messages[0]["content"]
    assert "send £50 to savings" in system
    assert "cannot see or change any account data" in system
    assert "Alice Anderson" in system
    assert "2025-03-14" in system
    assert "<facts>" not in system


def test_build_messages_keeps_the_last_eight_messages_each_cut_to_1000_chars() -> None:
    history = tuple(HistoryItem("user" if i % 2 else "assistant", f"{i}:" + "x" * 1500) for i in range(12))
    messages = build_messages(_turn(history=history))
    earlier = messages[1:-1]
    assert [m["content"].split(":")[0] for m in earlier] == [str(i) for i in range(4, 12)]
    assert all(len(m["content"]) == 1000 for m in earlier)


def test_build_messages_includes_the_draft_as_facts() -> None:
    draft = "Your **Everyday Checking** balance is **£1,234.56**."
    system = build_messages(_turn("balance?"), draft=draft)[0]["content"]
    assert "facts you may rephrase but must not change (numbers verbatim)" in system
    assert f"<facts>\n{draft}\n</facts>" in system


def test_build_messages_masks_full_card_numbers() -> None:
    history = (HistoryItem("user", "my card is 4111 1111 1111 1111"),)
    messages = build_messages(_turn("and 5500-0000-0000-0004?", history=history))
    text = " ".join(m["content"] for m in messages)
    assert "4111 1111 1111 1111" not in text
    assert "5500-0000-0000-0004" not in text
    assert "1111" in messages[1]["content"]


def test_llm_package_has_no_access_to_the_bank() -> None:
    imported: set[str] = set()
    for source in Path(llm.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    forbidden = ("bankchat.bank", "bankchat.db", "bankchat.models", "bankchat.services", "sqlmodel", "sqlalchemy")
    assert "bankchat.agents.types" in imported  # the walk sees the package's imports
    assert not [name for name in imported if name.startswith(forbidden)]


# --- the output guard ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi <script>alert(1)</script>there", "Hi there"),
        ("<b>Bold</b> and <img src=x onerror=alert(1)>plain", "Bold and plain"),
        ("[Click here](javascript:alert(1)) to verify", "Click here to verify"),
        ("[x](JaVaScRiPt:alert(1)) [y](&#106;avascript:alert(1)) [z](data:text/html,hi)", "x y z"),
        ("Go to javascript:alert(1)", "Go to alert(1)"),
        ("<scr<script>x</script>ipt>alert(1)</script>", "alert(1)"),
        ("Balance ![chart](https://evil.example/p.png?b=1234) shown", "Balance chart shown"),
        ("<!-- hidden -->Visible", "Visible"),
    ],
)
def test_safe_text_strips_html_scripts_and_images(text: str, expected: str) -> None:
    assert safe_text(text) == expected


def test_safe_text_keeps_ordinary_markdown() -> None:
    text = "**£50.00** from *Checking* to *Savings* (1 < 2).\n\n- [Fees](https://example.com/fees)\n- `code`"
    assert safe_text(text) == text


def test_safe_text_cuts_long_answers_to_4000_chars() -> None:
    cut = safe_text("a" * 5000)
    assert len(cut) == 4000
    assert cut.endswith("…")
