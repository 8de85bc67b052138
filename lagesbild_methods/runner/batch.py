"""Plan and run a batch of reports in parallel worker processes; merge them into index.html and
manifest.json (see :mod:`lagesbild_methods.runner.index`).

One failing report never stops the others: it is marked in the index with its Swedish error,
its executed notebook is kept for diagnosis, and the batch returns a non-zero exit code.
"""
from __future__ import annotations

import hashlib
import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import datetime
from importlib import metadata
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import __version__, inputs, registry
from ..errors import ParameterError
from . import index
from .safe import slug
from .templates import Template, spec_of, validate_parameters

DEPENDENCIES = ("pandas", "numpy", "scipy", "statsmodels", "matplotlib", "seaborn", "papermill", "nbclient",
                "nbconvert", "ipykernel", "babel", "pandera", "pyproj", "holidays", "openpyxl")
TZ = ZoneInfo("Europe/Stockholm")


def sha256(path: Path) -> str | None:
    try:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


def make_jobs(templates: list[Template], kommuner: list[str], out_dir: Path, extra: dict | None = None,
              lan: str = registry.STANDARD_LAN) -> list[dict]:
    """One job per (template, municipality); county-level templates ('lan') get one job for ``lan``.

    Parameters are validated against each template before anything runs.
    """
    out_dir = Path(out_dir).resolve()
    jobs = []
    for tpl in templates:
        targets = [lan] if tpl.niva == "lan" else kommuner
        for kod in targets:
            region = registry.get(kod)
            given = dict(extra or {})
            if "kommun" in tpl.parameters:
                given["kommun"] = region.kod
            # resolve every *_fil parameter to an absolute path (empty = bundled data)
            files = {}
            spec = spec_of(tpl)
            for name in tpl.parameters:
                if name.endswith("_fil"):
                    bundled = spec[name].bundled if spec is not None else name in inputs.DEFAULTS
                    if given.get(name, "") in ("", None) and not bundled:
                        continue  # optional file left empty
                    p = inputs.resolve(name, given.get(name, ""), region.kod)
                    given[name] = str(p)
                    files[name] = p
            params = validate_parameters(tpl, given)
            base = f"{region.kod}_{slug(region.namn)}_{slug(tpl.key)}"
            title = f"{tpl.titel} – {region.namn}"
            jobs.append({
                "id": base, "mall": tpl.key, "titel": title, "template_path": str(tpl.path),
                "steg": tpl.steg, "malltitel": tpl.titel,
                "kommunkod": region.kod, "kommun": region.namn, "parametrar": params,
                "indata": {k: str(v) for k, v in files.items()},
                "watermark": any(inputs.is_synthetic(p) for p in files.values()),
                "html": str(out_dir / f"{base}.html"), "ipynb": str(out_dir / "notebooks" / f"{base}.ipynb"),
            })
    return jobs


def versions() -> dict:
    out = {"lagesbild": __version__, "python": platform.python_version()}
    for dep in DEPENDENCIES:
        try:
            out[dep] = metadata.version(dep)
        except metadata.PackageNotFoundError:
            out[dep] = None
    return out


def run_batch(jobs: list[dict], out_dir: Path, workers: int = 2, fresh_kernel: bool = False,
              progress: bool = True, pdf: bool = False) -> tuple[list[dict], int]:
    """Run ``jobs`` in ``workers`` processes; write index.html and manifest.json in ``out_dir``.

    Returns (results, exit_code) where exit_code is 0 only if every report succeeded.
    """
    from tqdm import tqdm

    from .execute import run_job, worker_init

    tqdm.monitor_interval = 0  # no monitor thread: workers are forked and must not inherit threads

    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    if not jobs:
        raise ParameterError("Inga rapporter att köra.")
    started = datetime.now(TZ)
    t0 = time.perf_counter()
    hashes = {}
    for job in jobs:
        for p in job["indata"].values():
            if p not in hashes:
                hashes[p] = sha256(Path(p))
    workers = max(1, min(workers, len(jobs)))
    import multiprocessing as mp

    ctx = mp.get_context(os.environ.get("LAGESBILD_MP", "fork" if sys.platform.startswith("linux") else "spawn"))
    bar = tqdm(total=len(jobs), desc="Rapporter", unit="rapport", disable=not progress, file=sys.stderr)
    done: dict[str, dict] = {}
    pending = list(jobs)
    for attempt in range(3):  # a crashed worker breaks the pool: rerun the unfinished jobs in a new one
        if not pending:
            break
        broken = []
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_init,
                                 initargs=(fresh_kernel,)) as pool:
            futures = {pool.submit(run_job, job): job for job in pending}
            for fut in as_completed(futures):
                job = futures[fut]
                try:
                    res = fut.result()
                except Exception as exc:  # worker died (out of memory, killed, crashed)
                    if attempt < 2:
                        broken.append(job)
                        continue
                    res = {k: job[k] for k in ("id", "mall", "kommunkod", "kommun", "parametrar", "html", "ipynb")}
                    res.update(status="fel", fel=f"Arbetsprocessen avbröts: {type(exc).__name__}: {exc}",
                               detalj=None, sekunder=None, ipynb=None)
                res["indata"] = [{"parameter": k, "fil": v, "sha256": hashes.get(v)}
                                 for k, v in job["indata"].items()]
                res["exempeldata"] = job["watermark"]
                res.update(steg=job.get("steg"), malltitel=job.get("malltitel"))  # the index groups by step
                done[job["id"]] = res
                bar.set_postfix_str(f"{res['kommun']}: {res['status']}")
                bar.update(1)
        pending = broken
    bar.close()
    results = list(done.values())
    order = {j["id"]: i for i, j in enumerate(jobs)}
    results.sort(key=lambda r: order[r["id"]])
    run = {
        "skapad": started.isoformat(timespec="seconds"),
        "sekunder_totalt": round(time.perf_counter() - t0, 3),
        "arbetsprocesser": workers,
        "ny_kernel_per_rapport": fresh_kernel,
        "versioner": versions(),
    }
    if pdf:  # printed by headless Chromium; a missing browser is one Swedish message, not a failure
        from .pdf import add_pdfs

        message = add_pdfs(results, {j["id"]: j["titel"] for j in jobs})
        for r in results:
            if r["status"] == "ok" and not r.get("pdf"):
                r["pdf_fel"] = message
    index.update(out_dir, results, run)  # merges with earlier runs in the folder
    failed = sum(r["status"] != "ok" for r in results)
    return results, (1 if failed else 0)
