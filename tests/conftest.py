"""Every test gets its own empty extraction cache (claimx.cache): no test reads what another
test, or the user's own runs, left in ~/.cache/claimx."""
import pytest


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("CLAIMX_CACHE_DIR", str(tmp_path_factory.mktemp("claimx-cache")))
