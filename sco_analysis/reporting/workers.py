"""The worker processes of a parallel build, and the queue that feeds them one report at a time. Workers leave ^C to
the build, die with it (even if it is killed outright) and kill their kernels whenever they stop, so no notebook runs
on after the build has ended. A worker that dies (the out-of-memory killer, kill -9) costs only the report it was
running: that report is run once more in a fresh worker, and fails only if it kills that one too."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from types import FrameType
from typing import Any

from . import execute, files, forks, kernels, project
from .environment import isolate
from .plan import Run
from .zygote import alone

PR_SET_PDEATHSIG = 1  # linux/prctl.h: the signal a process gets when its parent dies
TRIES = 2  # a report runs at most this often when its worker dies under it
STOPPING = {signal.SIGINT, signal.SIGTERM}
Todo = tuple[Run, dict[str, str], str]  # a run, its fingerprint, why it is built
_BUILD: list[int] = []  # the build process this worker serves


def _stop(signum: int, frame: FrameType | None) -> None:
    """SIGTERM: kill this worker's kernels, remove its temporary files and leave at once."""
    try:
        kernels.kill_all()
        files.WRITING.acquire(timeout=5)  # the writing thread's file is written, or not begun
        files.clean_own(os.getpid())
        if _BUILD and os.getppid() != _BUILD[0]:  # the build was killed outright, perhaps while writing a record
            files.clean_own(_BUILD[0])
        kernels.clean_after_kill(os.getpid())
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


def init(parent: int, spec: str, zygote: forks.Address | None, note: Callable[[str], None]) -> None:
    """Set up a worker: signals, the tie to the build, the project, Jupyter's folders, the zygote to ask for kernels,
    the notebook machinery imported once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)  # blocked by the build while it started this worker
    _BUILD.append(parent)
    _die_with(parent)
    project.use(spec)
    isolate()
    forks.use(zygote, note)
    kernels.keep_signals()
    import nbconvert  # noqa: F401  (imported once per worker, not per report)
    import papermill  # noqa: F401


def _failure(exc: Exception) -> dict[str, Any]:
    return {"status": "failed", "seconds": 0.0, "error": f"{type(exc).__name__}: {exc}".strip()}


def main(conn: Connection, parent: int, spec: str, zygote: forks.Address | None, kind: str) -> None:
    """A worker's life: run the reports the build sends (run, folder of the next one) until it sends None. When a
    report's kernel is done the worker says so ("ran": the build sends the next report) and writes the report in a
    second thread, which sends its result, while the next one runs: the kernel and the writing overlap."""
    from concurrent.futures import ThreadPoolExecutor

    sending = threading.Lock()  # both threads send on the pipe

    def send(message: tuple[Any, ...]) -> None:
        with sending:
            conn.send(message)

    def write(run: Run, executed: execute.Executed) -> None:
        try:
            result = execute.publish(run, executed)
        except Exception as exc:  # a full disk: this report failed, the worker goes on
            result = _failure(exc)
        send(("result", run.name, result))

    init(parent, spec, zygote, lambda line: send(("note", line)))
    writer = ThreadPoolExecutor(1, thread_name_prefix="publish")
    try:
        while (task := conn.recv()) is not None:
            run, ahead = task
            try:
                outcome = execute.run_notebook(run, ahead, kind)
            except Exception as exc:
                outcome = _failure(exc)
            send(("ran", run.name))
            if isinstance(outcome, dict):
                writer.submit(send, ("result", run.name, outcome))  # after the results of earlier reports
            else:
                writer.submit(write, run, outcome)
    except EOFError:  # the build has gone
        pass
    finally:
        writer.shutdown(wait=True)
        execute.close_spares()


def _context() -> Any:
    """How workers start: forked from the build where that is safe (Linux, and this process has one thread and has
    never started a kernel, so no zmq context to share), with the notebook machinery imported once, here, for all of
    them; else spawned, each importing it again (a second or so of CPU each)."""
    import multiprocessing

    if forks.available() or kernels.LIVE or alone():
        return multiprocessing.get_context("spawn")
    import nbconvert  # noqa: F401  (imported before the fork, shared by every worker)
    import papermill  # noqa: F401

    return multiprocessing.get_context("fork")


@dataclass
class Worker:
    """One worker process, its end of the pipe, the report its kernel runs and those it is writing."""

    process: Any
    conn: Connection
    running: Todo | None = None
    writing: list[Todo] = field(default_factory=list)

    def items(self) -> list[Todo]:
        return ([self.running] if self.running is not None else []) + self.writing

    def done(self, name: str) -> Todo | None:
        """The item of the report named, which has its result: no longer this worker's."""
        for item in self.items():
            if item[0].name == name:
                if item is self.running:
                    self.running = None
                else:
                    self.writing.remove(item)
                return item
        return None


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        if -exitcode == signal.SIGKILL:
            return "a worker was killed (out of memory?)"
        return f"a worker was killed by {signal.Signals(-exitcode).name}"
    return f"a worker exited with code {exitcode}"


class Pool:
    """Workers that each run one report at a time, replaced when one dies."""

    def __init__(self, count: int, kind: str, zygote: forks.Address | None, say: Callable[[str], None]) -> None:
        self.context = _context()
        self.count = count
        self.kind = kind
        self.zygote = zygote
        self.say = say
        self.spec = os.environ[project.PROJECT_VARIABLE]  # workers register the same project
        self.workers: list[Worker] = []
        self.said: set[str] = set()
        self.idle_deaths = 0  # workers that died with no report to blame: a worker that cannot start at all

    def _start(self) -> Worker:
        mine, theirs = self.context.Pipe()
        process = self.context.Process(
            target=main, args=(theirs, os.getpid(), self.spec, self.zygote, self.kind), daemon=True
        )
        # a forked worker starts with the build's handlers: until it has its own (init), ^C and SIGTERM wait
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        theirs.close()
        worker = Worker(process, mine)
        self.workers.append(worker)
        return worker

    def run(self, todo: list[Todo], finish: Callable[[Todo, dict[str, Any]], None]) -> None:
        """Run every item, `count` at a time; `finish` gets each result (a dead worker's report is run once more)."""
        queue = deque(todo)
        tries: dict[str, int] = {}
        for _ in range(min(self.count, len(queue))):
            self._start()
        while queue or any(w.items() for w in self.workers):
            for worker in self.workers:
                if worker.running is None and queue:
                    worker.running = queue.popleft()
                    tries[worker.running[0].name] = tries.get(worker.running[0].name, 0) + 1
                    # the next report's kernel starts while this one runs, unless this worker will get no other
                    ahead = str(queue[self.count - 1][0].notebook.parent) if len(queue) >= self.count else None
                    worker.conn.send((worker.running[0], ahead))
            by_handle: dict[Any, Worker] = {}
            for worker in self.workers:
                by_handle[worker.conn] = by_handle[worker.process.sentinel] = worker
            for handle in wait(list(by_handle)):
                worker = by_handle[handle]
                if worker not in self.workers:
                    continue  # both its pipe and its sentinel woke us: handled once
                message = self._receive(worker)
                if message is None:
                    self._buried(worker, queue, tries, finish)
                elif message[0] == "note":
                    if message[1] not in self.said:
                        self.said.add(message[1])
                        self.say(message[1])
                elif message[0] == "ran" and worker.running is not None and worker.running[0].name == message[1]:
                    worker.writing.append(worker.running)  # its kernel is done: the worker can take the next
                    worker.running = None
                elif message[0] == "result":
                    item = worker.done(message[1])
                    if item is not None:
                        finish(item, message[2])

    def _receive(self, worker: Worker) -> tuple[Any, ...] | None:
        """The worker's next message, or None when it has died."""
        if not worker.process.is_alive() and not worker.conn.poll():
            return None
        try:
            message: tuple[Any, ...] = worker.conn.recv()
        except (EOFError, OSError):
            return None
        return message

    def _buried(
        self, worker: Worker, queue: deque[Todo], tries: dict[str, int], finish: Callable[[Todo, dict[str, Any]], None]
    ) -> None:
        """A worker died: clean up after it, run its report once more or fail it, replace the worker if needed."""
        worker.process.join(5)
        self.workers.remove(worker)
        worker.conn.close()
        pid = worker.process.pid
        files.clean_own(pid)  # its half-written files and kernels' files; its kernels die with it
        kernels.clean_runtime(pid)
        why = _death(worker.process.exitcode)
        if not worker.items():
            self.idle_deaths += 1
            if self.idle_deaths >= TRIES * self.count:  # they die as they start: fail what is left, do not loop
                while queue:
                    finish(queue.popleft(), {"status": "failed", "seconds": 0.0, "error": f"{why} before any report"})
        for item in reversed(worker.items()):  # the one it ran and those it was writing, in their order
            run = item[0]
            if tries[run.name] < TRIES:
                self.say(f"  {run.name}: {why}; running it again in a fresh worker")
                queue.appendleft(item)
            else:
                finish(item, {"status": "failed", "seconds": 0.0, "error": f"{why} while running it, twice"})
        if queue and len(self.workers) < self.count:
            self._start()

    def close(self) -> None:
        """Let every worker finish (it retires its kernels) and exit."""
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(10)
            if worker.process.is_alive():
                worker.process.kill()
        self.workers.clear()

    def stop(self, grace: float = 1.0) -> None:
        """Stop every worker now: each is told to kill its kernels and exit, and one that has not gone after `grace`
        seconds is killed (its forked kernels die with its connections to the zygote)."""
        workers, self.workers = list(self.workers), []
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.process.terminate()
        deadline = time.monotonic() + grace
        for worker in workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                with contextlib.suppress(OSError):
                    worker.process.kill()
                files.clean_own(worker.process.pid)
                kernels.clean_runtime(worker.process.pid)
