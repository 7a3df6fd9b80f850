#!/usr/bin/env python3
"""Times certdeck's command line on estates shaped like real ones (benches/common/estate.rs) and,
with --peers, pyca/cryptography and openssl doing the same jobs on the same files: the
side-by-side and growth tables of docs/performance.md.

    cargo build --release
    python3 benches/compare.py --sizes 1000,10000,100000 --peers

The estates are generated once by `cargo bench --bench estate -- SIZES` (run here when missing).
--peers installs pyca/cryptography 46 into a virtualenv in target/bench-venv (pip, from PyPI).
Each command runs --runs times (after one warm-up run); the table shows the best and the mean
wall time and the largest peak resident memory of the runs. Nothing here is a test: it measures.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-06-01T00:00:00Z"
PYCA = "cryptography==46.0.7"


def estate(size):
    return ROOT / "target" / "bench-data" / f"estate-{size}"


def ensure_estates(sizes):
    missing = [str(s) for s in sizes if not (estate(s) / "all.pem").exists()]
    if missing:
        subprocess.run(
            ["cargo", "bench", "--bench", "estate", "--", *missing], cwd=ROOT, check=True
        )


def venv_python():
    venv = ROOT / "target" / "bench-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", PYCA], check=True)
    return str(python)


def run_once(command, env=None, prepare=None):
    """Wall seconds and peak resident memory (MB) of one run, its output thrown away."""
    if prepare:
        prepare()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # verify exits 1 when some leaf is not trusted: expected here
        raise SystemExit(f"{' '.join(command)} failed ({code}): {stderr}")
    return elapsed, usage.ru_maxrss / 1024


def measure(command, runs, env=None, prepare=None):
    run_once(command, env, prepare)
    results = [run_once(command, env, prepare) for _ in range(runs)]
    times = [t for t, _ in results]
    return min(times), statistics.mean(times), max(m for _, m in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="leaves per estate, comma separated")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--peers", action="store_true", help="also time pyca and openssl")
    parser.add_argument("--certdeck", default=str(ROOT / "target" / "release" / "certdeck"))
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    certdeck = args.certdeck
    if not Path(certdeck).exists():
        raise SystemExit(f"{certdeck} is missing: cargo build --release")
    ensure_estates(sizes)
    python = venv_python() if args.peers else None
    here = Path(__file__).resolve().parent / "compare"

    rows = []
    for size in sizes:
        d = estate(size)
        files = {n: str(d / f"{n}.pem") for n in ("all", "leaves", "intermediates", "root")}
        total = size + 11
        runs = args.runs if size <= 20_000 else max(2, args.runs // 2)
        data = tempfile.mkdtemp(prefix="certdeck-compare-")
        env = dict(os.environ, CERTDECK_DATA_DIR=data, CERTDECK_KEYCHAIN="none")
        env["CERTDECK_VAULT_PASSPHRASE"] = "compare"
        fresh = lambda: (shutil.rmtree(data, ignore_errors=True), os.makedirs(data))

        jobs = [
            ("inspect --json", f"{total:,} certificates",
             [certdeck, "inspect", files["all"], "--json", "--at", NOW], None),
            ("inspect --json, leaves only", f"{size:,}",
             [certdeck, "inspect", files["leaves"], "--json", "--at", NOW], None),
            ("verify --batch --json", f"{size:,} leaves",
             [certdeck, "verify", "--batch", files["leaves"], "--chain", files["intermediates"],
              "--trust", files["root"], "--no-system-roots", "--at", NOW, "--json"], None),
            ("import into a new inventory", f"{total:,}",
             [certdeck, "import", files["all"], "--at", NOW], fresh),
        ]
        for name, what, command, prepare in jobs:
            best, mean, memory = measure(command, runs, env, prepare)
            rows.append((size, name, what, "certdeck", best, mean, memory))
        # The inventory the last import left, listed.
        for name, command in [
            ("list --json", [certdeck, "list", "--json", "--at", NOW]),
            ("alarms --json", [certdeck, "alarms", "--json", "--at", NOW]),
        ]:
            best, mean, memory = measure(command, runs, env)
            rows.append((size, name, f"{total:,}", "certdeck", best, mean, memory))
        if python:
            peers = [
                ("inspect --json", "pyca 46",
                 [python, str(here / "pyca_inspect.py"), files["all"], NOW]),
                ("inspect --json", "openssl storeutl -text",
                 ["openssl", "storeutl", "-noout", "-text", files["all"]]),
                ("verify --batch --json", "pyca 46",
                 [python, str(here / "pyca_verify.py"), files["leaves"],
                  files["intermediates"], files["root"], NOW]),
            ]
            for name, who, command in peers:
                best, mean, memory = measure(command, max(2, runs // 2))
                rows.append((size, name, "same files", who, best, mean, memory))
        shutil.rmtree(data, ignore_errors=True)

    print(f"| leaves | operation | of | program | best | mean | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    for size, name, what, who, best, mean, memory in rows:
        print(
            f"| {size:,} | {name} | {what} | {who} | {best:.3f} s | {mean:.3f} s | "
            f"{memory:.0f} MB |"
        )


if __name__ == "__main__":
    main()
