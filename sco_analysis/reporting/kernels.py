"""Kernels for the build: each on IPC sockets of its own (parallel workers cannot race for TCP ports), started one
report ahead and warmed up (the project's warm-up code: its libraries, code and data loaded) while the current
report runs. Each kernel runs exactly one report, so no state passes from one report to the next."""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
from pathlib import Path
from typing import Any

from .project import current

KERNEL_NAME = "python3"
LIVE: list[Any] = []  # the kernels this process started and has not retired (killed at once if the build stops)
_count = itertools.count(1)


def manager_class() -> type:
    """An AsyncKernelManager on private IPC sockets that remembers the clients it made, so they can be closed."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("ip")
        def _default_ip(self) -> str:
            return str(Path(os.environ["JUPYTER_RUNTIME_DIR"]) / f"kernel-{os.getpid()}-{next(_count)}")

        def client(self, **kwargs: Any) -> Any:
            made = super().client(**kwargs)
            self.__dict__.setdefault("made_clients", []).append(made)
            return made

    return IPCKernelManager


class Spare:
    """At most one kernel started ahead, for the next report of this process; `warm` adds the warm-up."""

    def __init__(self, warm: bool = True) -> None:
        self.warm = warm
        self.kernel: tuple[Any, str] | None = None

    def _start(self, cwd: str) -> Any:
        from nbclient.util import run_sync

        km = manager_class()(kernel_name=KERNEL_NAME)
        # run by the kernel while it starts, before it answers anyone: the project's code binds no name in the
        # notebook's namespace
        warm_up = current().warm_up
        extra = [f"--IPKernelApp.exec_lines={warm_up}"] if self.warm and warm_up else []
        run_sync(km.start_kernel)(cwd=cwd, extra_arguments=extra)
        LIVE.append(km)
        return km

    def take(self, cwd: str) -> Any:
        """A started kernel for a report run in `cwd`: the spare if it was started there, else a new one."""
        if self.kernel is not None and self.kernel[1] == cwd:
            km, self.kernel = self.kernel[0], None
            return km
        self.close()
        return self._start(cwd)

    def prepare(self, cwd: str) -> None:
        """Start the spare for the next report (it warms up while the current report runs)."""
        if self.kernel is None:
            self.kernel = (self._start(cwd), cwd)

    def close(self) -> None:
        """Shut the spare down (at the end of a build, or when the next report needs another folder)."""
        if self.kernel is not None:
            retire(self.kernel[0])
            self.kernel = None


def retire(km: Any) -> None:
    """Stop a kernel at once, close the clients made for it and remove its connection files (if that fails, as it
    can while an interrupt unwinds, kill the kernel's process group instead)."""
    from nbclient.util import run_sync

    try:
        for made in km.__dict__.get("made_clients", []):
            made.stop_channels()
        run_sync(km.shutdown_kernel)(now=True)
    except BaseException:
        kill(km)
        raise
    finally:
        if km in LIVE:
            LIVE.remove(km)


def kill(km: Any) -> None:
    """Kill a kernel and any process it started (each kernel leads a process group of its own)."""
    pid = getattr(getattr(km, "provisioner", None), "pid", None)
    if pid:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):  # its sockets and connection file (the synchronous parts of a clean-up)
        km.cleanup_connection_file()
        km.cleanup_ipc_files()


def kill_all() -> None:
    """Kill every kernel this process started (a stopping build or worker: no time for a graceful shutdown)."""
    for km in list(LIVE):
        kill(km)
    LIVE.clear()
