"""The build's side of forked kernels: starting and stopping the kernel zygote (zygote.py), and the kernel provisioner
that asks it for a kernel instead of starting an interpreter. Whenever a kernel cannot be forked (not Linux, the
zygote failed to start or died, another Python in the kernel spec) it is spawned as before, with the same arguments,
so the report comes out the same; the reason is said once."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import select
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import zygote
from .project import current

STARTUP = 300.0  # seconds a first request may wait while the zygote imports (a loaded machine is slow, not dead)
ENDED = "the kernel zygote ended"  # however a build finds out (a kernel lost, a request refused): said once


def available() -> str:
    """Why kernels cannot be forked here ('' if they can)."""
    if not sys.platform.startswith("linux"):
        return f"kernels are forked on Linux only, not on {sys.platform}"
    return ""


@dataclass(frozen=True)
class Address:
    """How to reach a build's zygote: its abstract socket and the key (code and inputs) it was started for."""

    name: str
    key: str


class Zygote:
    """The zygote process of a build (started at once; it imports while the build plans)."""

    def __init__(self, key: str) -> None:
        self.address = Address(f"reporting-zygote-{os.getpid()}-{secrets.token_hex(8)}", key)
        self.listening, theirs = os.pipe()  # closed by the zygote once its socket listens
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", zygote.__name__, self.address.name, str(os.getpid()), key, str(theirs)],
                stdin=subprocess.DEVNULL,
                cwd=current().root,
                pass_fds=(theirs,),
            )
        finally:
            os.close(theirs)

    def ready(self) -> Address | None:
        """The address, once the zygote listens there (a moment after it starts: its imports come after), or None
        if it ended before (a request would be refused, and kernels spawned for nothing)."""
        with contextlib.suppress(OSError):
            os.read(self.listening, 1)  # returns (empty) when the zygote closes its end, or dies
            os.close(self.listening)
        return self.address if self.process.poll() is None else None

    def stop(self) -> None:
        """Have the zygote kill its kernels and exit; not waited for (it is reaped when it has gone)."""
        with contextlib.suppress(OSError):
            self.process.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """Kill the zygote at once (its kernels die with it)."""
        with contextlib.suppress(OSError):
            self.process.kill()


_ZYGOTE: list[Address] = []  # the zygote this process asks for kernels; empty: spawn them
_NOTE: list[Callable[[str], None]] = []  # how this process says why it spawns instead
_SAID: set[str] = set()


def use(address: Address | None, note: Callable[[str], None]) -> None:
    """Ask the zygote at `address` for this process's kernels (None: spawn them); `note` says a fallback, once."""
    _ZYGOTE[:] = [address] if address is not None else []
    _NOTE[:] = [note]


def refuse(reason: str) -> None:
    """Spawn this process's kernels from now on, and say why (once per reason)."""
    _ZYGOTE.clear()
    message = f"kernels: {reason}; spawning each kernel instead (slower, the same reports)"
    if message not in _SAID:
        _SAID.add(message)
        for note in _NOTE:
            note(message)


class ForkedProcess:
    """A forked kernel as a provisioner sees a Popen: its pid, whether and how it ended, signals. Signals go through
    the zygote, which alone may reap the kernel, so a signal never reaches a recycled pid; closing the connection
    kills the kernel."""

    stdin = stdout = stderr = None  # what LocalProvisioner.wait() closes

    def __init__(self, pid: int, conn: socket.socket, pidfd: int | None = None) -> None:
        self.pid = pid
        self.conn = conn
        self.pidfd = pidfd  # a handle on the kernel process itself, from the zygote (None on kernels before 5.3)
        self.returncode: int | None = None
        self.lost = False  # it died because the zygote did, not of its own

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                data = self.conn.recv(zygote.MESSAGE, socket.MSG_DONTWAIT)
            except BlockingIOError:
                return None
            except OSError:
                data = b""
            if data:
                self.returncode = int(json.loads(data)["exit"])
            else:  # the zygote ended, and its kernels with it
                self.returncode, self.lost = -signal.SIGKILL, True
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        if self.returncode is None:
            with contextlib.suppress(OSError, ValueError):
                select.select([self.conn], [], [], timeout)
        return self.poll()

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            with contextlib.suppress(OSError):
                self.conn.send(zygote.encode({"signal": int(signum)}))

    def kill(self) -> None:
        """Kill the kernel now: through its pidfd at once (so it cannot run on for a moment, e.g. find its connection
        file gone and start over on TCP), and its process group through the zygote."""
        if self.pidfd is not None:
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def close(self) -> None:
        """Let the kernel go: the zygote kills it if it still runs, and reaps it."""
        self.conn.close()
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None


def fork(cmd: list[str], cwd: str, env: dict[str, str]) -> ForkedProcess | None:
    """A kernel forked from this process's zygote to run `cmd` (a kernel spec's command, connection file filled in)
    in `cwd` with `env`; None (and the reason said) when it has to be spawned instead."""
    if not _ZYGOTE:
        return None
    address = _ZYGOTE[0]
    if cmd[:3] != [sys.executable, "-m", zygote.LAUNCHER]:
        refuse(f"the kernel spec runs {' '.join(cmd[:3])}, not this Python's {zygote.LAUNCHER}")
        return None
    env = {**env, "JPY_PARENT_PID": str(os.getpid())}  # what jupyter_client's launcher adds for a spawned kernel
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        conn.settimeout(STARTUP)
        conn.connect("\0" + address.name)
        conn.send(zygote.encode({"key": address.key, "argv": cmd[3:], "cwd": cwd, "env": env}))
        reply, fds, _, _ = socket.recv_fds(conn, zygote.MESSAGE, 1)
    except (ConnectionError, FileNotFoundError):
        reply, fds = b"", []  # refused, reset: it ended (it was listening when the build handed its address out)
    except OSError as exc:
        conn.close()
        refuse(f"the kernel zygote did not answer ({exc.strerror or exc})")
        return None
    if not reply:
        conn.close()
        refuse(ENDED)
        return None
    answer = json.loads(reply)
    if "pid" not in answer:
        conn.close()
        refuse(f"no kernel could be forked ({answer.get('error', answer)})")
        return None
    conn.setblocking(True)
    return ForkedProcess(int(answer["pid"]), conn, fds[0] if fds else None)


def provisioner_class() -> type:
    """jupyter_client's LocalProvisioner, forking the kernel when it can (and spawning it as before when not)."""
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    class ForkingProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            cwd = str(kwargs.get("cwd") or os.getcwd())
            process = fork(cmd, cwd, dict(kwargs.get("env") or os.environ))
            if process is None:
                return await super().launch_kernel(cmd, **kwargs)
            self.process = process  # type: ignore[assignment]  # LocalProvisioner uses only what Popen and it share
            self.pid, self.cwd = process.pid, cwd
            self.pgid = None  # signals go through the zygote (ForkedProcess.send_signal), not os.killpg
            return self.connection_info

    return ForkingProvisioner
