"""JupyterLab smoke test: a real server on 127.0.0.1, the timeline notebook opened and run through the UI."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from browser import record_and_block
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_timeline_notebook_runs_in_jupyterlab(tmp_path, browser):

    nb = json.loads((ROOT / "notebooks" / "timeline.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:  # start from a notebook without outputs, so the figures must come from this run
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    (tmp_path / "timeline.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / ".jupyter"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / ".rt"),
        "IPYTHONDIR": str(tmp_path / ".ipython"),
        "JUPYTER_DATA_DIR": str(tmp_path / ".data"),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.token=",
            "--ServerApp.password=",
            f"--ServerApp.root_dir={tmp_path}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status", timeout=2)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    pytest.fail(
                        "JupyterLab did not start: "
                        + (server.stderr.read()[-2000:] if server.poll() is not None else "timeout")
                    )
                time.sleep(0.5)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            record_and_block(page, (base, "data:", "blob:"))  # the UI works with every other host blocked
            page.goto(f"{base}/lab/tree/timeline.ipynb")
            page.wait_for_selector(".jp-NotebookPanel", timeout=90_000)
            # the kernel is ready when the status bar says so (the indicator reads idle before the kernel starts)
            page.wait_for_function("document.body.innerText.includes('Python 3 (ipykernel) | Idle')", timeout=90_000)
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            page.wait_for_function(
                "document.querySelectorAll('.jp-OutputArea-output img').length >= 2", timeout=180_000
            )
            sizes = page.eval_on_selector_all(".jp-OutputArea-output img", "els => els.map(e => e.naturalWidth)")
            shots = ROOT / "reports" / "_screenshots"
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "jupyterlab__timeline.png"))
        finally:
            context.close()
        assert len(sizes) >= 2
        assert all(w > 0 for w in sizes)
    finally:
        server.terminate()  # by its PID
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
