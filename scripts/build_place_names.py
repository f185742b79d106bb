"""Build ``ocr/data/place_names.json``: the names of Vietnam's administrative units, old
(63 provinces, districts, wards; before July 2025) and new (34 provinces, wards).

Source: the General Statistics Office's register of administrative units (GSO), as
packaged on PyPI by ``vietnam-provinces``: versions 0.3.0 (2021) and 0.6.0 (early 2025)
for the old three levels, together (papers still carry the names of wards merged between
them), and 2025.10.1 for the new two. Both wheels are downloaded with pip into a temporary folder;
neither becomes a dependency. Only the names and their parents are kept.

    .venv/bin/python scripts/build_place_names.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

OLD_VERSIONS = ("0.3.0", "0.6.0")
NEW_VERSION = "2025.10.1"
DATA_MEMBER = "vietnam_provinces/data/nested-divisions.json"
OUTPUT = Path(__file__).resolve().parent.parent / "ocr" / "data" / "place_names.json"


def download_divisions(version: str, folder: Path) -> list[dict]:
    """The nested divisions of ``vietnam-provinces==version``, read from its wheel."""
    target = folder / version
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                    "--quiet", "--dest", str(target), f"vietnam-provinces=={version}"], check=True)
    wheel = next(target.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        return json.loads(archive.read(DATA_MEMBER))


def nfc(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split()))


def old_register(*registers: list[dict]) -> dict[str, dict[str, list[str]]]:
    """{province: {district: [ward, ...]}} of all ``registers`` together, each name with its
    unit word ("Phường Phúc Xá")."""
    merged: dict[str, dict[str, list[str]]] = {}
    for provinces in registers:
        for p in provinces:
            districts = merged.setdefault(nfc(p["name"]), {})
            for d in p["districts"]:
                wards = districts.setdefault(nfc(d["name"]), [])
                wards.extend(name for w in d["wards"] if (name := nfc(w["name"])) not in wards)
    return merged


def new_register(provinces: list[dict]) -> dict[str, list[str]]:
    """{province: [ward, ...]}, each name with its unit word."""
    return {nfc(p["name"]): [nfc(w["name"]) for w in p["wards"]] for p in provinces}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        old = [download_divisions(version, Path(folder)) for version in OLD_VERSIONS]
        new = download_divisions(NEW_VERSION, Path(folder))
    document = {
        "source": ("General Statistics Office (GSO) register of administrative units, via the "
                   f"PyPI package vietnam-provinces: {' and '.join(OLD_VERSIONS)} (old, before "
                   "2025-07-01: province > district > ward, both together) and "
                   f"{NEW_VERSION} (new: province > ward). "
                   "Built by scripts/build_place_names.py."),
        "old": old_register(*old),
        "new": new_register(new),
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {len(text.encode())} bytes")


if __name__ == "__main__":
    main()
