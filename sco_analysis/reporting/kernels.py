"""Kernels for the build: each on IPC sockets of its own (parallel workers cannot race for TCP ports), started one
report ahead, and retired by killing it. A kernel is forked from the build's zygote (forks.py) when it can be,
else spawned as a new interpreter; either way it runs the project's warm-up (in a fork it finds everything loaded).
Each kernel runs exactly one report, so no state passes from one report to the next."""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import signal
import time
import uuid
from pathlib import Path
from typing import Any

from . import forks, project

KERNEL_NAME = "python3"
KINDS = ("forked", "spawned", "cold")  # from the zygote; a new interpreter with the warm-up; one with nothing loaded
LIVE: list[Any] = []  # the kernels this process started and has not retired (killed at once if the build stops)
DYING: list[Any] = []  # spawned kernels killed and not yet reaped (their Popen objects)
_count = itertools.count(1)


def runtime_dir() -> Path:
    """Where kernels' connection files and IPC sockets go (.build/jupyter/runtime during a build)."""
    return Path(os.environ["JUPYTER_RUNTIME_DIR"])


def _stem() -> str:
    """A name for a kernel's files that says which process made them (so a later build can clean up after one that
    was killed outright)."""
    return str(runtime_dir() / f"kernel-{os.getpid()}-{next(_count)}")


_POLICY: list[type] = []  # the event loop policy below, made once (asyncio is imported only when kernels start)


def keep_signals() -> None:
    """Make every event loop jupyter_client and nbclient create in this process leave signal handlers alone (call
    before the first kernel starts).

    nbclient installs SIGINT and SIGTERM handlers on the event loop while a notebook runs (to shut its kernel down
    gracefully): they replace the build's own handlers, which stop everything at once, and turn a ^C into a failed
    report while the build goes on (and when it removes them, SIGTERM is left to kill the process outright). These
    loops refuse them, as a loop outside the main thread does, and nbclient carries on without."""
    import asyncio

    if not _POLICY:

        class SignalFreeLoop(asyncio.SelectorEventLoop):
            def add_signal_handler(self, sig: int, callback: Any, *args: Any) -> None:  # type: ignore[override]
                raise RuntimeError("the build handles its signals itself")

        class SignalFreePolicy(asyncio.DefaultEventLoopPolicy):
            _loop_factory = SignalFreeLoop

        _POLICY.append(SignalFreePolicy)
    if not isinstance(asyncio.get_event_loop_policy(), _POLICY[0]):
        asyncio.set_event_loop_policy(_POLICY[0]())


def manager_class(kind: str = "spawned") -> type:
    """An AsyncKernelManager on private IPC sockets, with its files named after this process, that remembers the
    clients it made (so they can be closed); a "forked" one asks the zygote for its kernel."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    forking = forks.provisioner_class() if kind == "forked" else None

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("ip")
        def _default_ip(self) -> str:
            return _stem()

        @default("connection_file")
        def _default_connection_file(self) -> str:
            # beside the sockets, not a random name in /tmp (jupyter_client's default)
            return f"{self.ip}.json"

        async def _async_pre_start_kernel(self, **kw: Any) -> Any:
            if forking is not None and self.provisioner is None:
                self.kernel_id = self.kernel_id or str(uuid.uuid4())
                self.provisioner = forking(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
            return await super()._async_pre_start_kernel(**kw)

        def client(self, **kwargs: Any) -> Any:
            made = super().client(**kwargs)
            self.__dict__.setdefault("made_clients", []).append(made)
            return made

    return IPCKernelManager


class Spare:
    """At most one kernel started ahead, for the next report of this process."""

    def __init__(self, kind: str = "forked") -> None:
        self.kind = kind
        self.kernel: tuple[Any, str] | None = None

    def _start(self, cwd: str) -> Any:
        from nbclient.util import run_sync

        keep_signals()
        km = manager_class(self.kind)(kernel_name=KERNEL_NAME)
        # run by the kernel while it starts, before it answers anyone (the project's code binds no name in the
        # notebook's namespace); a forked kernel runs it too, with the same arguments as a spawned one, and finds
        # everything it loads already loaded
        warm_up, _ = project.warm_up()
        extra = [f"--IPKernelApp.exec_lines={warm_up}"] if self.kind != "cold" and warm_up else []
        LIVE.append(km)
        run_sync(km.start_kernel)(cwd=cwd, extra_arguments=extra)
        return km

    def take(self, cwd: str) -> Any:
        """A started kernel for a report run in `cwd`: the spare if it was started there and still lives, else a new
        one."""
        if self.kernel is not None and self.kernel[1] == cwd and exit_code(self.kernel[0]) is None:
            km, self.kernel = self.kernel[0], None
            return km
        self.close()
        return self._start(cwd)

    def prepare(self, cwd: str) -> None:
        """Start the spare for the next report (it warms up while the current report runs)."""
        if self.kernel is None:
            self.kernel = (self._start(cwd), cwd)

    def close(self) -> None:
        """Retire the spare (at the end of a build, or when the next report needs another folder)."""
        if self.kernel is not None:
            retire(self.kernel[0])
            self.kernel = None


def _process(km: Any) -> Any:
    return getattr(getattr(km, "provisioner", None), "process", None)


def exit_code(km: Any) -> int | None:
    """The kernel's exit code, or None while it runs."""
    process = _process(km)
    return process.poll() if process is not None else 0


def lost(km: Any) -> bool:
    """Whether the kernel died because its zygote did (its report deserves another kernel, not a failure)."""
    return bool(getattr(_process(km), "lost", False))


def forked(km: Any) -> bool:
    """Whether the kernel was forked from the zygote (rather than spawned)."""
    return isinstance(_process(km), forks.ForkedProcess)


def kill(km: Any) -> None:
    """Kill a kernel and whatever it started, without waiting for it: a forked kernel through the zygote (which
    reaps it), a spawned one by its process group (reaped later, see reap)."""
    process = _process(km)
    if isinstance(process, forks.ForkedProcess):
        process.kill()
        process.close()
    elif process is not None:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)  # jupyter_client starts each kernel in a session of its own
        DYING.append(process)
    with contextlib.suppress(OSError):  # its sockets and connection file
        km.cleanup_connection_file()
        km.cleanup_ipc_files()


def reap() -> None:
    """Collect the spawned kernels that have died since they were killed (no zombies pile up in a long build)."""
    DYING[:] = [p for p in DYING if p.poll() is None]


def retire(km: Any) -> None:
    """Retire a kernel whose report is done (or abandoned): kill it, then close this side's sockets without
    lingering. jupyter_client's shutdown_kernel(now=True) would first wait for the process, polling every 0.1 s."""
    try:
        kill(km)
        for made in km.__dict__.get("made_clients", []):
            made.stop_channels()
        km._close_control_socket()
        if km._created_context and not km.context.closed:
            km.context.destroy(linger=0)  # nothing left to deliver: the kernel is gone
    finally:
        if km in LIVE:
            LIVE.remove(km)
        reap()


def kill_all() -> None:
    """Kill every kernel this process started (a stopping build or worker: no time for anything graceful, and no
    zmq teardown, which can block on the way out)."""
    for km in list(LIVE):
        kill(km)
    LIVE.clear()


STALE = re.compile(r"kernel-(\d+)-\d+(\.json|-\d+)$")


def clean_runtime(pid: int | None = None) -> int:
    """Remove the connection files and sockets of kernels whose process is gone (or of process `pid`): a build or
    worker killed outright leaves them. Returns how many were removed."""
    removed = 0
    with contextlib.suppress(OSError, KeyError):
        for path in runtime_dir().iterdir():
            found = STALE.match(path.name)
            if not found or (pid is not None and int(found[1]) != pid) or (pid is None and _alive(int(found[1]))):
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed


def clean_after_kill(pid: int, seconds: float = 0.3) -> None:
    """Remove the connection files and sockets of this process's kernels, just killed: a kernel killed while it
    started may still bind a socket (a file) for a moment after its kill was sent, so the folder is swept until
    `seconds` have passed (interrupt_builds.py found one such leftover in 30 stops)."""
    deadline = time.monotonic() + seconds
    while True:
        clean_runtime(pid)
        if time.monotonic() >= deadline:
            return
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
