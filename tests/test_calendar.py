"""Periods on one calendar: months covered, fiscal years (data/fiscal.toml)."""
import pytest

from claimx.calendar import company_of, fiscal_label, fiscal_years, months
from claimx.lexicon import lexicon

MONTHS = [
    ("2025", "", ((2025, 1), (2025, 12))),
    ("2025Q3", "", ((2025, 7), (2025, 9))),
    ("2023H2", "", ((2023, 7), (2023, 12))),
    ("2025-09", "", ((2025, 9), (2025, 9))),
    ("2025-09-30", "", ((2025, 9), (2025, 9))),
    ("2021-2030", "", ((2021, 1), (2030, 12))),
    ("2024Q1-2024Q3", "", ((2024, 1), (2024, 9))),
    ("FY2026Q2", "英伟达", ((2025, 5), (2025, 7))),  # NVIDIA's year ends in late January
    ("FY2026", "英伟达", ((2025, 2), (2026, 1))),
    ("FY2025Q4", "美光", ((2025, 6), (2025, 8))),  # Micron's ends around 1 September
    ("FY2025Q2", "美光", ((2024, 12), (2025, 2))),
    ("FY2025Q4", "博通", ((2025, 8), (2025, 10))),
    ("FY2026", "微软", ((2025, 7), (2026, 6))),
    ("FY2025", "索尼", ((2025, 4), (2026, 3))),  # a Japanese 年度 is named by the year it starts
    ("FY2025", "台积电", ((2025, 1), (2025, 12))),  # a calendar-year company
    ("FY2024Q2-FY2026Q2", "英伟达", ((2023, 5), (2025, 7))),
    ("2025Q5", "", None),
    ("", "", None),
]


@pytest.mark.parametrize(("period", "entity", "expected"), MONTHS)
def test_months(period, entity, expected):
    assert months(period, entity) == expected


LABELS = [
    ("英伟达", 2025, 4, "FY2026Q1"),
    ("英伟达", 2025, 7, "FY2026Q2"),
    ("英伟达", 2026, 1, "FY2026Q4"),
    ("美光", 2025, 2, "FY2025Q2"),
    ("博通", 2025, 10, "FY2025Q4"),
    ("台积电", 2025, 9, "2025Q3"),
    ("台积电", 2025, 8, ""),  # no quarter of a calendar-year company ends in August
]


@pytest.mark.parametrize(("entity", "year", "month", "expected"), LABELS)
def test_fiscal_label(entity, year, month, expected):
    assert fiscal_label(entity, year, month) == expected


def test_every_fiscal_company_is_a_canonical_name():
    canonical = set(lexicon().aliases["entities"])
    assert set(fiscal_years()) <= canonical
    assert all(1 <= fy.end <= 12 and fy.named in ("end", "start") for fy in fiscal_years().values())


def test_company_of_a_subject():
    assert company_of("英伟达数据中心业务") == "英伟达"
    assert company_of("全球GPU市场") == ""


# ---------------------------------------------------------------- the user's own calendars


@pytest.fixture
def own_calendars(monkeypatch):
    """Fiscal calendars a test adds are gone after it."""
    from claimx import calendar

    monkeypatch.setattr(calendar, "_ADDED", {})
    yield
    calendar._by_length.cache_clear()


def test_a_user_file_adds_a_company(tmp_path, own_calendars):
    from claimx.calendar import add_fiscal_years

    f = tmp_path / "fiscal.toml"
    f.write_text('[companies]\n"星河电子" = { end = 3 }\n', encoding="utf-8")
    add_fiscal_years(f)
    assert months("FY2026Q1", "星河电子") == ((2025, 4), (2025, 6))
    assert company_of("星河电子数据中心业务") == "星河电子"


@pytest.mark.parametrize("content", ['"星河电子" = { end = 3 }\n', '[companies]\n"星河电子" = { end = 13 }\n',
                                     '[companies]\n"星河电子" = { end = 3, named = "middle" }\n'])
def test_a_bad_user_file_says_what_is_wrong(tmp_path, own_calendars, content):
    from claimx.calendar import add_fiscal_years

    f = tmp_path / "fiscal.toml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError):
        add_fiscal_years(f)


def test_extract_takes_a_fiscal_file(tmp_path, own_calendars):
    from typer.testing import CliRunner

    from claimx.cli import app

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "note.txt").write_text(
        "发布时间：2025-08-10\n星河电子第一季度营收为52亿元。\n", encoding="utf-8")
    (tmp_path / "fiscal.toml").write_text('[companies]\n"星河电子" = { end = 3 }\n', encoding="utf-8")
    out = tmp_path / "claims.csv"
    r = CliRunner().invoke(app, ["extract", str(tmp_path / "docs"), "-o", str(out), "-q",
                                 "--fiscal", str(tmp_path / "fiscal.toml")])
    assert r.exit_code == 0, r.output
    assert ",FY2026Q1," in out.read_text(encoding="utf-8-sig")
    r = CliRunner().invoke(app, ["extract", str(tmp_path / "docs"), "-o", str(out), "-q",
                                 "--fiscal", str(tmp_path / "missing.toml")])
    assert r.exit_code == 2


@pytest.mark.parametrize(("period", "expected"), [
    ("2025-01-2025-09", "2025Q1-2025Q3"),  # 1-9月, 前9月: the first three quarters
    ("2025-01-2025-06", "2025H1"),
    ("2025-01-2025-03", "2025Q1"),
    ("2025-04-2025-06", "2025-04-2025-06"),  # 4月至6月: said in months, kept in months
    ("2025-01-2025-12", "2025"),
    ("2025-01-2025-11", "2025-01-2025-11"),  # 前11月: no whole quarter at its end
    ("2025-02-2025-04", "2025-02-2025-04"),
    ("2024-11-2025-01", "2024-11-2025-01"),
    ("2025Q3", "2025Q3"),
])
def test_a_run_of_months_is_written_in_the_parts_it_covers(period, expected):
    from claimx.calendar import canonical
    assert canonical(period) == expected
