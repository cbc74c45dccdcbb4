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
