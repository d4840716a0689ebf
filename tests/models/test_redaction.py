"""The call's override code and card numbers are kept out of texts, the log and the clipboard (SOP N1, M7)."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.models.card_numbers import card_spans
from desktop.models.notes.lint import OVERRIDE_CODE, finding_text, lint_note
from desktop.models.redaction import (
    CALL_SECRETS,
    CODE_MASK,
    CallSecrets,
    RedactingLogFilter,
    clipboard_text,
    redact_text,
    redact_value,
)
from tests.secrets_probe import text_holds

CODE = "7Q4K9X2M"
CARD = "4111 1111 1111 1111"


@pytest.fixture
def secrets() -> CallSecrets:
    s = CallSecrets()
    s.remember(CODE)
    return s


@pytest.fixture
def call_code() -> Iterator[str]:
    CALL_SECRETS.remember(CODE)
    yield CODE
    CALL_SECRETS.forget_all()


@pytest.mark.parametrize(
    "typed",
    [CODE, "7q4k9x2m", "7Q4K 9X2M", "7-Q-4-K-9-X-2-M", "7 q 4 k 9 x 2 m", "7Q4K.9X2M", "７Ｑ４Ｋ９Ｘ２Ｍ", "7Q4K\u00a09X2M"],
)
def test_the_code_is_scrubbed_however_it_is_typed_M7(secrets: CallSecrets, typed: str) -> None:
    text = f"Gave code {typed} to the client"
    assert secrets.scrub(text) == f"Gave code {CODE_MASK} to the client"
    assert secrets.spans(text) == [(10, 10 + len(typed))]


def test_the_code_given_with_separators_is_scrubbed_too(secrets: CallSecrets) -> None:
    other = CallSecrets()
    other.remember("7q4k-9x2m")
    assert other.scrub(f"code {CODE}") == f"code {CODE_MASK}"
    assert secrets.scrub("code 7Q4K9X2") == "code 7Q4K9X2"  # a different string is not the code


def test_a_code_typed_key_by_key_is_remembered_whole(secrets: CallSecrets) -> None:
    """Not every prefix of it: "ABCD123" elsewhere in the note is not the code."""
    for end in range(len("ABCD1234") + 1):
        secrets.remember("ABCD1234"[:end])
    assert secrets.scrub(f"{CODE} ABCD1234 ABCD123") == f"{CODE_MASK} {CODE_MASK} ABCD123"


def test_a_code_read_out_stays_scrubbed_when_the_field_grows_past_it(secrets: CallSecrets) -> None:
    """Keys typed after the whole code replace the field's value, not the code the client heard."""
    secrets.remember("ABCD1234")
    secrets.remember("ABCD1234", "read_out", grows=False)
    secrets.remember("ABCD123455")  # the field now
    assert secrets.scrub("gave ABCD1234 then ABCD123455") == f"gave {CODE_MASK} then {CODE_MASK}"


@pytest.mark.parametrize(
    "record_id",
    ["abcdef4111111111111111abcdefabcd", "41111111-1111-4111-a111-111111111111"],  # Luhn-valid runs inside
)
def test_a_record_id_is_not_taken_for_a_card(record_id: str) -> None:
    """A draft's revision or a write's UUID keeps naming its record (the draft is deleted by it)."""
    assert redact_text(record_id, in_progress=True) == record_id
    assert redact_value({"revision": record_id}) == {"revision": record_id}
    assert "4111111111111111" not in redact_text("card 4111111111111111")  # typed, the digits are masked


def test_erasing_or_clearing_the_field_keeps_the_code_scrubbed(secrets: CallSecrets) -> None:
    for end in range(len(CODE), -1, -1):
        secrets.remember(CODE[:end])
    assert secrets.scrub(f"code {CODE}") == f"code {CODE_MASK}"
    assert secrets.scrub("code 7Q4K9X2") == "code 7Q4K9X2"


def test_a_corrected_code_is_scrubbed_as_well_as_the_typo(secrets: CallSecrets) -> None:
    fresh = CallSecrets()
    for typed in ("W", "WX", "WXY", "WXYZ", "WXY", "WX", "WX1", "WX12", "WX123", "WX1234"):
        fresh.remember(typed)
    assert fresh.scrub("WX1234 and WXYZ") == f"{CODE_MASK} and {CODE_MASK}"


def test_short_codes_are_not_scrubbed() -> None:
    fresh = CallSecrets()
    fresh.remember("AB1")
    assert not fresh
    assert fresh.scrub("AB1 and about") == "AB1 and about"


def test_forget_all_ends_the_call(secrets: CallSecrets) -> None:
    secrets.forget_all()
    assert secrets.scrub(CODE) == CODE
    assert not secrets


def test_the_registry_never_shows_the_code(secrets: CallSecrets) -> None:
    assert CODE not in repr(secrets) and CODE.lower() not in repr(secrets).lower()


def test_threads_may_remember_and_scrub_at_once(secrets: CallSecrets) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(200):
                secrets.remember(CODE)
                assert CODE not in secrets.scrub(f"x {CODE} y")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=4, max_size=12),
    st.lists(st.sampled_from(["", " ", "-", ".", "  ", "\u00a0"]), min_size=12, max_size=12),
    st.booleans(),
    st.text(max_size=20),
)
def test_any_code_with_any_separators_is_scrubbed(code: str, seps: list[str], lower: bool, around: str) -> None:
    secrets = CallSecrets()
    secrets.remember(code)
    typed = "".join(c + s for c, s in zip(code.lower() if lower else code, seps, strict=False)).strip()
    scrubbed = secrets.scrub(f"{around} {typed} {around}")
    assert not text_holds(code, scrubbed.replace(around, " "))


def test_redact_text_masks_cards_and_the_code(secrets: CallSecrets) -> None:
    assert redact_text(f"card {CARD}, code {CODE}", secrets) == f"card **** **** **** 1111, code {CODE_MASK}"
    assert redact_text("", secrets) == ""


def test_redact_value_walks_json_like_data(call_code: str) -> None:
    value = {"reason": CARD, "lines": [f"code {CODE}", 3, None], "nested": {CODE: (CARD,)}, "n": 1.5}
    assert redact_value(value) == {
        "reason": "**** **** **** 1111",
        "lines": [f"code {CODE_MASK}", 3, None],
        "nested": {CODE_MASK: ("**** **** **** 1111",)},
        "n": 1.5,
    }


def test_clipboard_text_is_redacted(call_code: str) -> None:
    assert clipboard_text(f"CID 1234567 card {CARD} code {call_code}") == (
        f"CID 1234567 card **** **** **** 1111 code {CODE_MASK}"
    )


# ---------------------------------------------------------------------------
# note lint


def test_the_note_lint_flags_the_code_of_this_call_M7(call_code: str) -> None:
    text = "Gave the client code 7q4k-9x2m at 3 PM."
    findings = [f for f in lint_note(text) if f.code == OVERRIDE_CODE]
    assert [(text[f.start : f.end]) for f in findings] == ["7q4k-9x2m"]
    assert finding_text(OVERRIDE_CODE, "es") != finding_text(OVERRIDE_CODE, "en")


def test_without_a_code_on_the_call_nothing_is_flagged() -> None:
    CALL_SECRETS.forget_all()
    assert [f for f in lint_note(f"Gave the client code {CODE}.") if f.code == OVERRIDE_CODE] == []


# ---------------------------------------------------------------------------
# log filter


def _record(msg: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("desktop", logging.ERROR, __file__, 1, msg, args or None, exc_info)


def _formatted(record: logging.LogRecord) -> str:
    RedactingLogFilter().filter(record)
    return logging.Formatter("%(message)s").format(record)


def test_log_messages_and_arguments_are_redacted(call_code: str) -> None:
    out = _formatted(_record("failed %s with %r", CARD, {"waiver_reason": f"code {CODE}"}))
    assert not text_holds(CARD, out) and not text_holds(CODE, out)
    assert "failed **** **** **** 1111 with" in out


def test_logged_tracebacks_are_redacted_even_in_escapes(call_code: str) -> None:
    nbsp_card = CARD.replace(" ", "\u00a0")
    fullwidth_code = "７Ｑ４Ｋ９Ｘ２Ｍ"
    try:
        raise ValueError(repr({"note_text": nbsp_card, "code": fullwidth_code.encode("unicode_escape").decode()}))
    except ValueError as exc:
        out = _formatted(_record("unhandled exception", exc=exc))
    assert "Traceback" in out and "ValueError" in out
    assert not text_holds(CARD, out)
    assert not text_holds(CODE, out)


def test_log_lines_without_secrets_are_untouched() -> None:
    record = _record("opened %s", "C:\\temp\\new.sqlite3")
    assert _formatted(record) == "opened C:\\temp\\new.sqlite3"
    assert redact_text("path C:\\temp\\new 4111") == "path C:\\temp\\new 4111"


def test_json_text_with_escaped_secrets_stays_json(call_code: str) -> None:
    """A JSON document kept in a text column (an SOP pack) holds escapes, not the characters."""
    document = json.dumps({"source": f"card {CARD.replace(' ', chr(9))}", "code": "７Ｑ４Ｋ９Ｘ２Ｍ"}, indent=2) + "\n"
    redacted = redact_text(document)
    assert json.loads(redacted) == {"source": "card ****\t****\t****\t1111", "code": CODE_MASK}
    assert redacted.startswith('{\n  "source"') and redacted.endswith("}\n")
    assert redact_text(json.dumps({"path": "C:\\temp"})) == json.dumps({"path": "C:\\temp"})


def test_a_bad_format_string_is_still_logged_and_redacted() -> None:
    out = _formatted(_record("card %d", CARD))
    assert "**** **** **** 1111" in out and not text_holds(CARD, out)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789１２３\\uxa0ft \t-./_–\"{}[]:,QK7"), max_size=80) | st.text(max_size=80))
def test_redaction_never_crashes_and_leaves_no_card(text: str) -> None:
    redacted = redact_text(text)
    assert list(card_spans(redacted)) == []
    assert redact_value({"t": [text]}) == {"t": [redacted]}
