"""One safe way to read YAML: limits first, no tags, no anchors, no aliases.

Parsing uses the Rust `yaml-rs` parser (much faster than libyaml on large files,
see benchmarks/README.md), which never constructs objects. Anchors and aliases
are refused before parsing (no alias bombs, no hidden sharing between records);
line numbers for later messages come from PyYAML's composer, run only when a
problem has to be located.

Control characters other than tab, line feed and carriage return (NUL among them:
PyYAML stops reading at a NUL, so whatever follows it would go unchecked) are refused
with their line, and so is a file holding more than one YAML document.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dashboard.core.problems import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 32

# A '&', '*' or '!' that may start a YAML token: at the start of a line or after a space,
# '[', '{', ',' or ':'. Plain text such as "AT&T" never matches; text such as
# "see *this*" may, and is then checked properly with PyYAML's event parser.
_INDICATOR = re.compile(r"[&*!][^\s,\]\}]")
_TOKEN_START = frozenset(" \t\r\n[{,:")
# Where block nesting might be deep: a line whose indentation and leading indicators
# ('- ', '? ', ': ', as in "- - - x") fill 30 columns. A block collection opened on a line
# starts with one of these indicators or is one implicit-key mapping ('key: value'), and each
# nested block collection sits further right than its parent (a sequence may share its
# mapping's column), so a shorter prefix bounds the block depth. Flow brackets are counted
# separately (see _may_nest_deeply); a long line of flow text ("[[x, y], ...]", a polygon)
# is therefore measured by its brackets in C, not walked event by event. Only when a bound
# is exceeded is the depth measured exactly with PyYAML's event parser, which copes with
# any depth; the fast parser runs on a thread with a large stack, but would still
# overflow on hundreds of thousands of levels.
_DEEP = re.compile(r"^(?:[ \t]|[-?:](?=[ \t\r\n]|$)){30,}", re.MULTILINE)
# What every _DEEP match after the first line starts with: a line break, then 30 of those characters.
# A regular expression that starts with a literal is searched for that literal first (fast); one
# that starts with '^' is tried at every character (about ten times slower on a large file).
_DEEP_HINT = re.compile(r"\n[ \t?:-]{30}")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
WORKER_STACK = 256 * 1024 * 1024
_LINE_COL = re.compile(r"line (\d+)")
# C0 controls except tab, line feed and carriage return; DEL; C1 controls except NEL (U+0085).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
# The UTF-8 bytes a refused control character can start with: the C0 controls and DEL are one
# byte each, the C1 controls two bytes starting 0xC2. When none of these bytes is in a file's
# encoding, no control character is in its text (checked in C with bytes.translate).
_CONTROL_LEADS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xC2])
_NOT_CONTROL_LEADS = bytes(b for b in range(256) if b not in _CONTROL_LEADS)
_CONTROL_NAMES = {
    0: "NUL",
    7: "BEL",
    8: "BACKSPACE",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
}
# A line starting a document ('---') or ending one ('...'); see _refuse_more_documents.
_DOC_MARK = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r\n]|$)", re.MULTILINE)
_CONTENT = re.compile(r"^[ \t]*[^\s#%]", re.MULTILINE)  # a line that is neither blank, comment nor directive


class _ParseError(ValueError):
    """yaml-rs's decode error, re-raised as our own so callers never import yaml_rs."""


_worker: ThreadPoolExecutor | None = None
_worker_lock = threading.Lock()


def _loads_in_worker(text: str) -> Any:
    import yaml_rs  # imported and used on the same long-lived thread (see _fast_loads)

    try:
        return yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
    except yaml_rs.YAMLDecodeError as exc:
        raise _ParseError(str(exc)) from None


def _fast_loads(text: str) -> Any:
    """Parse with yaml-rs on one dedicated thread.

    yaml-rs 0.1.6 crashes the process (SIGSEGV) when the thread that imported it
    has exited and another thread calls it, which is exactly what Streamlit's
    per-rerun threads do. One long-lived worker thread imports and runs it."""
    global _worker
    with _worker_lock:
        if _worker is None:
            previous = threading.stack_size(WORKER_STACK)  # deep (but allowed) nesting must not overflow
            try:
                _worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="yaml-rs")
                _worker.submit(lambda: None).result()  # start the thread while the stack size is set
            finally:
                threading.stack_size(previous)
    return _worker.submit(_loads_in_worker, text).result()


class YamlProblem(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def read_text(path: Path, shown: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file within a size limit, or raise YamlProblem."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlProblem(Problem(shown, None, None, None, f"cannot be read ({exc.strerror or exc})")) from None
    if size > max_bytes:
        raise YamlProblem(Problem(shown, None, None, None, f"is {size:,} bytes, over the limit of {max_bytes:,} bytes"))
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(
            Problem(
                shown, line, None, None, f"is not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at byte {exc.start})"
            )
        ) from None


def _refuse_control_characters(text: str, shown: str, encoded: bytes) -> None:
    if not encoded.translate(None, _NOT_CONTROL_LEADS):
        return
    m = _CONTROL.search(text)
    if m is None:
        return
    code = ord(m.group())
    line = text.count("\n", 0, m.start()) + 1
    column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    name = f" ({_CONTROL_NAMES[code]})" if code in _CONTROL_NAMES else ""
    raise YamlProblem(
        Problem(
            shown,
            line,
            None,
            None,
            f"holds the control character U+{code:04X}{name} at column {column}; "
            "only tab, line feed and carriage return are allowed",
        )
    )


def _refuse_more_documents(text: str, shown: str, encoded: bytes) -> None:
    """A dataset file is one YAML document: a '---' after content (or any content after
    '...') starts another, which the parser would return as a list of documents."""
    if b"---" not in encoded and b"..." not in encoded:  # bytes: faster than text beyond Latin-1
        return
    first = _CONTENT.search(text)
    if first is None:
        return
    for m in _DOC_MARK.finditer(text):
        if m.group() == "---" and m.start() <= first.start():
            continue  # the usual marker before the one document
        if m.group() == "...":
            after = _CONTENT.search(text, m.end())
            if after is None:
                continue  # an end marker with nothing after it
            m = after
        line = text.count("\n", 0, m.start()) + 1
        raise YamlProblem(
            Problem(
                shown,
                line,
                None,
                None,
                "holds more than one YAML document (a '---' line starts another); "
                "a dataset file is one document: remove the '---' line or split the file",
            )
        )


def _suspect_indicator(text: str) -> bool:
    """Could the text hold an anchor, alias or tag? ('&', '*', '!' starting a token)."""
    if "&" not in text and "*" not in text and "!" not in text:
        return False
    for m in _INDICATOR.finditer(text):
        if m.start() == 0 or text[m.start() - 1] in _TOKEN_START:
            return True
    return False


def _may_nest_deeply(text: str, encoded: bytes) -> bool:
    """A cheap test that the nesting is at most MAX_DEPTH, or else worth measuring exactly
    (linear in C: one regular expression and the brackets alone, never the whole text in numpy)."""
    if _DEEP.match(text) or (_DEEP_HINT.search(text) and _DEEP.search(text)):
        return True
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    import numpy as np

    brackets = np.frombuffer(encoded.translate(None, _NOT_BRACKETS), dtype=np.uint8)
    step = np.where((brackets == 91) | (brackets == 123), 1, -1).astype(np.int32)
    level = np.cumsum(step)
    # nesting that cannot drop below zero: level minus its running minimum (brackets inside
    # quoted text only make this an overestimate, which costs an exact check, nothing more)
    clamped = level - np.minimum(np.minimum.accumulate(level), 0)
    return int(clamped.max(initial=0)) > MAX_DEPTH


def _refuse_anchors_and_tags(text: str, shown: str) -> None:
    if not _suspect_indicator(text):
        return
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem(
                    Problem(
                        shown,
                        line,
                        None,
                        None,
                        f"uses the alias '*{event.anchor}': anchors and aliases are not allowed",
                    )
                )
            anchor = getattr(event, "anchor", None)
            if anchor:
                raise YamlProblem(
                    Problem(
                        shown, line, None, None, f"defines the anchor '&{anchor}': anchors and aliases are not allowed"
                    )
                )
            tag = getattr(event, "tag", None)  # set only when written in the text
            if tag and tag != "!":
                raise YamlProblem(Problem(shown, line, None, None, f"uses the tag '{tag}': YAML tags are not allowed"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise YamlProblem(
            Problem(shown, line, None, None, f"is not valid YAML: {getattr(exc, 'problem', None) or exc}")
        ) from None


def _event_depth(text: str, limit: int) -> int | None:
    """Exact nesting depth (stops counting past `limit`), or None if PyYAML cannot parse it."""
    depth = best = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                best = max(best, depth)
                if best > limit:
                    return best
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None
    return best


def _holds_content(lines: list[str]) -> bool:
    """Does a line hold something other than blanks and a comment?"""
    return any(line.strip() and not line.lstrip().startswith("#") for line in lines)


def _is_empty(text: str) -> bool:
    """Only blank lines and comments? Decided on the first 64 KiB when a line there holds
    something else (a line cut at the end of that slice starts as the whole line does), so a
    large file is not split into a list of all its lines."""
    head = text[:65536]
    if _holds_content(head.splitlines()):
        return False
    return len(head) == len(text) or not _holds_content(text.splitlines())


def parse_yaml(text: str, shown: str) -> Any:
    """Parse YAML text safely; raise YamlProblem naming file and line on any refusal."""
    text = text.removeprefix("\ufeff")  # a byte-order mark is allowed in YAML
    encoded = text.encode("utf-8", "surrogatepass")
    _refuse_control_characters(text, shown, encoded)
    if _is_empty(text):
        raise YamlProblem(Problem(shown, None, None, None, "is empty"))
    tab = re.search(r"^\t", text, re.MULTILINE) if "\t" in text else None
    if tab is not None:
        line = text[: tab.start()].count("\n") + 1
        raise YamlProblem(Problem(shown, line, None, None, "is not valid YAML: tabs cannot indent YAML"))
    _refuse_more_documents(text, shown, encoded)
    if _may_nest_deeply(text, encoded):
        depth = _event_depth(text, MAX_DEPTH)
        if depth is not None and depth > MAX_DEPTH:
            raise YamlProblem(Problem(shown, None, None, None, f"nests deeper than {MAX_DEPTH} levels"))
    _refuse_anchors_and_tags(text, shown)
    try:
        data = _fast_loads(text)
    except _ParseError as exc:
        msg = str(exc).strip().splitlines()
        m = _LINE_COL.search(str(exc))
        dup = re.search(r"duplicate mapping key: '(.*)'", str(exc))
        if dup and not m:
            hits = [
                i + 1
                for i, ln in enumerate(text.splitlines())
                if re.match(r"^\s*(?:-\s+)?[\"']?" + re.escape(dup.group(1)) + r"[\"']?\s*:", ln)
            ]
            m = re.match(r"(\d+)", str(hits[1])) if len(hits) > 1 else None
        detail = next(
            (
                ln.strip()
                for ln in reversed(msg)
                if ln.strip() and not ln.strip().startswith(("|", "^")) and not re.match(r"^\d+\s*\|", ln.strip())
            ),
            msg[0] if msg else "parse error",
        )
        first = msg[0] if msg else ""
        text_msg = detail if detail != first else first
        raise YamlProblem(
            Problem(shown, int(m.group(1)) if m else None, None, None, f"is not valid YAML: {text_msg}")
        ) from None
    except (ValueError, TypeError, RecursionError, OverflowError) as exc:
        raise YamlProblem(Problem(shown, None, None, None, f"is not valid YAML: {exc}")) from None
    return data


@lru_cache(maxsize=16)
def _compose(text: str) -> Any:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None


def line_of(text: str, path: tuple[str | int, ...]) -> int | None:
    """1-based line of the node at `path` (keys and list indexes), or its nearest parent."""
    node = _compose(text)
    line = None
    for step in path:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line
