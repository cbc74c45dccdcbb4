"""Speed of the extraction (`make bench`).

    .venv/bin/python tools/bench.py [--chars 2] [--corpus [--mb 20] [--docs 1200]]

By default (issue 15's figures): claim-dense text built from the documents this clone can see
(fixtures/ and, when present, ../shared/dev/docs without its held-out slice d), repeated to
--chars million characters as .txt files under bench-corpus/dense/, extracted by the whole
`claimx extract` process (start-up and writing included) with --jobs 1 and --jobs 2:
characters/s, claims/s, the ratio to a plain compiled-regex number scan of the same text in the
same run, the --jobs 2 speed-up, a second run from the cache (same bytes), the start-up of a
one-file run against `python -c pass`, and the machine's state (cores, load average).

With --corpus, also the older measurements: builds a corpus of at least --mb MB under bench-corpus/ (gitignored) from copies of the
demo reports in fixtures/ (every format claimx reads; MB/s counts the text extracted
from them, as UTF-8), then times `claimx.runner` over it in-process with 1 and 2 worker
processes, and over half of it to show that peak memory does not grow with the number
of documents. Each measurement runs in a fresh interpreter so that its peak memory
(ru_maxrss of the process and of its worker processes) is its own; only the extraction
is timed, not the start-up, the imports or the corpus building. Also times `claimx
--help` (start-up) and reading + extracting a generated 30-page CJK PDF.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT / "bench-corpus"
MB = 1024 * 1024


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- corpus

def build_corpus(target_mb: float, n_docs: int) -> dict:
    """bench-corpus/{a,b}/NNN/<fixture>-<i>.<ext>: copies of every report in fixtures/ (every
    format claimx reads, each file as it is), at least `target_mb` MB and `n_docs` documents;
    a and b each hold half of them."""
    sys.path.insert(0, str(ROOT))
    from claimx.read import READERS, read_document

    files = sorted(p for p in FIXTURES.iterdir()
                   if p.suffix.lower() in READERS and not p.name.lower().startswith("readme"))
    if not files:
        sys.exit(f"bench: no fixtures in {FIXTURES}")
    sources = {p.name: p.read_bytes() for p in files}
    texts = {p.name: read_document(p, p.name).text for p in files}  # what extraction reads
    per_round = sum(len(b) for b in sources.values())
    rounds = max(math.ceil(n_docs / len(sources)), math.ceil(target_mb * MB / per_round))
    manifest = {"target_mb": target_mb, "docs": rounds * len(sources),
                "sources": {n: len(b) for n, b in sources.items()}}
    stamp = CORPUS / "manifest.json"
    if stamp.is_file() and json.loads(stamp.read_text()).get("build") == manifest:
        return json.loads(stamp.read_text())
    shutil.rmtree(CORPUS, ignore_errors=True)
    stats = {half: {"docs": 0, "bytes": 0, "utf8_bytes": 0, "chars": 0} for half in "ab"}
    k = 0
    for i in range(rounds):
        for name, body in sources.items():
            half = "a" if k % 2 == 0 else "b"
            folder = CORPUS / half / f"{i // 100:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            stem, suffix = name.rsplit(".", 1)
            (folder / f"{stem}-{i:05d}.{suffix}").write_bytes(body)
            s = stats[half]
            s["docs"] += 1
            s["bytes"] += len(body)
            s["utf8_bytes"] += len(texts[name].encode("utf-8"))
            s["chars"] += len(texts[name])
            k += 1
    out = {"build": manifest, "halves": stats}
    stamp.write_text(json.dumps(out, indent=1))
    return out


# ---------------------------------------------------------------- one measurement (child process)

def measure(jobs: int, folders: list[str]) -> dict:
    import resource

    import claimx
    from claimx import runner

    claimx.extract_text("2021年全球GPU市场规模为334.7亿美元，同比增长22.1%。")  # load data, compile patterns
    summary = runner.Summary()
    t0 = time.perf_counter()
    n = 0
    for _ in runner.rows([Path(f) for f in folders], summary, jobs=jobs, timeout=60.0):
        n += 1  # stream the rows, as the CSV writer does; keep none
    seconds = time.perf_counter() - t0
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu_self_s": me.ru_utime + me.ru_stime,
        "cpu_children_s": kids.ru_utime + kids.ru_stime,
        "jobs": jobs, "seconds": seconds, "docs": summary.documents, "claims": n, "chars": summary.chars,
        "errors": len(summary.errors),
        "rss_self_mb": me.ru_maxrss / 1024,
        "rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def run_child(jobs: int, folders: list[Path]) -> dict:
    cmd = [sys.executable, __file__, "--measure", str(jobs), *map(str, folders)]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if p.returncode != 0:
        sys.exit(f"bench: measurement failed:\n{p.stderr}")
    return json.loads(p.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- start-up and PDF

def startup_seconds(runs: int = 5) -> float | None:
    exe = Path(sys.executable).parent / "claimx"
    cmd = [str(exe), "--help"] if exe.is_file() else [sys.executable, "-m", "claimx", "--help"]
    best = math.inf
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t)
        if p.returncode != 0:
            return None
    return best


PDF_PARA = ("根据测算，2023年全球GPU市场规模约为334.7亿美元，同比增长18%，行业算力需求持续上升，"
            "预计到2030年全球智能算力规模将达到52.5 ZFLOPS，年复合增长率约为65%。英伟达A100在半精度下的"
            "峰值性能为312 TFLOPS，单卡功耗约为400瓦，训练GPT-3耗时约13天，成本超过460万美元。")
PDF_LEFT = [f"左栏第{i}行：中国智能算力规模达到{200 + i}.5 EFLOPS" for i in range(1, 22)]
PDF_RIGHT = [f"右栏第{i}行：出货量约为{100 + i}万台，同比增长{i}%" for i in range(1, 22)]


def pdf_bench(pages: int = 30) -> dict | str:
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from docgen import FONT_INSTALL, PdfPage, PdfSpec, find_cjk_font, make_pdf
    except ImportError as e:
        return f"skipped ({e.name} not installed)"
    if find_cjk_font() is None:
        return f"skipped (no CJK font: {FONT_INSTALL})"
    try:
        import fpdf  # noqa: F401
    except ImportError:
        return "skipped (fpdf2, a test extra, not installed)"
    from claimx.extract import extract_document
    from claimx.read import read_document

    lines = [PDF_PARA[k:k + 38] for k in range(0, len(PDF_PARA), 38)]
    spec = PdfSpec(pages=[PdfPage(body=lines * 6) if i % 2 == 0 else PdfPage(body=lines[:2], columns=(PDF_LEFT, PDF_RIGHT))
                          for i in range(pages)], header="华芯证券 行业深度报告", footer="第{n}页")
    with tempfile.TemporaryDirectory() as tmp:
        path = make_pdf(Path(tmp) / "bench.pdf", spec)
        read_document(path, "warm.pdf")  # load pypdfium2
        best, claims, chars = math.inf, 0, 0
        for _ in range(3):
            t = time.perf_counter()
            doc = read_document(path, "bench.pdf")
            claims = len(extract_document(doc))
            best = min(best, time.perf_counter() - t)
            chars = len(doc.text)
    return {"pages": pages, "seconds": best, "claims": claims, "chars": chars}


# ---------------------------------------------------------------- claim-dense text, whole process

# ../shared/dev/docs beside the clone (or beside the folder of its git worktrees)
DEV_DOCS = next((p for p in (ROOT.parent / "shared" / "dev" / "docs", ROOT.parents[1] / "shared" / "dev" / "docs")
                 if p.is_dir()), ROOT.parent / "shared" / "dev" / "docs")
HELD_OUT = "d"  # ../shared/dev/docs/d*.txt: the held-out slice, never read here


def dense_sources() -> dict[str, str]:
    """name -> decoded text of every document the clone can see."""
    sys.path.insert(0, str(ROOT))
    from claimx.read import READERS, read_document

    files = [p for p in sorted(FIXTURES.iterdir())
             if p.suffix.lower() in READERS and not p.name.lower().startswith("readme")]
    if DEV_DOCS.is_dir():
        files += [p for p in sorted(DEV_DOCS.iterdir())
                  if p.suffix.lower() in READERS and not p.name.startswith(HELD_OUT)]
    return {f"{p.parent.name}-{p.stem}": read_document(p, p.name).text for p in files}


def build_dense(million_chars: float) -> tuple[Path, dict]:
    """bench-corpus/dense/NNN/<name>-<i>.txt: the texts, round after round, to `million_chars`."""
    texts = dense_sources()
    folder = CORPUS / "dense"
    per_round = sum(len(t) for t in texts.values())
    rounds = max(1, math.ceil(million_chars * 1e6 / per_round))
    key = {"rounds": rounds, "docs": {n: len(t) for n, t in texts.items()}}
    stamp = folder / "manifest.json"
    if stamp.is_file() and json.loads(stamp.read_text()).get("key") == key:
        return folder, json.loads(stamp.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    chars = docs = 0
    for i in range(rounds):
        sub = folder / f"{i:03d}"
        sub.mkdir(parents=True)
        for name, text in texts.items():
            (sub / f"{name}-{i:03d}.txt").write_text(text, encoding="utf-8")
            chars += len(text)
            docs += 1
    info = {"key": key, "chars": chars, "docs": docs, "sources": len(texts), "rounds": rounds,
            "dev_docs": DEV_DOCS.is_dir()}
    stamp.write_text(json.dumps(info))
    return folder, info


def regex_scan(folder: Path) -> tuple[float, int]:
    """Seconds and matches of a plain compiled-regex number scan over the corpus's text (read
    from disk and decoded, as claimx does)."""
    import re

    number = re.compile(r"\d+(?:[.,]\d+)*")
    files = sorted(folder.rglob("*.txt"))
    t = time.perf_counter()
    n = 0
    for f in files:
        n += len(number.findall(f.read_bytes().decode("utf-8")))
    return time.perf_counter() - t, n


def claimx_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "claimx"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "claimx"]


CPU: dict[str, float] = {}  # the CPU seconds of the last command timed (it and its workers)


def timed(cmd: list[str], env: dict | None = None) -> float:
    import resource

    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    c, t = cpu(), time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    seconds = time.perf_counter() - t
    CPU["last"] = cpu() - c
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    return seconds


def count_rows(csv_path: Path) -> int:
    import csv

    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def machine() -> str:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    la = os.getloadavg()
    return (f"{os.cpu_count()} cores{' (' + model + ')' if model else ''}, load average "
            f"{la[0]:.2f} {la[1]:.2f} {la[2]:.2f}, Python {sys.version.split()[0]}")


def dense_bench(million_chars: float) -> None:
    t = time.perf_counter()
    folder, info = build_dense(million_chars)
    log(f"dense corpus: {info['docs']} documents ({info['sources']} sources x {info['rounds']}), "
        f"{info['chars'] / 1e6:.2f} M characters in {folder.relative_to(ROOT)}/ ({time.perf_counter() - t:.1f} s)")
    before = machine()
    tmp = Path(tempfile.mkdtemp(prefix="claimx-bench-"))
    env = dict(os.environ, CLAIMX_CACHE_DIR=str(tmp / "cache"))
    try:
        out = {j: tmp / f"j{j}.csv" for j in (1, 2)}
        secs, cpus = {}, {}
        for j in (1, 2):
            log(f"claimx extract --jobs {j} --no-cache ...")
            secs[j] = timed([*claimx_cmd(), "extract", str(folder), "-o", str(out[j]), "-q", "--no-cache", "-j", str(j)], env)
            cpus[j] = CPU["last"]
        claims = count_rows(out[1])
        same_jobs = out[1].read_bytes() == out[2].read_bytes()
        log("regex number scan ...")
        scan_s, scan_n = min(regex_scan(folder) for _ in range(3))
        log("cache: a first run fills it, a second reads it ...")
        cold = tmp / "cold.csv"
        warm = tmp / "warm.csv"
        cold_s = timed([*claimx_cmd(), "extract", str(folder), "-o", str(cold), "-q", "-j", "2"], env)
        warm_s = timed([*claimx_cmd(), "extract", str(folder), "-o", str(warm), "-q"], env)
        cpus["warm"] = CPU["last"]
        same_cache = cold.read_bytes() == warm.read_bytes() == out[1].read_bytes()
        log("start-up: python -c pass and a one-file run, best of 5 ...")
        one = FIXTURES / "broker_note.txt"

        def best_of(cmd: list[str], runs: int = 5, fresh: bool = False) -> tuple[float, float]:
            """Best wall-clock and best CPU seconds of `runs` runs (`fresh`: each with an empty
            cache folder, so that the data files are parsed and the patterns compiled again)."""
            walls, cpus_ = [], []
            for k in range(runs):
                e = dict(env, CLAIMX_CACHE_DIR=str(tmp / f"fresh{k}")) if fresh else env
                walls.append(timed(cmd, e))
                cpus_.append(CPU["last"])
            return min(walls), min(cpus_)

        one_cmd = [*claimx_cmd(), "extract", str(one), "-o", str(tmp / "one.csv"), "-q"]
        bare, bare_cpu = best_of([sys.executable, "-c", "pass"])
        single, single_cpu = best_of([*one_cmd, "--no-cache"])
        first, first_cpu = best_of([*one_cmd, "--no-cache"], runs=3, fresh=True)
        single_cached, cached_cpu = best_of(one_cmd)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    after = machine()
    chars = info["chars"]
    print()
    print(f"machine before: {before}")
    print(f"machine after:  {after}")
    print(f"dense corpus: {info['docs']} docs, {chars:,} characters, {claims:,} claims "
          f"({claims / chars * 1000:.1f} per 1,000 characters); sources: fixtures/"
          f"{' + ../shared/dev/docs (not slice d)' if info['dev_docs'] else ''}")
    head = f"{'whole process':<30}{'seconds':>9}{'chars/s':>12}{'claims/s':>10}{'CPU s':>8}{'chars/CPU-s':>13}"
    print(head)
    print("-" * len(head))
    for label, s, c in (("claimx extract --jobs 1", secs[1], cpus[1]), ("claimx extract --jobs 2", secs[2], cpus[2]),
                        ("second run, from the cache", warm_s, cpus["warm"])):
        print(f"{label:<30}{s:>9.2f}{chars / s:>12,.0f}{claims / s:>10,.0f}{c:>8.1f}{chars / c:>13,.0f}")
    print(f"{'regex number scan (in-process)':<30}{scan_s:>9.3f}{chars / scan_s:>12,.0f}{'':>10}"
          f"  ({scan_n:,} numbers)")
    print()
    print(f"claimx --jobs 1 / regex scan: 1/{(chars / scan_s) / (chars / secs[1]):.0f} of its speed")
    print(f"--jobs 2 speed-up: {secs[1] / secs[2]:.2f}x; same bytes as --jobs 1: {same_jobs}")
    print(f"cache: first run (filling it, --jobs 2) {cold_s:.2f} s, second run {warm_s:.2f} s; "
          f"same bytes as --no-cache: {same_cache}")
    print(f"start-up (wall; CPU): `python -c pass` {bare * 1000:.0f} ms; {bare_cpu * 1000:.0f} ms")
    for label, w, c in (("one-file `claimx extract --no-cache`", single, single_cpu),
                        ("the same, first run (empty cache folder)", first, first_cpu),
                        ("one-file `claimx extract`, from the cache", single_cached, cached_cpu)):
        print(f"  {label:<44}{w * 1000:>6.0f} ms ({w / bare:4.1f}x); {c * 1000:>5.0f} ms CPU ({c / bare_cpu:4.1f}x)")
    print("(CPU s: the process and its workers; chars/CPU-s is the per-core speed, less sensitive than the wall "
          "clock to other work on a shared machine)")
    if not (same_jobs and same_cache):
        sys.exit("bench: outputs differ")


# ---------------------------------------------------------------- report

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    ap.add_argument("--docs", type=int, default=1200, help="number of documents (default 1200)")
    ap.add_argument("--chars", type=float, default=2.0, help="claim-dense corpus size in million characters (default 2)")
    ap.add_argument("--corpus", action="store_true", help="also the 20 MB fixtures corpus: memory, PDF, --help")
    ap.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(int(args.measure[0]), args.measure[1:])))
        return
    dense_bench(args.chars)
    if not args.corpus:
        return

    t = time.perf_counter()
    corpus = build_corpus(args.mb, args.docs)
    halves = corpus["halves"]
    total = {k: halves["a"][k] + halves["b"][k] for k in halves["a"]}
    log(f"corpus: {total['docs']} documents, {total['bytes'] / MB:.1f} MB on disk, "
        f"{total['utf8_bytes'] / MB:.1f} MB as UTF-8, {total['chars'] / 1e6:.2f} M characters "
        f"in {CORPUS.relative_to(ROOT)}/ ({time.perf_counter() - t:.1f} s)")
    full, half = [CORPUS / "a", CORPUS / "b"], [CORPUS / "a"]
    load = os.getloadavg()[0]  # other work on the machine skews the timings, jobs=2 most
    runs = []
    for label, jobs, folders, size in (("half", 1, half, halves["a"]), ("full", 1, full, total),
                                       ("full", 2, full, total)):
        log(f"extracting: {label} corpus, jobs={jobs} ...")
        r = run_child(jobs, folders)
        r.update(label=label, utf8_bytes=size["utf8_bytes"])
        if r["docs"] != size["docs"] or r["errors"]:
            sys.exit(f"bench: expected {size['docs']} documents and no errors, got {r}")
        runs.append(r)
    log("start-up: claimx --help, best of 5 ...")
    startup = startup_seconds()
    log("PDF: 30 generated pages ...")
    pdf = pdf_bench()

    print()
    print(f"corpus  {total['docs']} docs, {total['bytes'] / MB:.1f} MB on disk "
          f"({total['utf8_bytes'] / MB:.1f} MB UTF-8, {total['chars'] / 1e6:.2f} M chars), "
          f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    head = f"{'run':<12}{'docs':>7}{'claims':>9}{'seconds':>9}{'chars/s':>10}{'MB/s':>7}{'docs/s':>8}" \
           f"{'peak MB':>9}{'workers MB':>12}"
    print(head)
    print("-" * len(head))
    for r in runs:
        s = r["seconds"]
        workers = f"{r['rss_children_mb']:.0f}" if r["jobs"] > 1 else "-"
        print(f"{r['label'] + ' j=' + str(r['jobs']):<12}{r['docs']:>7}{r['claims']:>9}{s:>9.1f}"
              f"{r['chars'] / s:>10,.0f}{r['utf8_bytes'] / MB / s:>7.2f}{r['docs'] / s:>8.1f}"
              f"{r['rss_self_mb']:>9.0f}{workers:>12}")
    h, f1, f2 = runs
    print()
    print(f"speed-up with 2 jobs: {f1['seconds'] / f2['seconds']:.2f}x (in {f2['seconds']:.0f} s the workers used "
          f"{f2['cpu_children_s']:.0f} s of CPU, the parent gathering the rows {f2['cpu_self_s']:.0f} s; "
          f"load average at start {load:.1f})")
    growth = f1["rss_self_mb"] / h["rss_self_mb"]
    verdict = "flat" if growth < 1.15 else "GROWS with the number of documents"
    print(f"peak memory, half -> full corpus ({h['docs']} -> {f1['docs']} docs, jobs=1): "
          f"{h['rss_self_mb']:.0f} -> {f1['rss_self_mb']:.0f} MB ({growth:.2f}x: {verdict})")
    print(f"start-up `claimx --help`: {startup * 1000:.0f} ms (best of 5)" if startup is not None
          else "start-up `claimx --help`: failed")
    if isinstance(pdf, dict):
        print(f"PDF read + extract: {pdf['pages'] / pdf['seconds']:.1f} pages/s "
              f"({pdf['pages']} pages, {pdf['chars']:,} chars, {pdf['claims']} claims in {pdf['seconds']:.2f} s)")
    else:
        print(f"PDF read + extract: {pdf}")


if __name__ == "__main__":
    main()
