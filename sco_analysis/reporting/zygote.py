"""The kernel zygote: one process per build that imports the kernel (ipykernel, IPython) and the project's modules
and runs its warm-up once, then forks one kernel per report on request. A child is a new process with its own copy
of an interpreter that has imported modules and run no notebook code; it becomes an ordinary IPython kernel on the
connection file jupyter_client wrote, so each report still runs alone in a fresh process, without paying the
interpreter's start and the imports again (SageMathCell's forking kernels and CPython's forkserver do the same).

The build starts it with `python -m` (forks.py is the build's side). It listens on an abstract Unix socket that only
its own user may use; each connection asks for one kernel and then stands for it: the zygote reports the kernel's
exit on it, delivers signals to the kernel's process group (only the zygote may reap a kernel, so a signal never
reaches a recycled pid), and kills the kernel when the connection closes, as it does when its requester dies.
Kernels die with the zygote, and the zygote dies with the build. Linux only (prctl, abstract sockets)."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib
import importlib.util
import json
import os
import select
import signal
import socket
import struct
import sys
import threading
import traceback
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

PR_SET_PDEATHSIG = 1  # linux/prctl.h: the signal a process gets when its parent ends
MESSAGE = 1 << 20  # the largest message: a request carries the kernel's whole environment
LAUNCHER = "ipykernel_launcher"  # what the kernel spec runs with `python -m`; a fork runs it in place
# what an ipykernel imports before it answers its first request (its app, its debugger, IPython's completer and
# history database), found by listing a forked kernel's sys.modules against the zygote's: imported once here
KERNEL_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "sqlite3",
    "tornado.queues",
    "tornado.platform.asyncio",
)


def encode(message: dict[str, Any]) -> bytes:
    """One message (a SOCK_SEQPACKET datagram keeps its bounds): JSON."""
    return json.dumps(message).encode()


def die_with(parent: int, signum: int) -> None:
    """Be sent `signum` when the parent ends, however it ends (the kernel sends it); exit now if it already has."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)


def same_user(conn: socket.socket) -> bool:
    """Whether the peer runs as this user: an abstract socket has no file permissions to keep others out, and a
    kernel runs whatever its connection file's owner sends it."""
    pid_uid_gid = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return bool(struct.unpack("3i", pid_uid_gid)[1] == os.getuid())


def alone() -> str:
    """Why this process cannot be forked safely ('' if it can): a zmq context (its I/O threads and sockets would
    be shared with every child, half of them dead) or a thread besides this one (a fork copies only the thread that
    forks, so a lock another thread held stays locked forever in the child; /proc also counts native threads such
    as OpenBLAS's pool)."""
    import zmq

    contexts = [o for o in gc.get_objects() if isinstance(o, zmq.Context)]
    if getattr(zmq.Context, "_instance", None) is not None or contexts:
        return "the zygote has a zmq context"
    threads = len(os.listdir("/proc/self/task"))
    if threading.active_count() != 1 or threads != 1:
        return f"the zygote runs {threads} threads (Python knows of {threading.active_count()}), not one"
    return ""


def prepare(key: str) -> dict[str, str]:
    """Become what every kernel starts from: the kernel's modules and the project's imported, its warm-up run; then
    check that this is the code and data the build keyed (`key`), and that nothing here may not be forked. Returns
    what the imports added to the environment (debugpy sets PYDEVD_USE_FRAME_EVAL when it is imported, for one):
    a spawned kernel has it too, so each child puts it back after taking its requester's environment."""
    # as ipykernel_launcher does: the folder it was started from is no place to import from (IPython puts '' back
    # in each kernel, which then resolves to the report's folder)
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    # OpenBLAS starts a pool of native threads when numpy is imported, and threads cannot be forked; the forked
    # kernels' BLAS is single-threaded (the reports' pandas arithmetic does not use BLAS threads)
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    # what ipykernel sets before any notebook code runs, so matplotlib imported here picks the same backend
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    before = dict(os.environ)
    for name in KERNEL_MODULES:
        importlib.import_module(name)
    from . import hashing, project

    served = project.current()
    warm_up, preload = project.warm_up()  # nothing when the build's notebooks read none of the inputs
    for name in preload:
        importlib.import_module(name)
    if warm_up:
        exec(compile(warm_up, "<warm-up>", "exec"), {"__name__": "__warm_up__"})
    found = hashing.digest(hashing.package_source(), served.inputs_digest())
    if found != key:
        raise RuntimeError("the project's code or inputs changed after the build keyed them")
    reason = alone()
    if reason:
        raise RuntimeError(reason)
    return {k: v for k, v in os.environ.items() if before.get(k) != v}


class Zygote:
    """The serving loop: one connection per kernel, child exits reported, signals delivered, orphans killed."""

    def __init__(self, listener: socket.socket, key: str, refusal: str, imported: dict[str, str]) -> None:
        self.listener = listener
        self.key = key
        self.refusal = refusal  # why no kernel can be forked ('' when they can): every request is told
        self.imported = imported  # what the imports added to the environment
        self.pid = os.getpid()
        self.asking: set[socket.socket] = set()  # connections that have not asked for their kernel yet
        self.kernel_of: dict[socket.socket, int] = {}  # connection -> its kernel's pid, until it is reaped
        self.running: dict[int, socket.socket | None] = {}  # kernel pid -> its connection (None once closed)
        self.wake_r, self.wake_w = os.pipe()
        spec = importlib.util.find_spec(LAUNCHER)
        self.launcher = spec.origin if spec is not None and spec.origin else LAUNCHER  # a kernel's sys.argv[0]

    def serve(self) -> NoReturn:
        """Answer requests until the build stops this process (SIGTERM, or the build's end)."""
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)
        signal.set_wakeup_fd(self.wake_w)  # SIGCHLD wakes select()
        signal.signal(signal.SIGCHLD, lambda signum, frame: None)
        while True:
            waiting: list[Any] = [self.listener, self.wake_r, *self.asking, *self.kernel_of]
            for ready in select.select(waiting, [], [])[0]:
                if ready is self.listener:
                    self.accept()
                elif ready == self.wake_r:
                    with contextlib.suppress(BlockingIOError):
                        os.read(self.wake_r, 4096)
                    self.reap()
                elif isinstance(ready, socket.socket):
                    self.read(ready)

    def accept(self) -> None:
        with contextlib.suppress(OSError):
            conn, _ = self.listener.accept()
            if same_user(conn):
                self.asking.add(conn)
            else:
                conn.close()

    def read(self, conn: socket.socket) -> None:
        try:
            data = conn.recv(MESSAGE)
        except OSError:
            data = b""
        try:
            message = json.loads(data) if data else None
        except ValueError:  # not one of ours: hang up rather than fall over
            message = None
        if not isinstance(message, dict):  # the requester retired its kernel, or died: the kernel goes too
            self.drop(conn)
            return
        if conn in self.asking:
            self.asking.discard(conn)
            self.fork(conn, message)
        elif "signal" in message and conn in self.kernel_of:
            with contextlib.suppress(OSError):
                os.killpg(self.kernel_of[conn], int(message["signal"]))

    def drop(self, conn: socket.socket) -> None:
        self.asking.discard(conn)
        pid = self.kernel_of.pop(conn, None)
        conn.close()
        if pid is not None:
            self.running[pid] = None
            with contextlib.suppress(OSError):  # not reaped yet, so the group is still this kernel's
                os.killpg(pid, signal.SIGKILL)

    def reap(self) -> None:
        """Collect every kernel that ended and tell its requester how (as Popen.returncode would)."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.running.pop(pid, None)
            if conn is not None:
                self.kernel_of.pop(conn, None)
                with contextlib.suppress(OSError):
                    conn.send(encode({"exit": os.waitstatus_to_exitcode(status)}))
                conn.close()

    def fork(self, conn: socket.socket, request: dict[str, Any]) -> None:
        if self.refusal or request.get("key") != self.key:
            with contextlib.suppress(OSError):
                conn.send(encode({"error": self.refusal or "the build asked with another key"}))
            conn.close()
            return
        sys.stdout.flush()  # a child must not write out what this process had buffered
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError as exc:
            with contextlib.suppress(OSError):
                conn.send(encode({"error": f"fork failed: {exc}"}))
            conn.close()
            return
        if pid == 0:
            code = 1
            try:
                code = self.become_kernel(conn, request)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:
                traceback.print_exc()
            finally:  # never back into the zygote's loop
                os._exit(code)
        self.kernel_of[conn] = pid
        self.running[pid] = conn
        # with the pid, a pidfd: a handle on this very process (taken before it can be reaped, so never on another
        # one that got its pid), through which the requester can kill it at once (Linux 5.3+; else the pid only)
        pidfd = None
        with contextlib.suppress(OSError, AttributeError):
            pidfd = os.pidfd_open(pid)
        try:
            socket.send_fds(conn, [encode({"pid": pid})], [pidfd] if pidfd is not None else [])
        except OSError:
            self.drop(conn)
        finally:
            if pidfd is not None:
                os.close(pidfd)

    def become_kernel(self, conn: socket.socket, request: dict[str, Any]) -> int:
        """In the child: leave the zygote behind (its sockets, signals, session) and run the kernel as
        `python -m ipykernel_launcher ARGS` would, in the requester's folder and environment."""
        os.setsid()  # a process group of its own, as jupyter_client gives a kernel: signals reach its children
        die_with(self.pid, signal.SIGKILL)
        signal.set_wakeup_fd(-1)
        for each in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(each, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # the zygote ignores ^C; a kernel is interrupted
        for sock in (self.listener, *self.asking, *self.kernel_of, conn):
            sock.close()
        os.close(self.wake_r)
        os.close(self.wake_w)
        read, write = os.pipe()  # stdin as jupyter_client leaves a spawned kernel's: a pipe nobody writes to
        os.dup2(read, 0)
        os.close(read)
        os.close(write)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        for name, value in self.imported.items():  # as the same imports would have set it in a spawned kernel
            os.environ.setdefault(name, value)
        sys.argv = [self.launcher, *request["argv"]]
        given = request["argv"]
        connection = given[given.index("-f") + 1] if "-f" in given[:-1] else None
        # the connection file is read once, now: its build may stop at any moment and sweep it, and a kernel that
        # then found none would listen on TCP defaults, say so on the build's terminal and write a file of its own;
        # with no file it has nobody to serve, so it leaves quietly
        info: Any = None  # the connection file's JSON object, as ipykernel would have read it
        if connection is not None:
            try:
                info = json.loads(Path(connection).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return 0
        if "numpy.random" in sys.modules:  # its global generator was seeded in the zygote: give each kernel its own
            sys.modules["numpy.random"].seed()
        from ipykernel import kernelapp

        class ForkedKernelApp(kernelapp.IPKernelApp):
            def init_connection_file(self) -> None:
                self.load_connection_info(info)

            def write_connection_file(self, **kwargs: Any) -> None:
                if os.path.exists(self.abs_connection_file):  # swept since it was read: leave it so
                    super().write_connection_file(**kwargs)

        app = kernelapp.IPKernelApp if info is None else ForkedKernelApp
        # ipykernel reads its parent from the environment when it is imported, i.e. in the zygote: give it the one
        # a spawned kernel would read (without it the kernel thinks it has no parent and prints a banner)
        app.launch_instance(parent_handle=int(os.environ.get("JPY_PARENT_PID") or 0))
        import atexit

        atexit._run_exitfuncs()  # what an interpreter runs when a kernel ends of itself (os._exit skips it)
        sys.stdout.flush()
        sys.stderr.flush()
        return 0


_SERVER: list[Zygote] = []


def _stop(signum: int, frame: FrameType | None) -> None:
    """SIGTERM (from the build, or because the build ended): kill every kernel and leave."""
    for server in _SERVER:
        for pid in server.running:  # not reaped yet, so each group is still its kernel's
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
    os._exit(0)


def main(argv: list[str]) -> NoReturn:
    """`python -m ...zygote NAME PARENT KEY FD`: serve kernels on the abstract socket NAME for the build PARENT, and
    close FD (a pipe to the build) once listening."""
    name, parent, key, listening = argv
    die_with(int(parent), signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ^C in a terminal reaches the whole group: the build handles it
    signal.signal(signal.SIGTERM, _stop)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind("\0" + name)
    listener.listen(64)  # listening first: requests wait in the backlog while the imports run
    os.close(int(listening))  # the build hands the address out from now on
    refusal, imported = "", {}
    try:
        imported = prepare(key)
    except Exception as exc:
        refusal = f"{type(exc).__name__}: {exc}".strip()
    gc.collect()
    gc.freeze()  # what was loaded stays shared: a child's collections never touch (and so copy) these pages
    server = Zygote(listener, key, refusal, imported)
    _SERVER.append(server)
    server.serve()


if __name__ == "__main__":
    main(sys.argv[1:])
