"""`claimx check --format html`: one self-contained page, checked as text and in a browser.

The browser tests load the page in headless Chromium (Debian's `chromium` package, installed
by `make test` when it can and by .ci/run) and read the page as the browser left it after its
script ran (`--dump-dom`); without Chromium they skip and say so.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest
from test_check_command import claims_df
from test_check_helpers import row, table

from claimx.check.command import run_check

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    env = os.environ.get("CLAIMX_CHROMIUM")
    if env:
        return env
    return next((p for p in map(shutil.which, BROWSERS) if p), None)


needs_browser = pytest.mark.skipif(
    find_browser() is None,
    reason="Chromium not installed (apt-get install chromium, or set CLAIMX_CHROMIUM): "
           "the HTML report's browser tests skip")


def report_table() -> pd.DataFrame:
    """Contradiction, forecast warning, agreement (claims_df), plus an arithmetic finding and
    an open interval (超过)."""
    s = "中国智能算力"
    extra = table(
        row("155.2 EFLOPS", 1.552e20, s, "compute", "2021", "FLOPS", doc="c.txt", line=12),
        row("1,271.4 EFLOPS", 1.2714e21, s, "compute", "2026", "FLOPS", doc="c.txt", line=12, forecast=True),
        row("33.3%", 33.3, s, "cagr", "2021-2026", "percent", doc="c.txt", line=14, forecast=True),
        row("超过30%", 30, "国产GPU", "share", "2024", "percent", doc="a.txt", line=30, qualifier="over",
            low=30, source="远景证券"),
        row("10%", 10, "国产GPU", "share", "2024", "percent", doc="b.txt", line=31, source="<b>华信</b>"),
    )
    return pd.concat([claims_df(), extra])


@pytest.fixture
def page(tmp_path) -> Path:
    src, out = tmp_path / "claims.csv", tmp_path / "report.html"
    report_table().to_csv(src, index=False, encoding="utf-8-sig")
    assert run_check([src], format="html", output=out) == 1
    return out


class _Sections(HTMLParser):
    """The finding sections of a page: (attributes, inner text) each, and every tag seen."""

    def __init__(self):
        super().__init__()
        self.sections: list[dict] = []
        self.tags: list[tuple[str, dict]] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "section" and "finding" in (a.get("class") or ""):
            self.sections.append({"attrs": a, "text": "", "svg": 0})
            self._depth = 1
        elif self._depth and tag == "section":
            self._depth += 1
        if self._depth and tag == "svg":
            self.sections[-1]["svg"] += 1

    def handle_endtag(self, tag):
        if self._depth and tag == "section":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.sections[-1]["text"] += data


def parse(html: str) -> _Sections:
    p = _Sections()
    p.feed(html)
    return p


def test_page_is_self_contained(page):
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"(?i)https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(", html)
    tags = parse(html).tags
    assert not [t for t, a in tags if t in ("link", "img", "iframe", "object", "embed")]
    assert all("src" not in a for t, a in tags if t == "script")  # the script is inline
    assert "<style>" in html and "<svg" in html


def test_page_shows_summary_and_findings_worst_first(page):
    html = page.read_text(encoding="utf-8")
    p = parse(html)
    sev = [s["attrs"]["data-severity"] for s in p.sections]
    assert sev == sorted(sev, key=["error", "warning", "info"].index)
    kinds = [s["attrs"]["data-kind"] for s in p.sections]
    assert kinds.count("contradiction") == 3 and "arithmetic" in kinds and "agreement" in kinds
    first = p.sections[0]
    assert first["svg"] == 1  # a chart for each finding
    assert all(s["svg"] == 1 for s in p.sections)
    text = " ".join(s["text"] for s in p.sections)
    for piece in ("652亿美元", "618.4亿美元", "a.txt:3", "b.txt:7", "超过30%", "stated", "implied"):
        assert piece in text
    assert "<b>华信</b>" not in html and "&lt;b&gt;华信&lt;/b&gt;" in html  # text is escaped
    assert 'id="cards"' in html and ">11</b><span>claims</span>" in html and ">5</b><span>documents</span>" in html


def test_chart_rows_are_sources_and_periods(page):
    html = page.read_text(encoding="utf-8")
    [share] = [s for s in parse(html).sections if s["attrs"]["data-subject"] == "国产GPU"]
    assert "远景证券 · 2024" in share["text"]  # the source names the row, with the period
    assert "→" in share["text"]  # 超过30% is open upward


def test_no_findings_is_a_page_too(tmp_path):
    src, out = tmp_path / "t.csv", tmp_path / "r.html"
    table().to_csv(src, index=False)
    assert run_check([src], format="html", output=out) == 0
    assert "No findings." in out.read_text(encoding="utf-8")


def test_html_to_stdout(tmp_path, capsys):
    src = tmp_path / "t.csv"
    claims_df().to_csv(src, index=False)
    run_check([src], format="html", output=Path("-"))
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert not (tmp_path / "-").exists() and not Path("-").exists()


# ------------------------------------------------------------------ in a browser

def dump_dom(path: Path, fragment: str = "") -> str:
    """The page as Chromium leaves it after its scripts ran."""
    with tempfile.TemporaryDirectory() as profile:
        cmd = [find_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", "--no-default-browser-check", f"--user-data-dir={profile}",
               "--dump-dom", path.resolve().as_uri() + fragment]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert r.returncode == 0 and "</html>" in r.stdout, r.stderr[-2000:]
    return r.stdout


def visible(dom: str) -> list[str]:
    return [s["attrs"]["data-subject"] for s in parse(dom).sections if "hidden" not in s["attrs"]]


@needs_browser
def test_browser_runs_the_page(page):
    dom = dump_dom(page)
    assert 'data-ready="1"' in dom  # the script ran
    p = parse(dom)
    assert len(p.sections) == 5 and len(visible(dom)) == 5
    assert "showing 5 of 5 findings" in dom
    assert dom.count("<svg") >= 5 and dom.count("<circle") >= 8  # charts survived parsing


@needs_browser
@pytest.mark.parametrize("subject,n", [("全球AI芯片市场", 1), ("中国智能算力", 1), ("GPT-3", 1), ("国产GPU", 1)])
def test_browser_filters_by_subject(page, subject, n):
    dom = dump_dom(page, "#subject=" + quote(subject))
    assert visible(dom) == [subject] * n
    assert f"showing {n} of 5 findings" in dom
    assert re.search(rf'<option value="{re.escape(subject)}" selected', dom) or \
        f'value="{subject}"' in dom


@needs_browser
def test_browser_draws_the_page(page, tmp_path):
    """A screenshot of the page is a picture with something on it (not a blank or error page)."""
    import struct
    import zlib

    shot = tmp_path / "shot.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([find_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--no-first-run",
                        f"--user-data-dir={profile}", "--hide-scrollbars", "--window-size=900,700",
                        f"--screenshot={shot}", page.resolve().as_uri()],
                       capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (900, 700)
    # decode the first rows' filtered bytes: the page's red ERROR badges and text are not one colour
    idat = b"".join(data[i + 8:i + 8 + struct.unpack(">I", data[i:i + 4])[0]]
                    for i in _chunks(data, b"IDAT"))
    raw = zlib.decompress(idat)
    assert len(set(raw[: len(raw) // 2])) > 50


def _chunks(data: bytes, kind: bytes):
    """Offsets of the PNG chunks of one kind (each at its length field)."""
    import struct

    i = 8
    while i < len(data):
        n = struct.unpack(">I", data[i:i + 4])[0]
        if data[i + 4:i + 8] == kind:
            yield i
        i += 12 + n
