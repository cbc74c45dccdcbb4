"""Compare PDF text libraries on a generated 50-page CJK PDF (not a test; run by hand).

    .venv/bin/pip install pdfplumber pypdf   # the candidates that are not dependencies
    .venv/bin/python tests/bench_pdf_readers.py

Prints pages/s and whether each library kept the tricky characters and the reading order.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from docgen import PdfPage, PdfSpec, make_pdf  # noqa: E402

PROBES = ("增⻓", "⾏业", "⼒", "〜", "―", "334.7亿美元", "52.5 ZFLOPS")
PARA = (
    "根据测算，二零二三年全球GPU市场规模约为334.7亿美元，同比增⻓18%，"
    "⾏业算⼒需求〜持续上升―预计到2030年全球智能算力规模将达到52.5 ZFLOPS。"
)
LEFT = [f"左栏第{i}行：中国智能算力规模保持高速增长" for i in range(1, 25)]
RIGHT = [f"右栏第{i}行：英伟达数据中心芯片的峰值性能" for i in range(1, 25)]


def build(path: Path, n: int = 50) -> Path:
    pages = []
    for i in range(n):
        if i % 2:
            pages.append(PdfPage(body=[PARA[:40], PARA[40:]], columns=(LEFT, RIGHT)))
        else:
            pages.append(PdfPage(body=[PARA[k:k + 40] for k in range(0, len(PARA), 40)] * 12))
    return make_pdf(path, PdfSpec(pages=pages, header="华芯证券 行业深度报告", footer="第{n}页"))


def claimx_reader(data: bytes) -> str:
    from claimx.read.pdf import read_pdf

    return read_pdf(data, "x.pdf").text


def pdfium_plain(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def plumber(data: bytes) -> str:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def pypdf_(data: bytes) -> str:
    import io

    import pypdf

    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = build(Path(tmp) / "bench.pdf").read_bytes()
    for name, fn in [("claimx (pypdfium2 + layout)", claimx_reader), ("pypdfium2 get_text_range", pdfium_plain),
                     ("pdfplumber extract_text", plumber), ("pypdf extract_text", pypdf_)]:
        try:
            t = time.perf_counter()
            text = fn(data)
            dt = time.perf_counter() - t
        except ImportError as e:
            print(f"{name}: not installed ({e.name})")
            continue
        kept = sum(p in text for p in PROBES)
        a, b = text.find("左栏第24行"), text.find("右栏第1行")
        order = "columns ok" if 0 <= a < b else "columns interleaved"
        print(f"{name:30s} {50 / dt:8.1f} pages/s  probes {kept}/{len(PROBES)}  {order}")


if __name__ == "__main__":
    main()
