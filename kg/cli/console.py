"""What ``kg`` shows on the terminal: progress, tables and warnings, one helper each (on ``rich``).

On a terminal, each stage of the work is a line with a bar, the count
against its total where known, the percentage and the time left; when
standard error is not a terminal (a log, CI, a pipe), a plain line at each
stage and every ten seconds instead. ``-q`` shows nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import Any

import click

from kg.errors import ParseError, UnknownFormatError
from kg.progress import Step

__all__ = ["ProgressDisplay", "print_table", "human", "warn"]

PLAIN_EVERY = 10.0  # seconds between plain progress lines
PLAIN_FIRST = 2.0  # seconds a stage runs before its first plain line


def human(count: float, unit: str) -> str:
    """``1,234 records``, ``2.5 MB`` (bytes are shown in kB, MB, GB)."""
    if unit == "bytes":
        for size, name in ((1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "kB")):
            if count >= size:
                return f"{count / size:.1f} {name}"
        return f"{count:.0f} B"
    return f"{count:,.0f} {unit}".rstrip()


class ProgressDisplay:
    """Receives :class:`~kg.progress.Step` values and shows them; use it as a context manager.

    ``enabled=False`` (``-q``) shows nothing; ``live`` defaults to whether
    standard error is a terminal.
    """

    def __init__(self, enabled: bool = True, live: bool | None = None) -> None:
        self.enabled = enabled
        self.live = sys.stderr.isatty() if live is None else live
        self._stage: str | None = None
        self._stage_started = 0.0
        self._last_plain = 0.0
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> ProgressDisplay:
        if self.enabled and self.live:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                SpinnerColumn,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[count]}"),
                TaskProgressColumn(), TimeRemainingColumn(), TimeElapsedColumn(), TextColumn("{task.fields[detail]}"),
                console=Console(stderr=True), transient=False, refresh_per_second=4)
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Finish the last stage and stop the display."""
        if self._progress is not None:
            self._finish()
            self._progress.stop()
            self._progress = None

    def __call__(self, step: Step) -> None:
        if not self.enabled:
            return
        new_stage = step.stage != self._stage
        if self._progress is not None:
            if new_stage:
                self._finish()
                self._task = self._progress.add_task(step.stage, total=step.total, count="", detail="")
                self._stage = step.stage
            self._progress.update(self._task, completed=step.done, total=step.total, detail=step.detail[:40],
                                  count=self._count(step))
            return
        now = time.monotonic()
        if new_stage:
            self._stage, self._stage_started, self._last_plain = step.stage, now, 0.0
        # a stage is announced once it has lasted a moment, then every PLAIN_EVERY seconds: short work stays quiet
        if now - self._stage_started >= PLAIN_FIRST and now - self._last_plain >= PLAIN_EVERY:
            self._last_plain = now
            click.echo(f"kg: {step.stage}: {self._count(step)}"
                       + (f" ({100 * step.done / step.total:.0f}%)" if step.total else "")
                       + (f"  {step.detail}" if step.detail else ""), err=True)

    def _finish(self) -> None:
        if self._task is not None and self._progress is not None:
            task = next(t for t in self._progress.tasks if t.id == self._task)
            if task.total is None:
                self._progress.update(self._task, total=max(task.completed, 1), completed=max(task.completed, 1))
            self._task = None

    @staticmethod
    def _count(step: Step) -> str:
        if step.total is not None:
            if step.unit == "bytes":
                return f"{human(step.done, 'bytes')} / {human(step.total, 'bytes')}"
            return f"{step.done:,} / {step.total:,} {step.unit}".rstrip()
        return human(step.done, step.unit) if step.done or step.unit else ""


def print_table(headers: Sequence[str] | None, rows: Sequence[Sequence[Any]], *, title: str | None = None,
                err: bool = True, align: Sequence[str] | None = None) -> None:
    """An aligned table on standard error (or output): numbers right-aligned, no header when ``headers`` is None."""
    from rich.console import Console
    from rich.table import Table

    width = len(headers) if headers else max((len(r) for r in rows), default=0)
    table = Table(title=title, title_justify="left", box=None, pad_edge=False, header_style="bold",
                  show_header=bool(headers))
    for i in range(width):
        justify = (align[i] if align else None) or ("right" if rows and all(
            isinstance(r[i], (int, float)) for r in rows) else "left")
        table.add_column(headers[i] if headers else "", justify=justify)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*(f"{v:,}" if isinstance(v, int) else f"{v:,.2f}" if isinstance(v, float) else str(v)
                        for v in row))
    Console(stderr=err, highlight=False, soft_wrap=False, markup=False).print(table)


def warn(problem: ParseError) -> None:
    """One warning line for a record skipped, or a file no parser recognises."""
    if isinstance(problem, UnknownFormatError):
        click.echo(f"kg: warning: skipped {problem.source}: no parser recognises it "
                   "(kg parse --list-formats lists the formats)", err=True)
    else:
        click.echo(f"kg: warning: skipped record: {problem}", err=True)
