"""The worker processes of a parallel build: they leave ^C to the build, die with it (even if it is killed
outright), and kill their kernels whenever they stop, so no notebook runs on after the build has ended."""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from types import FrameType

from . import execute, files, kernels, project
from .environment import isolate

PR_SET_PDEATHSIG = 1  # linux/prctl.h: the signal a process gets when its parent dies


def _stop(signum: int, frame: FrameType | None) -> None:
    """SIGTERM: kill this worker's kernels, remove its temporary files and leave at once."""
    try:
        kernels.kill_all()
        files.clean_own(os.getpid())
    finally:  # whatever the clean-up meets, the worker must not outlive the build
        os._exit(128 + signum)


def _die_with(parent: int) -> None:
    """Be sent SIGTERM when the build process ends, however it ends: by the kernel on Linux, else by a watcher."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the build died before the request took effect
                os.kill(os.getpid(), signal.SIGTERM)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, daemon=True).start()


def init(parent: int, spec: str) -> None:
    """Set up a worker: signals, the tie to the build, the project, Jupyter's folders, the notebook machinery imported
    once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    _die_with(parent)
    project.use(spec)
    isolate()
    import nbconvert  # noqa: F401  (imported once per worker, not per report)
    import papermill  # noqa: F401

    atexit.register(execute.close_spares)


def stop(pool: ProcessPoolExecutor, grace: float = 5.0) -> None:
    """Stop a pool now: queued runs are cancelled, each worker is told to kill its kernels and exit, and one that
    has not gone after `grace` seconds is killed."""
    processes = list(getattr(pool, "_processes", {}).values())  # the pool's own record of its workers
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError):
            process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1.0)
