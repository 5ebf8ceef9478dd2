"""JupyterLab as `make lab` starts it (sco_analysis.lab), on 127.0.0.1 with every other host blocked: a parameter
edited in the trade notebook, Run All, JupyterLab's autosave waited out, and the repository is as before (the working
copy has the edit, notebooks/ and git status do not); the claims notebook is styled in JupyterLab as in the report."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from browser import record_and_block
from conftest import ROOT

from sco_analysis import lab

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AUTOSAVE_SECONDS = 5  # JupyterLab's default is 120 s; the session sets it short, the test waits it out
SHOTS = ROOT / "reports" / "_screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def repository_state() -> tuple[str, dict[str, str]]:
    """git status of the checkout, and the sha256 of every committed notebook."""
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    return status, hashes


def settled(path, page, done, seconds: float = 120) -> str:
    """The file's text once it is a whole notebook for which `done` holds (or, after `seconds`, as it is). It waits
    with the page's own timer: the page's requests go through this process's route handler (record_and_block), so
    a plain sleep would hold JupyterLab's saves until the next call into Playwright. A save in flight writes the
    file in place (jupyter_server truncates, then writes): a read in between sees it empty or zero-filled."""
    deadline = time.time() + seconds
    while True:
        text = path.read_text(encoding="utf-8")
        try:
            json.loads(text)
            if done(text):
                return text
        except ValueError:
            pass
        if time.time() > deadline:
            return text
        page.wait_for_timeout(500)


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """JupyterLab over working copies made by sco_analysis.lab, its config, data and settings in a temporary folder."""
    home = tmp_path_factory.mktemp("lab")
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
        "JUPYTER_RUNTIME_DIR": str(home / ".rt"),
        "JUPYTER_DATA_DIR": str(home / ".data"),
        "IPYTHONDIR": str(home / ".ipython"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / ".settings"),
    }
    autosave = home / ".settings" / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    autosave.parent.mkdir(parents=True)
    autosave.write_text(json.dumps({"autosaveInterval": AUTOSAVE_SECONDS}), encoding="utf-8")
    news = home / ".settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    copies, port = home / "lab", free_port()
    before = repository_state()
    # the same preparation as `make lab`, in a subprocess that sees this environment
    prepared = subprocess.run(
        [sys.executable, "-c", f"import pathlib, sco_analysis.lab as lab; lab.prepare(pathlib.Path({str(copies)!r}))"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert prepared.returncode == 0, prepared.stderr
    extra = [
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.token=",
        "--ServerApp.password=",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    # the server's log goes to a file: a pipe nobody reads fills up (64 kB) and then blocks the server mid-request,
    # a save among them (CI: "Saving started" for minutes on a fresh clone, whose first run logs more)
    log = home / "server.log"
    with log.open("w", encoding="utf-8") as sink:
        server = subprocess.Popen(lab.command(copies, extra), cwd=home, env=env, stdout=sink, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status", timeout=2)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    pytest.fail(f"JupyterLab did not start: {log.read_text(encoding='utf-8')[-2000:]}")
                time.sleep(0.5)
        yield {"base": base, "copies": copies, "before": before}
    finally:
        server.terminate()  # by its PID
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def open_notebook(browser, base: str, name: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    record_and_block(page, (base, "data:", "blob:"))  # the UI works with every other host blocked
    page.goto(f"{base}/lab/tree/{name}")
    page.wait_for_selector(".jp-NotebookPanel", timeout=90_000)
    # the kernel is ready when the status bar says so (the indicator reads idle before the kernel starts)
    page.wait_for_function("document.body.innerText.includes('Python 3 (ipykernel) | Idle')", timeout=90_000)
    return context, page


def test_edit_run_and_autosave_change_the_working_copy_and_nothing_in_the_repository(jupyterlab, browser):
    copy = jupyterlab["copies"] / "trade.ipynb"
    assert '"year = 2017' in copy.read_text(encoding="utf-8")  # the working copy starts as committed
    context, page = open_notebook(browser, jupyterlab["base"], "trade.ipynb")
    try:
        # the parameters cell is the first code cell: its first line is `year = 2017  # ...`; set it to 2009
        page.locator(".jp-CodeCell .cm-content").first.click()
        page.keyboard.press("Control+Home")
        page.keyboard.press("Shift+End")
        page.keyboard.type("year = 2009")
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        page.wait_for_function("document.body.innerText.includes('This report covers 2009')", timeout=180_000)
        page.wait_for_function(
            "document.querySelectorAll('.jp-OutputArea-output img, .jp-OutputArea-output svg').length >= 3",
            timeout=180_000,
        )
        edited = settled(copy, page, lambda text: '"year = 2009' in text, AUTOSAVE_SECONDS * 6)
        autosaved = '"year = 2009' in edited
        page.wait_for_timeout(AUTOSAVE_SECONDS * 2 * 1000)  # one more autosave, after the run's outputs
        # then a save by hand, as a user makes before closing: the edit and the outputs must land in the working
        # copy and nowhere else
        page.keyboard.press("Control+s")
        saved = settled(copy, page, lambda text: '"year = 2009' in text and "This report covers **2009**" in text)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "jupyterlab__trade-edited.png"))
    finally:
        context.close()
    assert autosaved, f"JupyterLab's autosave did not write the edit within {AUTOSAVE_SECONDS * 6} s"
    assert '"year = 2009' in saved, "JupyterLab did not save the working copy"
    assert "This report covers **2009**" in saved  # the outputs of this run were saved with it
    assert repository_state() == jupyterlab["before"], "the session changed the repository"


def test_the_claims_notebook_is_styled_in_jupyterlab_as_in_the_report(jupyterlab, browser):
    context, page = open_notebook(browser, jupyterlab["base"], "claims.ipynb")
    try:
        page.wait_for_selector(".jp-OutputArea-output .card .badge.rating-inaccurate", timeout=60_000)
        style = page.evaluate(
            """() => {
              const badge = getComputedStyle(document.querySelector('.badge.rating-inaccurate'));
              const card = getComputedStyle(document.querySelector('.card'));
              return [badge.backgroundColor, badge.borderRadius, card.borderTopWidth, card.borderTopColor];
            }"""
        )
        page.locator(".card").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "jupyterlab__claims.png"))
    finally:
        context.close()
    # the report's stylesheet (templates/sco/content.css): the rating's colour, 10 px round, cards with a 1 px border
    css = (ROOT / "sco_analysis" / "templates" / "sco" / "content.css").read_text(encoding="utf-8")
    colour = re.search(r"\.rating-inaccurate \{ background: #(\w{6})", css).group(1)
    rgb = ", ".join(str(int(colour[i : i + 2], 16)) for i in (0, 2, 4))
    assert style == [f"rgb({rgb})", "10px", "1px", "rgb(217, 222, 229)"]


def test_working_copies_are_made_once_and_a_changed_committed_notebook_is_reported(tmp_path):
    committed = tmp_path / "notebooks"
    committed.mkdir()
    (committed / "a.ipynb").write_text("first", encoding="utf-8")
    copies = tmp_path / "lab"
    assert lab.working_copies(copies, committed) == [f"copied notebooks/a.ipynb to {copies / 'a.ipynb'}"]
    (copies / "a.ipynb").write_text("my work", encoding="utf-8")
    assert lab.working_copies(copies, committed) == []
    (committed / "a.ipynb").write_text("second", encoding="utf-8")
    said = lab.working_copies(copies, committed)
    assert len(said) == 1
    assert "changed since it was copied" in said[0]
    assert (copies / "a.ipynb").read_text(encoding="utf-8") == "my work"  # never overwritten
