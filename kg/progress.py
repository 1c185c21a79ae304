"""How long work reports its progress: one small record, whatever shows it.

Library functions that take long (``build``, ``validate``, writing a graph
file, making a view) accept ``progress``, a callable that receives a
:class:`Step` now and then. The command line shows them with a progress bar
(:mod:`kg.cli.progress`); a notebook or another program can print, log or
ignore them. Nothing here imports anything: every stage may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Step", "ProgressCallback", "report"]


@dataclass(frozen=True, slots=True)
class Step:
    """Where some work stands: ``done`` of ``total`` ``unit`` of the stage ``stage``.

    ``total`` is None when it is not known (records of a file still being
    read); ``detail`` names what is being worked on (a file, a constraint).
    """

    stage: str
    done: int = 0
    total: int | None = None
    unit: str = ""
    detail: str = ""


ProgressCallback = Callable[[Step], None]


def report(progress: ProgressCallback | None, stage: str, done: int = 0, total: int | None = None,
           unit: str = "", detail: str = "") -> None:
    """Send a :class:`Step` to ``progress`` when there is one."""
    if progress is not None:
        progress(Step(stage, done, total, unit, detail))
