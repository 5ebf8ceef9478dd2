"""Kernels forked from the build's zygote: each is a fresh process that looks, from inside a notebook, like a spawned
kernel; the zygote refuses what cannot be forked and the build then spawns, saying so once, with the same result;
a zygote or a worker that dies costs no report; kernels are retired without waiting; nothing is left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from conftest import ROOT, cli, one_report, start_build, still_running

from sco_analysis.reporting import builder, environment, forks, hashing, kernels, project, zygote

SPAWNING = "spawning each kernel instead"

# what a notebook can see of the process it runs in, printed as JSON (the parent's command line apart)
PROBE = textwrap.dedent(
    """
    names = sorted(k for k in globals() if not k.startswith("_"))
    import json, os, re, signal, sys, threading
    import psutil
    facts = {
        "loaded at start": "pandas" in sys.modules,
        "names": names,
        "cwd": os.getcwd(),
        "path": sys.path,
        "argv": [os.path.basename(sys.argv[0])] + [a for a in sys.argv[1:] if not a.endswith(".json")],
        "environment": {k: v for k, v in os.environ.items() if k not in ("JPY_PARENT_PID", "SCO_REPORTS_DIR")},
        "asked by": os.environ["JPY_PARENT_PID"] == str(psutil.Process(os.getppid()).ppid())
        or os.environ["JPY_PARENT_PID"] == str(os.getppid()),
        "signals": {s.name: str(signal.getsignal(s)) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD)},
        "threads": sorted(re.sub(r"-\\d+", "", t.name) for t in threading.enumerate()),
        "own process group and session": os.getpgid(0) == os.getpid() == os.getsid(0),
        "stdin": os.readlink("/proc/self/fd/0").split(":")[0],
        "main module": sys.modules["__main__"].__name__,
    }
    print(json.dumps(facts, sort_keys=True))
    print("PARENT", " ".join(psutil.Process(os.getppid()).cmdline()))
    """
)
# a notebook of the project's own (it imports the package, after the probe): its kernels start warmed up
PROJECT_PROBE = PROBE + "import sco_analysis\n"


def probe_build(
    tmp_path: Path, kind: str, jobs: int = 1, probe: str = PROJECT_PROBE
) -> list[tuple[dict[str, object], str]]:
    """Build two probe reports with `kind` kernels (the second in the kernel started ahead); their facts and
    parents."""
    folder = tmp_path / kind
    config = one_report(tmp_path, "probe", probe, "sweep = { n = [1, 3] }\n")
    result = cli(
        "build",
        "--config",
        str(config),
        "--jobs",
        str(jobs),
        "--kernels",
        kind,
        env={"SCO_REPORTS_DIR": str(folder / "r")},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert SPAWNING not in result.stdout
    found = []
    for slug in ("n=1", "n=3"):
        cells = json.loads((folder / "r" / "probe" / f"{slug}.ipynb").read_text())["cells"]
        text = "".join(cells[-1]["outputs"][0]["text"]).splitlines()
        found.append((json.loads(text[0]), text[1]))
    return found


@pytest.mark.slow
def test_a_forked_kernel_looks_like_a_spawned_one_from_inside(tmp_path):
    forked = probe_build(tmp_path, "forked")
    spawned = probe_build(tmp_path, "spawned")
    for (facts, parent), (spawned_facts, spawned_parent) in zip(forked, spawned, strict=True):
        assert zygote.__name__ in parent  # a child of the zygote ...
        assert "sco_analysis.cli" in spawned_parent  # ... where a spawned kernel is the build's child
        assert facts["environment"] == spawned_facts["environment"]
        assert facts == spawned_facts
        assert facts["loaded at start"] is True  # the warm-up's imports, before the notebook's first cell
        assert facts["names"] == ["In", "Out", "exit", "get_ipython", "n", "open", "quit"]  # no notebook code ran
        assert facts["own process group and session"] is True
        assert facts["asked by"] is True


@pytest.mark.parametrize("kind", ["forked", "spawned"])
def test_kernels_of_a_build_whose_notebooks_import_nothing_of_the_project_start_bare(tmp_path, kind):
    """The warm-up (pandas, matplotlib, the package, every table) is for the project's notebooks: a build of others
    (an ad-hoc notebook; the tests' small ones) forks or spawns kernels with nothing of it loaded: from inside,
    each looks like a cold kernel."""
    bare = probe_build(tmp_path, kind, probe=PROBE)
    assert [facts["loaded at start"] for facts, _ in bare] == [False, False]
    cold = probe_build(tmp_path, "cold", probe=PROBE)
    assert [facts for facts, _ in bare] == [facts for facts, _ in cold]  # as a kernel with nothing loaded


@pytest.mark.slow
def test_forked_spawned_and_cold_kernels_give_the_same_bytes(reports, tmp_path):
    """The session's build (forked kernels, parallel) against the same two reports built serially in spawned and in
    cold kernels."""
    runs = '[{ as_of = "2018-06-09" }, { as_of = "2024-07-03" }]'
    config = tmp_path / "reports.toml"
    config.write_text(
        f'[timeline]\nnotebook = "{ROOT / "notebooks" / "timeline.ipynb"}"\ntitle = "SCO timeline"\nruns = {runs}\n'
    )
    names = [f"as_of={day}{suffix}" for day in ("2018-06-09", "2024-07-03") for suffix in (".html", ".ipynb")]
    shared = {name: (reports / "timeline" / name).read_bytes() for name in names}
    for slug in ("as_of=2018-06-09", "as_of=2024-07-03"):
        assert json.loads((reports / ".cache" / "timeline" / f"{slug}.json").read_text())["kernel"] == "forked"
    for kind in ("spawned", "cold"):
        out = tmp_path / kind
        result = cli(
            "build", "--config", str(config), "--jobs", "1", "--kernels", kind, env={"SCO_REPORTS_DIR": str(out)}
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert {name: (out / "timeline" / name).read_bytes() for name in names} == shared, kind
        assert json.loads((out / ".cache" / "timeline" / "as_of=2018-06-09.json").read_text())["kernel"] == kind


def project_with(tmp_path: Path, preload_source: str) -> dict[str, str]:
    """A project like this one whose zygote also imports a module running `preload_source`; the environment that
    makes it importable (for the build, its workers and its zygote)."""
    (tmp_path / "spoiler.py").write_text(preload_source)
    (tmp_path / "spoiled.py").write_text(
        "import dataclasses\nfrom sco_analysis.project import PROJECT as BASE\n"
        "PROJECT = dataclasses.replace(BASE, preload=(*BASE.preload, 'spoiler'))\n"
    )
    return {"PYTHONPATH": str(tmp_path)}


def cli_of(spec: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The runner's command line serving the project `spec`."""
    code = (
        f"import sys; from sco_analysis.reporting import cli; sys.exit(cli.main(sys.argv[1:], {spec!r}, 'sco-report'))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=600,
    )


# a notebook of the project's own (it imports the package), so its zygote preloads and warms up
SMALL = "import sys; print('pandas' in sys.modules, n * 7)\nimport sco_analysis"


@pytest.fixture(scope="module")
def forked_small(tmp_path_factory) -> tuple[Path, Path]:
    """Three small reports built with forked kernels: their config and reports folder."""
    folder = tmp_path_factory.mktemp("forked")
    config = one_report(folder, "small", SMALL, "sweep = { n = [1, 2, 3] }\n")
    result = cli("build", "--config", str(config), "--jobs", "2", env={"SCO_REPORTS_DIR": str(folder / "r")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert SPAWNING not in result.stdout
    return config, folder / "r"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("spoiler", "reason"),
    [
        ("import threading, time\nthreading.Thread(target=time.sleep, args=(3600,), daemon=True).start()\n", "threads"),
        ("import zmq\nCONTEXT = zmq.Context()\n", "zmq context"),
        ("raise ImportError('this module cannot be imported')\n", "cannot be imported"),
    ],
    ids=["a thread", "a zmq context", "an import error"],
)
def test_a_zygote_that_cannot_fork_safely_refuses_and_the_build_spawns_the_same_reports(
    tmp_path, forked_small, spoiler, reason
):
    env = project_with(tmp_path, spoiler)
    config, forked = forked_small
    spoiled = cli_of(
        "spoiled:PROJECT",
        "build",
        "--config",
        str(config),
        "--jobs",
        "2",
        env={**env, "SCO_REPORTS_DIR": str(tmp_path / "a")},
    )
    assert spoiled.returncode == 0, spoiled.stdout + spoiled.stderr
    said = [line for line in spoiled.stdout.splitlines() if SPAWNING in line]
    assert len(said) == 1, spoiled.stdout  # once, though two workers each found it
    assert reason in said[0]
    assert "Traceback" not in spoiled.stdout + spoiled.stderr
    records = [json.loads(p.read_text()) for p in (tmp_path / "a" / ".cache" / "small").glob("*.json")]
    assert sorted(r["kernel"] for r in records) == ["spawned"] * 3
    for name in ("n=1", "n=2", "n=3"):  # the same bytes as the forked kernels gave
        for suffix in (".html", ".ipynb"):
            spawned = (tmp_path / "a" / "small" / f"{name}{suffix}").read_bytes()
            assert spawned == (forked / "small" / f"{name}{suffix}").read_bytes(), name


def zygote_of(build: int, within: float = 60) -> psutil.Process:
    """The zygote the build started (once it has)."""
    deadline = time.time() + within
    while time.time() < deadline:
        for child in psutil.Process(build).children():
            if zygote.__name__ in " ".join(child.cmdline()):
                return child
        time.sleep(0.05)
    raise AssertionError("the build started no zygote")


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_zygote_killed_mid_build_costs_no_report(tmp_path, jobs):
    proc, reports = start_build(tmp_path, runs=4, seconds=1.0, jobs=jobs)
    assert proc.stdout is not None
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if ": done in" in line:
            break
    killed = zygote_of(proc.pid)
    kernels_then = killed.children()
    assert kernels_then  # the report running now, and the next one's kernel
    killed.kill()
    out, err = proc.communicate(timeout=300)
    output = "".join(seen) + out
    assert proc.returncode == 0, output + err
    assert output.count(": done in") == 4
    said = [line for line in output.splitlines() if SPAWNING in line]
    assert said == [f"kernels: the kernel zygote ended; {SPAWNING} (slower, the same reports)"], output
    assert still_running(kernels_then) == []  # its kernels died with it
    records = [json.loads(p.read_text())["kernel"] for p in (reports / ".cache" / "slow").glob("*.json")]
    assert "forked" in records
    assert "spawned" in records


# kills the worker that runs it (JPY_PARENT_PID: the process that asked for the kernel), as the out-of-memory killer
# would, the first time only or every time; the kernel's pid is left in a file
KILLER = textwrap.dedent(
    """
    import os, pathlib, signal, time
    marks = pathlib.Path({folder!r})
    if n == 3 and ({always} or not (marks / 'killed-once').exists()):
        (marks / 'killed-once').write_text('')
        (marks / f'kernel-{{os.getpid()}}').write_text('')
        os.kill(int(os.environ['JPY_PARENT_PID']), signal.SIGKILL)
        time.sleep(60)
    time.sleep(0.5)
    print('done', n)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("always", [False, True], ids=["once", "every time"])
def test_a_killed_worker_costs_at_most_its_report(tmp_path, always):
    marks = tmp_path / "marks"
    marks.mkdir()
    body = KILLER.format(folder=str(marks), always=always)
    config = one_report(tmp_path, "oom", body, "sweep = { n = [1, 2, 3, 4, 5, 6] }\n")
    reports = tmp_path / "r"
    result = cli("build", "--config", str(config), "--jobs", "2", env={"SCO_REPORTS_DIR": str(reports)})
    killed = "oom/n=3: a worker was killed (out of memory?)"
    assert f"{killed}; running it again in a fresh worker" in result.stdout
    for n in (1, 2, 4, 5, 6):
        assert f"oom/n={n}: done in" in result.stdout
    failures = list((reports / ".cache" / "oom").glob("*.failed.json"))
    if always:
        assert result.returncode == 1
        assert "FAILED oom/n=3: a worker was killed (out of memory?) while running it, twice" in result.stdout
        assert [p.name for p in failures] == ["n=3.failed.json"]
    else:
        assert result.returncode == 0, result.stdout + result.stderr
        assert "oom/n=3: done in" in result.stdout
        assert failures == []
        assert "BrokenProcessPool" not in result.stdout
    dead_kernels = [int(p.name.split("-")[1]) for p in marks.glob("kernel-*")]
    assert dead_kernels
    assert not [pid for pid in dead_kernels if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
    assert not list((reports / ".tmp").glob("*"))
    assert not list(reports.glob("**/.*.tmp"))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["forked", "spawned"])
def test_a_kernel_is_retired_at_once_and_leaves_no_file(tmp_path, monkeypatch, kind):
    """retire() kills the kernel and returns: no shutdown request, no wait for the process (jupyter_client's
    shutdown_kernel polls it every 0.1 s); the kernel's files go, the process is reaped in the background."""
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))
    environment.isolate()
    started = None
    if kind == "forked":
        started = forks.Zygote(hashing.digest(hashing.package_source(), project.current().inputs_digest()))
        forks.use(started.ready(), lambda line: pytest.fail(line))
    try:
        km = kernels.Spare(kind)._start(str(tmp_path))
        assert kernels.forked(km) is (kind == "forked")
        if kind == "forked":  # a handle on the process itself, from the zygote: killed at once, never a recycled pid
            assert km.provisioner.process.pidfd is not None
        pid = km.provisioner.process.pid
        assert psutil.pid_exists(pid)
        assert list(tmp_path.glob("kernel-*"))  # its connection file and sockets

        def no_waiting(*args, **kwargs):
            raise AssertionError("retire waited for the kernel")

        monkeypatch.setattr(km, "shutdown_kernel", no_waiting)
        monkeypatch.setattr(km.provisioner, "wait", no_waiting)
        kernels.retire(km)
        assert km not in kernels.LIVE
        assert list(tmp_path.glob("kernel-*")) == []
        deadline = time.time() + 10
        while psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
            assert time.time() < deadline, "the kernel outlived its retirement"
            time.sleep(0.02)
        kernels.reap()
        assert kernels.DYING == []
    finally:
        forks.use(None, print)
        if started is not None:
            started.stop()


def test_kernel_files_of_processes_that_are_gone_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))
    dead = subprocess.Popen(["true"])
    dead.wait()
    mine = os.getpid()
    names = [f"kernel-{dead.pid}-1.json", f"kernel-{dead.pid}-1-4", f"kernel-{mine}-2.json", "kernel-abc.json"]
    for name in names:
        (tmp_path / name).write_text("")
    assert kernels.clean_runtime() == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"kernel-{mine}-2.json", "kernel-abc.json"]
    assert kernels.clean_runtime(mine) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kernel-abc.json"]


def test_jobs_default_to_the_processors_this_process_may_use():
    assert builder.cpus() == len(os.sched_getaffinity(0))
    pinned = subprocess.run(
        [
            "taskset",
            "-c",
            "0",
            sys.executable,
            "-c",
            "from sco_analysis.reporting import builder; print(builder.cpus())",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert pinned.stdout.strip() == "1", pinned.stderr


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("import threading, time; threading.Thread(target=time.sleep, args=(60,), daemon=True).start()", "threads"),
        ("import zmq; context = zmq.Context()", "zmq context"),
        ("import os; os.environ['OPENBLAS_NUM_THREADS'] = '2'; import numpy", "threads"),
        ("import os; os.environ['OPENBLAS_NUM_THREADS'] = '1'; import numpy", ""),
    ],
    ids=["a Python thread", "a zmq context", "OpenBLAS threads", "single-threaded OpenBLAS"],
)
def test_the_zygote_finds_what_would_not_survive_a_fork(code, reason):
    check = f"{code}\nimport json\nfrom sco_analysis.reporting import zygote\nprint(json.dumps(zygote.alone()))"
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert (reason in found) if reason else found == "", found


def test_kernels_are_spawned_off_linux_and_the_build_says_why(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert forks.available() == "kernels are forked on Linux only, not on darwin"
    monkeypatch.setattr(sys, "platform", "linux")
    assert forks.available() == ""


def test_a_kernel_spec_of_another_python_is_spawned(monkeypatch):
    said: list[str] = []
    forks._SAID.clear()
    forks.use(forks.Address("nobody-listens-here", "key"), said.append)
    try:
        assert forks.fork(["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "x.json"], "/", {}) is None
        assert said == [
            "kernels: the kernel spec runs /usr/bin/python3 -m ipykernel_launcher, not this Python's "
            f"ipykernel_launcher; {SPAWNING} (slower, the same reports)"
        ]
        assert forks.fork([sys.executable, "-m", "ipykernel_launcher"], "/", {}) is None  # no zygote any more
        assert len(said) == 1
    finally:
        forks.use(None, print)
        forks._SAID.clear()


def test_a_signal_reaches_the_kernel_through_the_zygote_only_while_it_lives():
    """ForkedProcess: an exit message ends it; a closed connection (the zygote gone) ends it as lost; a signal to a
    kernel that has ended is not sent (its pid may belong to another process by then)."""
    import socket

    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    process = forks.ForkedProcess(4242, ours)
    assert process.poll() is None
    process.send_signal(signal.SIGINT)
    assert json.loads(theirs.recv(1024)) == {"signal": signal.SIGINT}
    theirs.send(zygote.encode({"exit": -9}))
    assert process.poll() == -9
    assert process.lost is False
    process.kill()
    theirs.setblocking(False)
    with pytest.raises(BlockingIOError):
        theirs.recv(1024)
    theirs.close()
    ours2, theirs2 = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    orphan = forks.ForkedProcess(4243, ours2)
    theirs2.close()
    assert orphan.poll() == -signal.SIGKILL
    assert orphan.lost is True
    ours.close()
    ours2.close()
