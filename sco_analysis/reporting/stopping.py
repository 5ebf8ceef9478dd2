"""Stopping a build or a run at once on ^C or SIGTERM, whatever it is doing: its kernels killed (not waited for),
its workers and its zygote stopped, temporary files removed, the index rewritten, one line said, exit 130.

The work is done in the signal handler itself, which then leaves with os._exit: a KeyboardInterrupt raised instead
lands wherever the interpreter happens to be, which may be a weakref callback or a __del__ (where it is printed and
lost, and the build goes on) or the zmq teardown of a kernel client (Context.term, which can block for good)."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import NoReturn

from . import files, kernels

INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a ^C'd command
_STEPS: list[Callable[[], None]] = []  # what the running build registered to stop (its workers, its zygote)
_FINISH: list[Callable[[], str]] = []  # the clean-up after them; returns the line to say


def when_stopped(step: Callable[[], None]) -> Callable[[], None]:
    """Run `step` if the build is stopped (kill what it started); returns the function that unregisters it."""
    _STEPS.append(step)
    return lambda: _STEPS.remove(step) if step in _STEPS else None


def _stop(signum: int, frame: FrameType | None) -> NoReturn:
    for each in (signal.SIGINT, signal.SIGTERM):  # a second ^C must not cut the clean-up short
        signal.signal(each, signal.SIG_IGN)
    with contextlib.suppress(BaseException):
        kernels.kill_all()  # first: no notebook runs on
    for step in reversed(_STEPS):
        with contextlib.suppress(BaseException):
            step()
    with contextlib.suppress(BaseException):
        kernels.clean_after_kill(os.getpid())
    files.WRITING.acquire(timeout=5)  # a report being written in another thread is written, or not begun
    line = ""
    for finish in _FINISH:
        with contextlib.suppress(BaseException):
            line = finish()
    with contextlib.suppress(BaseException):  # what was said before (may fail if the signal came mid-print)
        sys.stdout.flush()
    with contextlib.suppress(OSError):
        os.write(2, line.encode())  # not sys.stderr: the interrupted code may be in the middle of using it
    os._exit(INTERRUPTED)


def install(finish: Callable[[], str]) -> None:
    """Stop at once on ^C and SIGTERM from now on; `finish` cleans up after the build and returns what to say."""
    _FINISH[:] = [finish]
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
