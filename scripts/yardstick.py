#!/usr/bin/env python3
"""The yardstick for `codevault bench`: Python's zipfile doing the same work on the same files.

Generates the library `codevault bench` generates (src/ops/bench.rs `generated_source`, names
`module_00000.py` ...), then, in memory and timed: builds a ZIP of every file (deflate level 6,
mode 0644, the bench's timestamp) plus a pretty-printed `metadata.json` with every file's
SHA-256 (build), and reads it back, checking every entry's CRC (zipfile does on read), size
and SHA-256 against the manifest and that no entry is unlisted (verify).

With `--codevault PATH` it also runs `PATH bench --files N` the same number of times,
alternating with its own runs so both meet the same load, and prints both medians and the
ratio. Python 3.11+, standard library only.

    cargo build --release --locked
    python3 scripts/yardstick.py --files 10000 --runs 5 --codevault target/release/codevault
"""

import argparse
import hashlib
import io
import json
import re
import statistics
import subprocess
import sys
import time
import zipfile

MASK = (1 << 64) - 1
BENCH_TIME = (2026, 1, 1, 0, 0, 0)
BENCH_TIME_TEXT = "2026-01-01T00:00:00Z"


def generated_source(index: int) -> str:
    """Exactly `ops::bench::generated_source(index)`."""
    code = f'"""Module {index}: generated for the backup benchmark."""\nimport os\n\n'
    state = index ^ 0x9E37_79B9_7F4A_7C15
    while len(code) < 2000:
        state = (state * 6_364_136_223_846_793_005 + 1_442_695_040_888_963_407) & MASK
        n = state >> 33
        code += (
            f"def handler_{index}_{n:x}(value, limit={n % 1000}):\n"
            f"    if value > limit:\n"
            f"        return value - {n % 97}\n"
            f'    return os.path.join(str(value), "item_{n % 7919}")\n\n'
        )
    return code


def library(files: int) -> list[tuple[str, bytes]]:
    return [(f"module_{i:05}.py", generated_source(i).encode()) for i in range(files)]


def library_digest(files: list[tuple[str, bytes]]) -> str:
    """SHA-256 over every name and code, each followed by a NUL: a test of src/ops/bench.rs
    checks it against the Rust generator, so both sides measure the same files."""
    digest = hashlib.sha256()
    for name, code in files:
        digest.update(name.encode() + b"\0" + code + b"\0")
    return digest.hexdigest()


def entry_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=BENCH_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o100644 << 16
    return info


def build(files: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    records = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, code in files:
            zf.writestr(entry_info(name), code)
            records.append(
                {
                    "file_name": name,
                    "path": name,
                    "programming_language": "python",
                    "note": None,
                    "tags": ["bench"],
                    "version": 1,
                    "size": len(code),
                    "sha256": hashlib.sha256(code).hexdigest(),
                    "created_at": BENCH_TIME_TEXT,
                    "updated_at": BENCH_TIME_TEXT,
                }
            )
        manifest = {
            "version": "1.0",
            "backup_id": "0" * 24,
            "backup_type": "full_backup",
            "created_at": BENCH_TIME_TEXT,
            "user_id": 0,
            "total_files": len(records),
            "total_size": sum(r["size"] for r in records),
            "app": "codevault yardstick",
            "files": records,
        }
        zf.writestr(entry_info("metadata.json"), json.dumps(manifest, indent=2).encode())
    return out.getvalue()


def verify(archive: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        manifest = json.loads(zf.read("metadata.json"))
        listed = {record["path"] for record in manifest["files"]}
        if len(listed) != len(manifest["files"]) or manifest["total_files"] != len(listed):
            raise SystemExit("manifest lists a path twice or miscounts")
        strangers = {info.filename for info in zf.infolist()} - listed - {"metadata.json"}
        if strangers:
            raise SystemExit(f"unlisted entries: {sorted(strangers)[:3]}")
        for record in manifest["files"]:
            code = zf.read(record["path"])  # raises BadZipFile on a CRC mismatch
            if len(code) != record["size"] or hashlib.sha256(code).hexdigest() != record["sha256"]:
                raise SystemExit(f"{record['path']} does not match the manifest")
        return len(manifest["files"])


def python_run(files: list[tuple[str, bytes]]) -> tuple[float, float, int]:
    started = time.perf_counter()
    archive = build(files)
    built = time.perf_counter()
    if verify(archive) != len(files):
        raise SystemExit("the archive lost files")
    return built - started, time.perf_counter() - built, len(archive)


def codevault_run(binary: str, files: int) -> tuple[float, float]:
    """Build and verify seconds of the full backup row of `codevault bench`."""
    output = subprocess.run(
        [binary, "bench", "--files", str(files)], check=True, capture_output=True, text=True
    ).stdout
    full = output.split("Repository backups")[0]
    for line in full.splitlines():
        columns = line.split()
        if columns and re.fullmatch(r"\d+", columns[0]) and int(columns[0]) == files:
            return float(columns[3]), float(columns[4])
    raise SystemExit(f"no row for {files} files in:\n{output}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--codevault", help="a release build of codevault to run alongside")
    parser.add_argument(
        "--digest", action="store_true", help="print the library's digest (see library_digest)"
    )
    args = parser.parse_args()

    files = library(args.files)
    if args.digest:
        print(library_digest(files))
        return
    total = sum(len(code) for _, code in files)
    python, codevault = [], []
    for _ in range(args.runs):
        python.append(python_run(files))
        if args.codevault:
            codevault.append(codevault_run(args.codevault, args.files))

    def median(rows, column):
        return statistics.median(row[column] for row in rows)

    def total_of(rows):
        return statistics.median(row[0] + row[1] for row in rows)

    print(f"{args.files} files, {total / 1e6:.1f} MB, median of {args.runs} runs")
    print("                          build s  verify s  build+verify s")
    py = total_of(python)
    print(f"Python {sys.version_info.major}.{sys.version_info.minor} zipfile (deflate 6)"
          f"  {median(python, 0):7.3f}  {median(python, 1):8.3f}  {py:14.3f}"
          f"   (archive {median(python, 2) / 1e6:.1f} MB)")
    if codevault:
        cv = total_of(codevault)
        print(f"codevault bench           {median(codevault, 0):7.3f}  {median(codevault, 1):8.3f}"
              f"  {cv:14.3f}")
        print(f"codevault is {py / cv:.1f}x the yardstick")


if __name__ == "__main__":
    main()
