"""The start-up cache of parsed data files and compiled patterns (claimx.lexicon): what comes
out of it is what parsing and compiling give, and a bad entry is never trusted."""
import pickle
import tomllib
from importlib import resources

import regex

from claimx import lexicon as lx


def _entries():
    return sorted(lx._compiled_dir().glob("*.pickle"))


def test_pattern_from_the_cache_matches_like_a_fresh_one():
    lx._compiled_dir.cache_clear()
    pattern = r"(?P<n>\d+(?:\.\d+)?)[ ]?(?P<m>万|亿)?(?P<u>美元|元|台)"
    first = lx.compile_regex(pattern, regex.VERBOSE)
    assert _entries(), "the compiled pattern is kept"
    again = lx.compile_regex(pattern, regex.VERBOSE)
    text = "出货量约为12万台，营收达到3.5亿美元，均价800元"
    assert again.pattern == first.pattern and again.flags == first.flags
    assert again.groupindex == first.groupindex
    assert [m.groupdict() for m in again.finditer(text)] == [m.groupdict() for m in first.finditer(text)]
    assert [m.span() for m in again.finditer(text)] == [(5, 9), (14, 20), (23, 27)]


def test_data_file_from_the_cache_is_the_parsed_file_and_a_fresh_copy():
    lx._compiled_dir.cache_clear()
    parsed = tomllib.loads(resources.files("claimx.data").joinpath("numbers.toml").read_text("utf-8"))
    a = lx.load_toml("numbers.toml")
    b = lx.load_toml("numbers.toml")  # from the cache
    assert a == parsed and b == parsed
    assert a is not b


def test_a_broken_or_foreign_entry_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMX_CACHE_DIR", str(tmp_path))
    lx._compiled_dir.cache_clear()
    pattern = r"约(\d+)家"
    lx.compile_regex(pattern)
    (entry,) = _entries()
    entry.write_bytes(b"not a pickle")
    assert lx.compile_regex(pattern).match("约30家").group(1) == "30"

    class Evil:
        def __reduce__(self):
            return (print, ("should never run",))

    entry.write_bytes(pickle.dumps(Evil()))
    assert lx.compile_regex(pattern).match("约30家").group(1) == "30"
    assert isinstance(pickle.loads(entry.read_bytes()), regex.Pattern)  # made again and kept


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("CLAIMX_CACHE_DIR", str(blocker / "sub"))
    lx._compiled_dir.cache_clear()
    assert lx.compile_regex(r"(\d+)%").search("增长20%").group(1) == "20"
    assert lx.load_toml("numbers.toml")
