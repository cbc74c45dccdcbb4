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


TAIWAN = "宏碁今年第三季營收成長一成，台積電與鴻海也創下新高，外資看好後市。\n"


def test_big5_with_microsoft_extensions_reads_as_cp950():
    # 碁 (宏碁) is outside strict Big5: GB18030 would read the bytes as other characters
    text, encoding = decode((TAIWAN * 3).encode("cp950"))
    assert (text, encoding) == (TAIWAN * 3, "cp950")


def test_strict_big5_keeps_its_name():
    text = "香港特區政府公布財政預算案，港元匯率保持穩定。\n" * 3
    assert decode(text.encode("big5")) == (text, "big5")


def test_gb18030_still_wins_for_simplified_text():
    text = "全球算力市场规模达到一千亿元，同比增长百分之二十。\n" * 3
    assert decode(text.encode("gb18030")) == (text, "gb18030")


def test_broken_bytes_are_reported_with_the_replacements_needed():
    data = (TAIWAN * 3).encode("cp950")
    data = data[:10] + b"\xff\xff" + data[10:]
    with pytest.raises(ReadError, match=r"cp950, which needs 2 replacement characters") as e:
        decode(data)
    assert e.value.stage == "decode"
