"""Text encodings: what decodes, and what is refused as binary."""
from __future__ import annotations

import random

import pytest

from claimx.read.encoding import ReadError, decode

TEXT = "2024年全球GPU市场规模为600亿美元。\nNVIDIA share 80%.\n"


@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM (some Windows exports)
    (TEXT.encode("utf-16-be"), "utf-16-be"),
])
def test_decodes(data, encoding):
    assert decode(data) == (TEXT, encoding)


@pytest.mark.parametrize("data", [random.Random(0).randbytes(4096), bytes(range(256)) * 20, b"\x00" * 1000])
def test_binary_is_refused(data):
    with pytest.raises(ReadError, match="binary"):
        decode(data)
