"""Batch runs: assess a JSONL file of cases, streaming, resumable, on one or many processes.

:func:`run_batch` reads ``input`` line by line and writes, for every
non-blank line, either one line of JSON to ``out`` (the assessment) or one
line to ``rejects`` (the line number, the field path and the reason — never
the line's personal data). Nothing is lost: the :class:`BatchSummary` counts
``read == assessed + rejected``.

Memory is flat: lines are read and assessed in chunks of ``chunk_size``, with
at most a few chunks in flight. Output keeps the input order, also with
``workers > 1`` (a :class:`concurrent.futures.ProcessPoolExecutor`) or with
any other :class:`concurrent.futures.Executor` passed as ``executor`` — for
example a Dask cluster's ``client.get_executor()`` (see ``docs/batch.md``).

Resuming: after every chunk is written and flushed, a checkpoint
(``OUT.checkpoint``, JSON) records the input offset and line, the sizes of
``out`` and ``rejects`` and the counts. ``resume=True`` truncates ``out`` and
``rejects`` to the recorded sizes (dropping any partly written line), checks
that the input prefix is unchanged (SHA-256), and goes on after the last
fully written line: the result equals an uninterrupted run. The checkpoint is
removed when the run completes. A run without ``resume`` refuses to start
while a checkpoint exists — it would truncate the work already done — unless
``force=True``.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import gc
import hashlib
import json
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any, Final

import orjson
from attrs import asdict, frozen

from iizcore.errors import IIZError, InputError
from iizcore.io.convert import fragment_converter
from iizcore.io.jsonl import MAX_LINE_BYTES, RawLine, iter_raw_lines, parse_line
from iizcore.model.case import Case

__all__ = [
    "BATCH_GC_THRESHOLDS",
    "Assessor",
    "BatchSummary",
    "LineResult",
    "Rejection",
    "assess_line",
    "checkpoint_path",
    "evaluate_line",
    "run_batch",
    "run_batch_with_progress",
    "summary_assessor",
    "tuned_gc",
]

#: ``(case, canton code, date or None) -> assessment``; the result must be
#: serialisable with :func:`iizcore.io.unstructure`. In a process pool it must
#: be picklable: a module-level function.
Assessor = Callable[[Case, str, date | None], object]

#: Version of the checkpoint format.
CHECKPOINT_VERSION: Final = 1

#: CPython's cyclic garbage collector thresholds for a batch (see :func:`tuned_gc`).
BATCH_GC_THRESHOLDS: Final = (50_000, 20, 100)


@frozen
class Rejection:
    """Why a line was not assessed: its number, the field path and the reason.

    ``error`` is the kind of failure: ``"input"`` (bad data, with the path
    of the field), ``"rule"`` (a rule could not decide), ``"plugin"`` (the
    canton plugin failed), ``"parameter"`` (no parameter value on the date)
    or ``"internal"`` (a bug in iizcore: only the exception type is kept,
    since its message might repeat the data).
    """

    line: int
    path: str
    reason: str
    error: str = "input"


@frozen
class LineResult:
    """The result of one line: the output JSON line, or the rejection."""

    line: int
    output: str | None = None
    rejection: Rejection | None = None


@frozen
class BatchSummary:
    """Counts of a batch run; ``read == assessed + rejected`` always holds.

    ``blank`` counts blank lines (not records). ``resumed_at`` is the line
    after which a resumed run went on (0 for a run from the start); the
    counts include the lines done before the interruption.
    """

    read: int = 0
    assessed: int = 0
    rejected: int = 0
    blank: int = 0
    resumed_at: int = 0


@functools.lru_cache(maxsize=8)
def _canton(code: str) -> Any:
    from iizcore.hooks.manager import load_canton

    return load_canton(code)


def default_assessor(case: Case, canton: str, on: date | None) -> object:
    """:func:`iizcore.assessment.assess` with the canton loaded once per process."""
    from iizcore.assessment import assess

    return assess(case, _canton(canton), on)


def summary_assessor(case: Case, canton: str, on: date | None) -> object:
    """A summarised assessment (:func:`iizcore.summary.summarize`): ≈ 3 KB a line, not 25 KB.

    For whole-canton batches (``iiz assess --jsonl FILE --output summary``):
    the same assessment, written without its texts.
    """
    from iizcore.assessment import assess
    from iizcore.summary import summarize

    return summarize(assess(case, _canton(canton), on))


def _error_kind(exc: IIZError) -> str:
    from iizcore.errors import ParameterError, PluginError, RuleError

    if isinstance(exc, InputError):
        return "input"
    if isinstance(exc, ParameterError):
        return "parameter"
    if isinstance(exc, RuleError):
        return "rule"
    if isinstance(exc, PluginError):
        return "plugin"
    return "iiz"


#: Objects per type in the encoding caches of :func:`_encoder`. Small on purpose: the objects
#: the rules share recur within a few hundred cases, while one-off objects (reasons with a
#: case's own amounts) only fill a cache. With 8,192 entries per type the peak memory of a
#: batch kept rising with the number of cases as the caches filled (10⁴ → 10⁶ ZH cases:
#: 124 → 162 MB); with 1,024 it is reached within the first 20,000 cases and stays there, at
#: the same speed (measured in 6 runs of 20,000 cases in one process).
_ENCODER_CACHE_ENTRIES: Final = 1024


def _encoded_types() -> tuple[type, ...]:
    """The result types whose JSON the batch encodes once per object (see :func:`_encoder`).

    Rules memoise many result objects and share them between assessments: in ZH
    cases 4,001-8,000 (after the first 4,000), the Reason object at a place was
    one already seen in 91 % of places, the cost Share, Contribution, CostItem and
    Criterion in 97-99 %. The listed types are encoded once per object and then
    embedded as ``orjson.Fragment`` (see :func:`iizcore.io.convert.fragment_converter`),
    which takes the JSON of a full assessment from ≈ 73 to ≈ 45 µs. Only frozen
    (immutable) types may be listed: a cached encoding must never go stale. Chosen
    by measurement: types that recur less (Determination 52 %, Amount 42 %, Triage
    63 %, DataAccess 59 %, KeyDate 0 %) cost as much on a miss as they save on a
    hit, or more; caching tuples of shared items (cost items, payments) gained nothing
    measurable.
    """
    from iizcore.coordination.plan import Criterion, Lead, Participant, PaymentStep
    from iizcore.coordination.sharing import ConsentNeeded
    from iizcore.costs.allocate import ItemAllocation, Share
    from iizcore.costs.items import Contribution, CostItem, Party
    from iizcore.costs.keys import KeyBasis
    from iizcore.law.determination import Quantity, Reason
    from iizcore.model.measure import Measure

    # All frozen attrs classes with immutable fields (tests/batch checks that they are frozen).
    return (
        Reason, Quantity, Criterion, Lead, Participant, PaymentStep, Measure, ConsentNeeded,
        Party, KeyBasis, Contribution, CostItem, Share, ItemAllocation,
    )  # fmt: skip


@functools.cache
def _encoder() -> Callable[[object], Any]:
    """The batch's unstructure: plain data, with shared result objects as encoded JSON.

    Built on first use in each process (a pool's workers build their own).
    """
    return fragment_converter(_encoded_types(), max_entries=_ENCODER_CACHE_ENTRIES).unstructure


def _to_json_bytes(value: object) -> bytes:
    # orjson writes the same bytes as json.dumps(ensure_ascii=False, separators=(",", ":"))
    # for the plain dicts, lists, strings, ints and bools that ``unstructure`` returns, about
    # six times faster (34 µs instead of 200 µs for a 27 KB assessment): encoding was the
    # largest single cost of a batch line. tests/batch checks the equality. The fragments of
    # ``_encoder`` make the same bytes as ``orjson.dumps(unstructure(value))`` (also checked).
    # The batch writes these UTF-8 bytes as they are: no decode to ``str`` and encode again.
    return orjson.dumps(_encoder()(value))


def _to_json(value: object) -> str:
    return _to_json_bytes(value).decode()


def _rejection(line: int, exc: Exception) -> Rejection:
    if isinstance(exc, InputError):
        return Rejection(line, exc.path, exc.reason)
    if isinstance(exc, IIZError):
        return Rejection(line, "", str(exc), _error_kind(exc))
    reason = f"internal error ({type(exc).__name__}); please report it"
    return Rejection(line, "", reason, "internal")


def evaluate_line(
    raw: RawLine, canton: str | None, on: date | None = None, assess: Assessor | None = None
) -> object:
    """Parse and assess one line: the assessor's result, or the :class:`Rejection`.

    The in-process counterpart of :func:`assess_line` for callers that need
    the assessment itself rather than its JSON (e.g. :mod:`iizcore.report`);
    the same rules for rejections apply. ``canton`` None: the person's
    canton of residence.
    """
    fn = assess if assess is not None else default_assessor
    try:
        case = parse_line(raw, Case)
        # Without a canton, each case is assessed in the person's canton of residence.
        return fn(case, canton if canton is not None else case.person.residence.canton, on)
    except Exception as exc:
        return _rejection(raw.number, exc)


def assess_line(
    raw: RawLine, canton: str | None, on: date | None = None, assess: Assessor | None = None
) -> LineResult:
    """Parse and assess one line; never raises for bad data or a failing rule.

    Errors iizcore raises on purpose become a :class:`Rejection` with their
    message (which never holds personal data); any other exception is a bug
    and is recorded as ``"internal"`` with its type only.
    """
    result = _encode_line(raw, canton, on, assess)
    if isinstance(result, Rejection):
        return LineResult(raw.number, rejection=result)
    return LineResult(raw.number, output=result.decode())


def _encode_line(
    raw: RawLine, canton: str | None, on: date | None, assess: Assessor | None
) -> bytes | Rejection:
    """:func:`assess_line` for the batch: the output line as UTF-8 bytes, or the rejection."""
    result = evaluate_line(raw, canton, on, assess)
    if isinstance(result, Rejection):
        return result
    try:
        return _to_json_bytes(result)
    except Exception as exc:
        return _rejection(raw.number, exc)


@frozen
class _Chunk:
    canton: str | None
    on: date | None
    assess: Assessor | None
    lines: tuple[RawLine, ...]


@frozen
class _ChunkOutput:
    """What a chunk writes: its output and reject lines, newline-terminated, and the count."""

    out: bytes
    rejects: bytes
    assessed: int


def _run_chunk(chunk: _Chunk) -> _ChunkOutput:
    """Assess a chunk of lines (runs in a worker process when a pool is used).

    The lines come back joined as UTF-8 bytes, ready to be written: each line is
    encoded once, and a pool sends one bytes object per file instead of a list of
    results.
    """
    out: list[bytes] = []
    rejects: list[bytes] = []
    for raw in chunk.lines:
        result = _encode_line(raw, chunk.canton, chunk.on, chunk.assess)
        if isinstance(result, Rejection):
            rejects.append(_to_json_bytes(asdict(result)))
        else:
            out.append(result)
    assessed = len(out)
    # An empty last item ends the last line with a newline: one join, no copy after it.
    out.append(b"")
    rejects.append(b"")
    return _ChunkOutput(b"\n".join(out), b"\n".join(rejects), assessed)


@frozen
class _Pending:
    """A chunk read from the input, with where the input stands after it."""

    records: int
    blank: int
    last_line: int
    end: int
    digest: str


def checkpoint_path(out: str | os.PathLike[str]) -> Path:
    """Where the checkpoint of a run writing ``out`` is kept: ``OUT.checkpoint``."""
    return Path(f"{os.fspath(out)}.checkpoint")


def _read_checkpoint(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise InputError(
            "checkpoint", "cannot be read; start the run again without resume"
        ) from None
    if not isinstance(data, dict) or data.get("version") != CHECKPOINT_VERSION:
        raise InputError("checkpoint", "unknown format; start the run again without resume")
    return data


def _write_checkpoint(path: Path, state: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    tmp.replace(path)


def _prefix_digest(stream: IO[bytes], length: int) -> hashlib._Hash:
    hasher = hashlib.sha256()
    left = length
    while left > 0:
        block = stream.read(min(left, 1 << 20))
        if not block:
            break
        hasher.update(block)
        left -= len(block)
    return hasher


#: Blocks of :func:`tuned_gc` open in this process, and the thresholds before the first.
_tuned_lock = threading.Lock()
_tuned_open = 0
_tuned_before: tuple[int, ...] = ()


@contextlib.contextmanager
def tuned_gc(thresholds: tuple[int, int, int] = BATCH_GC_THRESHOLDS) -> Iterator[None]:
    """Raise CPython's garbage-collection thresholds while the block runs; restore them after.

    A batch keeps bounded caches of results (parameters per date, reasons and
    figures per fact): several hundred thousand objects that CPython's cyclic
    collector walks again at every full collection, which the churn of the
    caches sets off every few thousand distinct cases. On 40,000 cases of the
    bundled ZH caseload this took ≈ 7 % of the run; with these thresholds, full
    collections stop and the run is ≈ 7 % faster (docs/performance.md). iizcore
    makes no reference cycles on its hot path, nor for a rejected line: its
    objects are freed by reference counting, so memory stays flat.

    ``iiz assess --jsonl`` runs its batch inside this block (the process is its
    own; worker processes forked by the pool inherit the thresholds).
    :func:`run_batch` leaves the collector alone: an application that calls it
    decides, e.g. ``with tuned_gc(): run_batch(...)``. Thresholds are only
    raised, never lowered below the ones in force. They are process state:
    blocks may nest or overlap in several threads, and the thresholds in force
    before the first block are restored when the last one ends.
    """
    global _tuned_open, _tuned_before
    with _tuned_lock:
        now = gc.get_threshold()
        if _tuned_open == 0:
            _tuned_before = now
        _tuned_open += 1
        gc.set_threshold(*(max(a, b) for a, b in zip(now, thresholds, strict=False)))
    try:
        yield
    finally:
        with _tuned_lock:
            _tuned_open -= 1
            if _tuned_open == 0:
                gc.set_threshold(*_tuned_before)


def run_batch(
    input: str | os.PathLike[str],
    out: str | os.PathLike[str],
    rejects: str | os.PathLike[str],
    canton: str | None,
    on: date | None = None,
    *,
    resume: bool = False,
    force: bool = False,
    workers: int = 1,
    chunk_size: int = 256,
    executor: concurrent.futures.Executor | None = None,
    assess: Assessor | None = None,
    progress: Callable[[int, BatchSummary], None] | None = None,
    fsync: bool = False,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> BatchSummary:
    """Assess every case of the JSONL file ``input`` in ``canton`` on ``on``.

    Args:
        input: the JSONL file of cases (one :class:`~iizcore.model.Case` per line).
        out: where the assessments go, one JSON document per line, in input order.
        rejects: where rejected lines go: ``{"line", "path", "reason", "error"}``.
        canton: the canton code (``"ZH"``); loaded once in every process.
            ``None``: each case in the person's canton of residence.
        on: the assessment date; ``None`` assesses each case on its ``as_of``.
        resume: go on from the checkpoint of an interrupted run.
        force: start afresh although a checkpoint exists (its work is lost).
        workers: processes of a :class:`~concurrent.futures.ProcessPoolExecutor`
            (1: assess in this process).
        chunk_size: lines per task; also how often the checkpoint is written.
        executor: any ``concurrent.futures.Executor`` to use instead (e.g.
            a Dask ``client.get_executor()``); it is not shut down.
        assess: the assessor, a module-level function for process pools;
            default :func:`iizcore.assessment.assess`; :func:`summary_assessor`
            writes compact summaries (:mod:`iizcore.summary`).
        progress: called after every chunk with the input bytes done and
            the counts so far.
        fsync: also force the written data to disk at every checkpoint
            (survives a power cut, not only a crash of the process).
        max_line_bytes: longer lines are rejected without being loaded.

    Raises:
        InputError: if the checkpoint does not belong to this input, canton
            and date, if a checkpoint exists and neither ``resume`` nor
            ``force`` is given, or if two of the three files are the same.
        PluginError: if ``canton`` is not installed (checked before any file
            is touched, when the default assessor is used).
        OSError: if a file cannot be opened.
    """
    if chunk_size < 1 or workers < 1:
        raise InputError("chunk_size" if chunk_size < 1 else "workers", "must be at least 1")
    if canton is not None and assess is None:
        _canton(canton)
    in_path, out_path, rej_path = Path(input), Path(out), Path(rejects)
    if len({in_path.resolve(), out_path.resolve(), rej_path.resolve()}) < 3:
        raise InputError("out", "input, output and rejects must be three different files")
    cp_path = checkpoint_path(out_path)
    if not resume and not force and cp_path.exists():
        raise InputError(
            "checkpoint",
            "an interrupted run left a checkpoint; go on with resume (--resume), "
            "or start afresh with force (--force), which discards its output",
        )
    on_text = on.isoformat() if on is not None else None
    state: dict[str, Any] = {
        "version": CHECKPOINT_VERSION,
        "canton": canton,
        "on": on_text,
        "input_offset": 0,
        "input_line": 0,
        "input_sha256": hashlib.sha256().hexdigest(),
        "out_bytes": 0,
        "rejects_bytes": 0,
        "read": 0,
        "assessed": 0,
        "rejected": 0,
        "blank": 0,
    }
    resumed_at = 0
    with in_path.open("rb") as source:
        hasher = hashlib.sha256()
        if resume and cp_path.exists():
            saved = _read_checkpoint(cp_path)
            if saved.get("canton") != canton or saved.get("on") != on_text:
                raise InputError(
                    "checkpoint", "belongs to a run with another canton or date; resume refused"
                )
            hasher = _prefix_digest(source, int(saved["input_offset"]))
            if hasher.hexdigest() != saved.get("input_sha256"):
                raise InputError("checkpoint", "the input file changed since the checkpoint")
            state = saved
            resumed_at = int(saved["input_line"])
            for path, size in ((out_path, saved["out_bytes"]), (rej_path, saved["rejects_bytes"])):
                with path.open("ab") as handle:
                    handle.truncate(int(size))
        else:
            out_path.write_bytes(b"")
            rej_path.write_bytes(b"")

        lines = iter_raw_lines(
            source,
            first_line=int(state["input_line"]) + 1,
            offset=int(state["input_offset"]),
            max_line_bytes=max_line_bytes,
            digest=hasher,
        )
        chunks = _chunks(lines, chunk_size, canton, on, assess, hasher)
        with out_path.open("ab") as out_file, rej_path.open("ab") as rej_file:
            own_pool = None
            if executor is None and workers > 1:
                own_pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers)
            pool = executor if executor is not None else own_pool
            try:
                for pending, done in _ordered(chunks, pool, workers):
                    out_file.write(done.out)
                    rej_file.write(done.rejects)
                    out_file.flush()
                    rej_file.flush()
                    if fsync:
                        os.fsync(out_file.fileno())
                        os.fsync(rej_file.fileno())
                    assessed = done.assessed
                    state.update(
                        input_offset=pending.end,
                        input_line=pending.last_line,
                        input_sha256=pending.digest,
                        out_bytes=out_file.tell(),
                        rejects_bytes=rej_file.tell(),
                        read=state["read"] + pending.records,
                        assessed=state["assessed"] + assessed,
                        rejected=state["rejected"] + pending.records - assessed,
                        blank=state["blank"] + pending.blank,
                    )
                    _write_checkpoint(cp_path, state)
                    if progress is not None:
                        progress(pending.end, _summary(state, resumed_at))
            finally:
                if own_pool is not None:
                    own_pool.shutdown(cancel_futures=True)
    cp_path.unlink(missing_ok=True)
    return _summary(state, resumed_at)


def _summary(state: dict[str, Any], resumed_at: int) -> BatchSummary:
    return BatchSummary(
        read=int(state["read"]),
        assessed=int(state["assessed"]),
        rejected=int(state["rejected"]),
        blank=int(state["blank"]),
        resumed_at=resumed_at,
    )


def _chunks(
    lines: Iterator[RawLine],
    size: int,
    canton: str | None,
    on: date | None,
    assess: Assessor | None,
    hasher: Any,
) -> Iterator[tuple[_Pending, _Chunk]]:
    """Group the input into chunks of ``size`` records, with the input position after each."""
    batch: list[RawLine] = []
    blank = 0
    last: RawLine | None = None
    for raw in lines:
        last = raw
        if raw.blank:
            blank += 1
        else:
            batch.append(raw)
        if len(batch) >= size:
            yield _pending(batch, blank, last, hasher), _Chunk(canton, on, assess, tuple(batch))
            batch, blank = [], 0
    if last is not None and (batch or blank):
        yield _pending(batch, blank, last, hasher), _Chunk(canton, on, assess, tuple(batch))


def _pending(batch: list[RawLine], blank: int, last: RawLine, hasher: Any) -> _Pending:
    return _Pending(
        records=len(batch),
        blank=blank,
        last_line=last.number,
        end=last.end,
        digest=hasher.copy().hexdigest(),
    )


def _ordered(
    chunks: Iterator[tuple[_Pending, _Chunk]],
    pool: concurrent.futures.Executor | None,
    workers: int,
) -> Iterator[tuple[_Pending, _ChunkOutput]]:
    """Chunk results in input order, with a bounded number of chunks in flight."""
    if pool is None:
        for pending, chunk in chunks:
            yield pending, _run_chunk(chunk)
        return
    window: deque[tuple[_Pending, concurrent.futures.Future[_ChunkOutput]]] = deque()
    limit = 2 * max(workers, 1)
    for pending, chunk in chunks:
        window.append((pending, pool.submit(_run_chunk, chunk)))
        if len(window) >= limit:
            done, future = window.popleft()
            yield done, future.result()
    while window:
        done, future = window.popleft()
        yield done, future.result()


def run_batch_with_progress(
    input: str | os.PathLike[str],
    out: str | os.PathLike[str],
    rejects: str | os.PathLike[str],
    canton: str | None,
    on: date | None = None,
    *,
    resume: bool = False,
    force: bool = False,
    workers: int = 1,
    console: Any = None,
    assess: Assessor | None = None,
) -> BatchSummary:
    """:func:`run_batch` with a rich progress bar (bytes of the input) when on a terminal.

    ``console`` is a :class:`rich.console.Console` (default: standard error);
    without a terminal no bar is drawn.
    """
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    run = functools.partial(
        run_batch, input, out, rejects, canton, on,
        resume=resume, force=force, workers=workers, assess=assess,
    )  # fmt: skip
    shown: Console = console if console is not None else Console(stderr=True)
    if not shown.is_terminal:
        return run()
    columns = (
        TextColumn("[bold]assessing"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=shown, transient=True) as bar:
        task = bar.add_task("batch", total=Path(input).stat().st_size, counts="")

        def update(done: int, summary: BatchSummary) -> None:
            counts = f"{summary.assessed} assessed, {summary.rejected} rejected"
            bar.update(task, completed=done, counts=counts)

        return run(progress=update)
