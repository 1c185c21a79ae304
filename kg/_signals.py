"""SIGINT and SIGTERM as exceptions, so that long work stops cleanly: workers stopped, files whole.

The command line calls :func:`install` once. A signal then raises
:class:`~kg.errors.Interrupted` in the main thread (and, should the work not
stop within :data:`GRACE_SECONDS` — a long query in native code sees the
exception only when it returns — ends the process), and :func:`received`
tells code that catches a different exception on the way (a native loader
turning the interruption into its own error) that a signal was the cause.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

from kg.errors import Interrupted

__all__ = ["install", "received", "EXIT_STATUS"]

_received: int | None = None


def EXIT_STATUS(signal_number: int) -> int:  # noqa: N802 - reads as the constant it computes
    """The shell's exit status for a process stopped by ``signal_number``: 130 for SIGINT, 143 for SIGTERM."""
    return 128 + signal_number


#: Seconds the clean-up after a signal may take before the process exits anyway (a long query in native code
#: cannot see the exception until it returns).
GRACE_SECONDS = 10.0


def _raise(signal_number: int, _frame: object) -> None:
    global _received
    first = _received is None
    _received = signal_number
    if first:  # a second signal while cleaning up must not interrupt the clean-up
        watchdog = threading.Timer(GRACE_SECONDS, _exit_now, (signal_number,))
        watchdog.daemon = True
        watchdog.start()
        raise Interrupted(signal_number, signal.Signals(signal_number).name)


def _exit_now(signal_number: int) -> None:
    sys.stderr.write(f"kg: stopped: {signal.Signals(signal_number).name} (the work did not stop within "
                     f"{GRACE_SECONDS:.0f} s; the next build cleans up what is left)\n")
    sys.stderr.flush()
    os._exit(EXIT_STATUS(signal_number))


def install() -> None:
    """Make SIGINT and SIGTERM raise :class:`~kg.errors.Interrupted` (from the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGINT, _raise)
    signal.signal(signal.SIGTERM, _raise)


def received() -> int | None:
    """The signal that interrupted this process, if one did."""
    return _received
