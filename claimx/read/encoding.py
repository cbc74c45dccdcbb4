"""Bytes -> text: detect the encoding (UTF-8 with or without BOM, GB18030/GBK, Big5), never guess silently."""
from __future__ import annotations


class ReadError(Exception):
    """A document that cannot be read; the message says why, in one line."""

    def __init__(self, reason: str, stage: str = "read"):
        super().__init__(reason)
        self.reason = reason
        self.stage = stage


# Candidate encodings for Chinese text, tried strictly in this order after UTF-8. Python's
# `big5` is the strict standard; real Big5 files use Microsoft's CP950 extensions (碁 in 宏碁,
# 銹, 裏) and Hong Kong's HKSCS characters: a file only those decode is read with them.
_CJK = ("gb18030", "big5", "cp950", "big5hkscs")
_BIG5_FAMILY = ("big5", "cp950", "big5hkscs")
# Control bytes that plain text does not hold (tab, line feed, vertical tab, form feed and
# carriage return excepted).
_CONTROL = bytes(range(9)) + bytes(range(14, 32))


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 text has NULs too; it carries a BOM when it is text.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    ctrl = len(head) - len(head.translate(None, _CONTROL))  # counted at C speed
    return ctrl > len(head) * 0.05


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 written without a BOM (some Windows exports): the byte order whose text reads as
    text (printable, with Chinese or Latin letters), else None."""
    if len(data) % 2:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        sample = data[:8000].decode(enc, errors="replace")  # judged on a sample, decoded whole once
        printable = sum(1 for ch in sample if (ch.isprintable() and ch != "\ufffd") or ch in "\r\n\t")
        if printable >= 0.98 * len(sample) and (_cjk_ratio(sample) > 0.1 or sum(ch.isascii() for ch in sample) > 0.5 * len(sample)):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                continue
    return None


def _odd(text: str) -> int:
    """Characters a real Chinese text hardly holds: private-use code points (what GB18030 makes
    of Big5 bytes it has no character for) and replacement characters."""
    return sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd")


def _replaced(data: bytes) -> tuple[str, int, int]:
    """The Chinese encoding that reads `data` with the fewest odd characters (replacement and
    private-use ones): (encoding, replacement characters it needs, character offset of the first)."""
    readings = {enc: data.decode(enc, errors="replace") for enc in _CJK}
    enc = min(readings, key=lambda e: (_odd(readings[e]), -_cjk_ratio(readings[e])))
    return enc, readings[enc].count("\ufffd"), readings[enc].find("\ufffd")


def _cjk_ratio(text: str) -> float:
    if not text:
        return 0.0
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return han / len(text)


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `data`; return (text, encoding used). Raise ReadError when it is not text."""
    if not data:
        raise ReadError("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise ReadError(f"UTF-8 BOM but invalid UTF-8 at byte {e.start + 3}", "decode") from e
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise ReadError("UTF-16 BOM but invalid UTF-16", "decode") from e
    if b"\x00" in data[:8192] and (utf16 := _bomless_utf16(data)) is not None:
        return utf16
    if _looks_binary(data):
        raise ReadError("binary file, not text", "decode")
    if declared:
        try:
            return data.decode(declared), declared.lower()
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration: fall through to detection
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: GB18030 and Big5 both decode many byte strings; keep those that decode
    # strictly and let charset-normalizer's coherence measure arbitrate between them.
    ok = {}
    for enc in _CJK:
        if enc in _BIG5_FAMILY and any(e in ok for e in _BIG5_FAMILY):
            continue  # a superset of a Big5 that decoded reads the same text
        try:
            ok[enc] = data.decode(enc)
        except UnicodeDecodeError:
            continue
    if len(ok) > 1:  # GB18030 decodes most byte strings, Big5 ones into private-use code points
        fewest = min(_odd(t) for t in ok.values())
        ok = {e: t for e, t in ok.items() if _odd(t) == fewest}
    if len(ok) == 1:
        (enc, text), = ok.items()
        return text, enc
    if len(ok) > 1:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=list(ok)).best()
        if best is not None and best.encoding in ok:
            return ok[best.encoding], best.encoding
        # fall back to the one with more common ideographs
        enc = max(ok, key=lambda e: _cjk_ratio(ok[e]))
        return ok[enc], enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    text = str(best) if best is not None else ""
    if best is not None and (_cjk_ratio(text) >= 0.05 or sum(ch.isascii() for ch in text) >= 0.8 * len(text)):
        return text, best.encoding
    # nothing reads it whole: say how close the best Chinese reading comes (a few broken bytes in
    # a Big5 file) rather than guess silently
    enc, n, first = _replaced(data)
    other = f"; {best.encoding} gives no Chinese text" if best is not None else ""
    raise ReadError(f"undecodable: not UTF-8, GB18030 or Big5 (at best {enc}, which needs {n} replacement "
                    f"character{'s' if n != 1 else ''}, the first at character {first}{other}); convert it to UTF-8",
                    "decode")
