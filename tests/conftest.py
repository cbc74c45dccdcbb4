"""Every test gets its own empty extraction cache (claimx.cache): no test reads what another
test, or the user's own runs, left in ~/.cache/claimx; and no test keeps the fiscal calendars
another run in this process added (--fiscal, an in-process Dask worker)."""
import pytest


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("CLAIMX_CACHE_DIR", str(tmp_path_factory.mktemp("claimx-cache")))


@pytest.fixture(autouse=True)
def _listed_fiscal_years():
    from claimx.calendar import reset_fiscal_years

    reset_fiscal_years()
    yield
    reset_fiscal_years()
