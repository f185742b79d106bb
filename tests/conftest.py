from pathlib import Path
import pytest
REPO = Path(__file__).resolve().parents[1]
TESTDATA = REPO.parent / "shared" / "testdata"

@pytest.fixture(scope="session")
def testdata() -> Path:
    if not TESTDATA.is_dir():
        pytest.skip(f"third-party test data not found at {TESTDATA}")
    return TESTDATA
