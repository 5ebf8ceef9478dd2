"""Shared helpers for the browser tests: Debian's Chromium driven by Playwright, nothing downloaded."""

from __future__ import annotations

import os
import shutil

import pytest

# Debian's Chromium, or the Chromium or Chrome a CI image ships (Playwright drives any of them; none is downloaded)
CHROMIUM = next(
    (
        path
        for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
        if (path := shutil.which(name))
    ),
    "/usr/bin/chromium",
)
# no background traffic: on a closed network Chromium's own update/sync requests would only add noise
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def launch(playwright):
    """Headless Chromium from the system, or skip with the install command."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed: `sudo apt-get install chromium` (make test installs it as root)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)


def launch_async(playwright):
    """launch() for Playwright's async API."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed: `sudo apt-get install chromium` (make test installs it as root)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)


def record_and_block(page, allowed: tuple[str, ...]) -> list[str]:
    """Abort and record every request whose URL does not start with one of `allowed`."""
    outside: list[str] = []

    def handle(route):
        url = route.request.url
        if url.startswith(allowed):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", handle)
    return outside


def record_and_block_async(page, allowed: tuple[str, ...]) -> tuple[list[str], object]:
    """record_and_block() for Playwright's async API: the list it fills, and the coroutine that installs it."""
    outside: list[str] = []

    async def handle(route):
        url = route.request.url
        if url.startswith(allowed):
            await route.continue_()
        else:
            outside.append(url)
            await route.abort()

    return outside, page.route("**/*", handle)
