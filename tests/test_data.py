"""Every reviewed data file in claimx/data loads, has no repeated words, and spells its words
the way the text they are matched against is spelled: the normalized copy (simplified script,
full-width forms folded; claimx.normalize). A misspelled key or a traditional form would
otherwise fail silently: the word would simply never match."""
from __future__ import annotations

import tomllib
from collections import Counter
from importlib import resources

import pytest

from claimx.lexicon import lexicon
from claimx.normalize import NormText

DATA = resources.files("claimx.data")
FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".toml"))
# names in every script (matched after t2s) and the script-repair table itself
RAW_SCRIPT = {"aliases.toml", "script.toml"}


def _load(name: str) -> dict:
    with DATA.joinpath(name).open("rb") as f:
        return tomllib.load(f)


def _strings(node, path=""):
    """(path, text) of every key and string value in a TOML tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield f"{path}[{k!r}]", k
            yield from _strings(v, f"{path}.{k}")
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, path)
    elif isinstance(node, str):
        yield path, node


def _lists(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _lists(v, f"{path}.{k}")
    elif isinstance(node, list) and node and all(isinstance(w, str) for w in node) and len(node) > 3:
        yield path, node  # a word list (not a [pint unit, unit, metric] record)


def test_there_are_data_files():
    assert {"numbers.toml", "units.toml", "metrics.toml", "context.toml", "aliases.toml", "fiscal.toml"} <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_no_word_repeated_in_a_list(name):
    repeated = {path: [w for w, n in Counter(map(str, words)).items() if n > 1]
                for path, words in _lists(_load(name))}
    assert not {p: w for p, w in repeated.items() if w}


@pytest.mark.parametrize("name", [f for f in FILES if f not in RAW_SCRIPT])
def test_words_are_in_normalized_form(name):
    wrong = [(path, word, NormText(word).text) for path, word in _strings(_load(name))
             if NormText(word).text != word]
    assert not wrong, f"{name}: spell these as the normalized text does: {wrong[:10]}"


def test_lexicon_has_every_table():
    lex = lexicon()
    for table in ("numbers", "units", "qualifiers", "script", "metrics", "context", "aliases"):
        assert getattr(lex, table), table


def test_relative_time_words_name_known_kinds():
    kinds = {"this_quarter", "last_quarter", "next_quarter", "year_ago", "this_period", "year_to_date",
             "today", "yesterday", "this_month", "last_month", "a_year_ago", "to_date", "this_year", "year_start", "year_end",
             *(f"weekday{d}" for d in range(1, 8))}
    assert set(lexicon().context["period"]["relative"].values()) <= kinds


def test_report_names_name_parts_of_a_year():
    assert set(lexicon().context["period"]["report_names"].values()) <= {"H1", "H2", "Q1", "Q2", "Q3", "Q4", "Q1-Q3"}


def test_every_metric_written_is_in_the_vocabulary():
    from claimx.attribute.metric import written
    from claimx.model import METRICS

    metrics = lexicon().metrics
    named = {written(m) for m in metrics["keywords"] if m != "not_a_metric"}  # (a word that names no metric)
    named |= {record[2] for record in lexicon().units.get("scaled", {}).values() if len(record) > 2}
    assert named <= set(METRICS), named - set(METRICS)
