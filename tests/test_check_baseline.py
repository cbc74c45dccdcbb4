"""Accepted findings stay accepted: ids of comparisons name the figure and the values in
conflict, not the documents, and baselines match on that."""
import json

import pandas as pd
import pytest
from test_check_helpers import row, table

from claimx.check import check
from claimx.check.command import run_check
from claimx.check.findings import stable_id

S, M, P = "全球AI芯片市场", "market_size", "2023"


def fig(quote, value, doc, **kw):
    return row(quote, value, S, M, P, "USD", doc=doc, context=f"2023年全球AI芯片市场规模为{quote}", **kw)


A = fig("652亿美元", 6.52e10, "a.txt", line=3)
B = fig("618.4亿美元", 6.184e10, "b.txt", line=7)
AGREE = [fig("2350亿", 2.35e11, "a.txt"), fig("2347亿", 2.347e11, "b.txt")]
for r in AGREE:
    r.update(subject="GPT-3.5", metric="parameters", period="2022", unit="count")


def ids(*rows):
    return {(f.kind, f.severity): f.id for f in check(table(*rows))}


@pytest.mark.parametrize("before,added", [
    ([A, B], fig("652亿美元", 6.52e10, "c.txt")),  # a third source repeats one value
    ([A, B], fig("618.4亿美元", 6.184e10, "c.txt", line=40)),  # ... or the other
    ([A, B], fig("652.0亿美元", 6.52e10, "c.txt")),  # the same value written otherwise
    ([A, B], fig("652亿美元", 6.52e10, "a.txt", line=90)),  # a document repeats itself
    ([A, B], fig("652亿美元", 6.52e10, "b.txt", line=1)),  # b also says 652: a new finding, old id kept
    (AGREE, fig("2348亿", 2.348e11, "c.txt") | {"subject": "GPT-3.5", "metric": "parameters",
                                                 "period": "2022", "unit": "count"}),
])
def test_finding_ids_survive_sources_that_repeat_a_value(before, added):
    old, new = ids(*before), ids(*before, added)
    assert old and all(new[k] == v for k, v in old.items())


@pytest.mark.parametrize("added", [
    fig("700.0亿美元", 7e10, "c.txt"),  # a new value in conflict
    fig("640.5亿美元", 6.405e10, "c.txt"),
    fig("700亿美元", 7e10, "c.txt"),  # [650, 750]亿: agrees with 652亿, not with 618.4亿
])
def test_a_new_value_in_conflict_is_a_new_finding(added):
    assert ids(A, B)[("contradiction", "error")] != ids(A, B, added)[("contradiction", "error")]


def test_same_values_of_another_figure_have_another_id():
    period = [dict(r, period="2024") for r in (A, B)]
    subject = [dict(r, subject="中国AI芯片市场") for r in (A, B)]
    warning = [A, dict(B, forecast=True)]
    assert len({*ids(A, B).values(), *ids(*period).values(), *ids(*subject).values(),
                *ids(*warning).values()}) == 4


def run(capsys, *args, **kw):
    code = run_check(list(args), **kw)
    out = capsys.readouterr()
    return code, out.out


@pytest.mark.parametrize("added,code", [
    ([fig("652亿美元", 6.52e10, "c.txt")], 0),
    ([fig("618.4亿美元", 6.184e10, "c.txt"), fig("652亿美元", 6.52e10, "d.txt")], 0),
    ([fig("652.0亿美元", 6.52e10, "c.txt")], 0),
    ([fig("700亿美元", 7e10, "c.txt")], 1),  # a third value: look again
    ([fig("640亿美元", 6.4e10, "c.txt")], 1),
    ([fig("618.4亿美元", 6.184e10, "c.txt", forecast=True)], 0),  # a new warning is under --fail-on error
])
def test_accepted_contradiction_stays_accepted_when_a_source_is_added(tmp_path, capsys, added, code):
    path, base = tmp_path / "claims.csv", tmp_path / "baseline.json"
    table(A, B).to_csv(path, index=False, encoding="utf-8-sig")
    assert run(capsys, path, write_baseline=base)[0] == 0
    table(A, B, *added).to_csv(path, index=False, encoding="utf-8-sig")
    got, out = run(capsys, path, baseline=base)
    assert got == code
    if code == 0:
        assert "known finding" in out


def test_a_source_dropped_from_a_known_conflict_is_still_known(tmp_path, capsys):
    c = fig("700亿美元", 7e10, "c.txt")
    path, base = tmp_path / "claims.csv", tmp_path / "baseline.json"
    table(A, B, c).to_csv(path, index=False, encoding="utf-8-sig")
    run(capsys, path, write_baseline=base)
    table(A, c).to_csv(path, index=False, encoding="utf-8-sig")
    assert run(capsys, path, baseline=base)[0] == 0


def test_baselines_written_before_still_match(tmp_path, capsys):
    """A baseline of ids derived from the documents' quotes (claimx up to 0.1)."""
    path, base = tmp_path / "claims.csv", tmp_path / "baseline.json"
    df = table(A, B)
    df.to_csv(path, index=False, encoding="utf-8-sig")
    [f] = check(df)
    old_id = stable_id(f.kind, f.subject, f.metric, f.period, f.items)
    assert old_id != f.id
    base.write_text(json.dumps({"tool": "claimx check", "version": 1, "findings": [
        {"id": old_id, "kind": f.kind, "severity": f.severity, "subject": f.subject, "metric": f.metric,
         "period": f.period, "explanation": f.explanation}]}), encoding="utf-8")
    assert run(capsys, path, baseline=base)[0] == 0


def test_baseline_rows_name_the_figure_and_values(tmp_path, capsys):
    path, base = tmp_path / "claims.csv", tmp_path / "baseline.json"
    pd.concat([table(A, B), table(*AGREE)]).to_csv(path, index=False, encoding="utf-8-sig")
    run(capsys, path, write_baseline=base)
    rows = {r["kind"]: r for r in json.loads(base.read_text(encoding="utf-8"))["findings"]}
    assert rows["contradiction"]["values"] == ["61840000000", "65200000000"]
    assert rows["agreement"]["values"] == []
    assert len(rows["contradiction"]["figure"]) == 16


@pytest.mark.parametrize("findings", [
    [{"id": "x", "values": "65200000000"}],
    [{"id": "x", "values": {"a": 1}}],
    ["x"],
])
def test_malformed_baseline_rows_are_bad_usage(tmp_path, capsys, findings):
    path, base = tmp_path / "claims.csv", tmp_path / "baseline.json"
    table(A, B).to_csv(path, index=False, encoding="utf-8-sig")
    base.write_text(json.dumps({"findings": findings}), encoding="utf-8")
    assert run(capsys, path, baseline=base)[0] == 2
