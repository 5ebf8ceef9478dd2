"""Copy the reference data the project uses into data/, unchanged, and (re)write data/manifest.csv.

Run once when the reference data changes: `python scripts/vendor_reference.py ../shared/reference`.
Nothing at run time reads the reference folder; the loaders only read data/ and check it against the manifest. The
manifest lists the vendored files only: the tables the project writes itself (data/curated, data/claims, the code
table, data/schema.csv) are checked by their schema when read, so editing one needs no new manifest.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

# folder -> (repository, commit, licence) as stated in each SOURCE.md
SOURCES = {
    "wdi": (
        "https://github.com/datasets/world-development-indicators",
        "4ebec5a2273f531ba238a34dbe440394dc5a6c4b",
        "CC-BY-4.0",
    ),
    "datahub-population": (
        "https://github.com/datasets/population",
        "425fc447a53a26c767a15a7de60c4cc2478a0595",
        "ODC-PDDL-1.0",
    ),
    "datahub-gdp": ("https://github.com/datasets/gdp", "822019c80142c162e4ca4eb1a63699ae36075078", "ODC-PDDL-1.0"),
    "wb-gdp-growth-2021-vintage": (
        "https://github.com/economics-databases/Gross-domestic-product",
        "73c43cf09b39532ee69a4e60cfc0a4c178d5296e",
        "none stated in repo; underlying data World Bank CC-BY-4.0",
    ),
    "imf-dots": (
        "https://github.com/SamLeBlanc/Direction-of-Trade-Map",
        "a0b40afbac7cefc59a4b35c1ebe541ac546aafad",
        "code MIT; data (c) IMF, reuse with attribution (IMF Direction of Trade Statistics)",
    ),
    "sco-timeline": ("(hand-curated from cited pages; no repository)", "", "facts with citations"),
    "wdi-energy": (
        "https://github.com/datasets/world-development-indicators",
        "4ebec5a2273f531ba238a34dbe440394dc5a6c4b",
        "CC-BY-4.0 (World Bank WDI, IEA data)",
    ),
    "wdi-area": (
        "https://github.com/datasets/world-development-indicators",
        "4ebec5a2273f531ba238a34dbe440394dc5a6c4b",
        "CC-BY-4.0 (World Bank WDI, FAO data)",
    ),
    "owid-energy-2022": (
        "https://github.com/owid/energy-data",
        "01088b91472bda798ee7a36533a8336fa5738ef6",
        "CC-BY-4.0 (Our World in Data; underlying BP, EIA, The Shift Dataportal)",
    ),
    "igo-membership": (
        "https://github.com/dieghernan/Country-Codes-and-International-Organizations",
        "3a7203aa5fa6085ef0f472691c41feb309446272",
        "MIT (CIA World Factbook content: public domain)",
    ),
}
# a file copied from another commit than its folder's (SOURCE.md of the folder says why)
FILE_COMMITS = {
    "owid-energy-2022/fossil_fuel_production_bp_shift_2022.csv": "15c1efa6773a0d355ecdacbb8631a715aee42918",
}
SOURCE_TEXTS = "sources"  # the 2018 article texts, copied from the project brief


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendor(reference: Path) -> None:
    """Copy every source folder unchanged into data/."""
    for folder in SOURCES:
        dest = DATA / folder
        dest.mkdir(parents=True, exist_ok=True)
        for src in sorted((reference / folder).iterdir()):
            shutil.copyfile(src, dest / src.name)
    sources = reference.parent / "sources"
    (DATA / "sources").mkdir(exist_ok=True)
    for src in sorted(sources.glob("*.txt")):
        shutil.copyfile(src, DATA / "sources" / src.name)


def write_manifest() -> None:
    """Write data/manifest.csv for every vendored file under data/ (SOURCE.md files are prose, not hashed)."""
    rows = []
    for path in sorted(DATA.rglob("*")):
        if not path.is_file() or path.name in {"manifest.csv", "SOURCE.md", "README.md"}:
            continue
        rel = path.relative_to(ROOT).as_posix()
        folder = path.relative_to(DATA).parts[0]
        if folder not in SOURCES and folder != SOURCE_TEXTS:
            continue  # written by this project: checked by its schema, not locked by a hash
        repo, commit, licence = SOURCES.get(folder, ("", "", ""))
        commit = FILE_COMMITS.get(path.relative_to(DATA).as_posix(), commit)
        if folder == SOURCE_TEXTS:
            repo, commit, licence = (
                "article texts as published (2018), copied from the project brief",
                "",
                "quoted for fact-checking",
            )
        rows.append(
            {
                "path": rel,
                "bytes": path.stat().st_size,
                "sha256": sha256(path),
                "source_repository": repo,
                "commit": commit,
                "licence": licence,
            }
        )
    with open(DATA / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"manifest: {len(rows)} files")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        vendor(Path(sys.argv[1]).resolve())
    write_manifest()
