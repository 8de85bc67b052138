"""Plan and run a batch of reports in parallel worker processes; merge them into index.html and
manifest.json (see :mod:`lagesbild_methods.runner.index`).

One failing report never stops the others: it is marked in the index with its Swedish error,
its executed notebook is kept for diagnosis, and the batch returns a non-zero exit code.
"""
from __future__ import annotations

import hashlib
import platform
import shutil
import sys
import tempfile
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import __version__, inputs, registry
from ..errors import ParameterError
from ..steps.inputs import LEAVE_OUT
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
            if tpl.niva == "lan" and "lan" in tpl.parameters:
                given["lan"] = region.kod
            # resolve every *_fil parameter to an absolute path (empty = bundled data)
            files = {}
            spec = spec_of(tpl)
            for name in tpl.parameters:
                if name.endswith("_fil"):
                    bundled = spec[name].bundled if spec is not None else name in inputs.DEFAULTS
                    if given.get(name, "") in ("", None) and not bundled:
                        continue  # optional file left empty
                    if str(given.get(name, "")).strip().lower() in LEAVE_OUT:
                        continue  # "ingen": this part is left out (steps.inputs says so in the report)
                    p = inputs.resolve(name, given.get(name, ""), region.kod, generate=False)
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


def select_kommuner(lan: str | None = None) -> list[str]:
    """Municipality codes of one county (code or name; None = the standard county) or, for ``lan`` =
    'alla', of the whole country, in code order."""
    if str(lan or "").strip().lower() in ALL_COUNTIES:
        return list(registry.KOMMUNER)
    return list(registry.kommuner_i_lan(registry.get_lan(lan or registry.STANDARD_LAN).kod))


ALL_COUNTIES = {"alla", "riket", "hela landet"}


def _expected_work(job: dict) -> tuple[int, int]:
    """How much work a job is expected to be: the bytes of its input files (the municipality's incident
    register and survey make the difference; shared files weigh the same for every job), then its
    population (practice data not generated yet). The largest jobs are started first, so that a large
    municipality does not keep one worker busy while the others wait at the end of the batch
    (longest-first scheduling); results keep the order of ``jobs``."""
    size = 0
    for p in job.get("indata", {}).values():
        try:
            size += Path(p).stat().st_size
        except OSError:  # practice data generated by the worker
            pass
    try:
        people = (registry.get(job["kommunkod"]).folkmangd_2024 or (0, ""))[0]
    except Exception:  # noqa: BLE001 - only an ordering hint
        people = 0
    return size, int(people)


def run_batch(jobs: list[dict], out_dir: Path, workers: int = 2, fresh_kernel: bool = False,
              progress: bool = True, executor=None, pdf: bool = False) -> tuple[list[dict], int]:
    """Run ``jobs``; write index.html and manifest.json in ``out_dir``.

    ``executor`` None runs them in ``workers`` local processes with warm kernels; otherwise any
    ``concurrent.futures``-style executor (or a factory of executors) runs them, e.g. Dask's
    (:mod:`.dask_executor`). Same manifest, index, atomic writes and fault isolation either way; a job
    whose worker is lost is retried (:mod:`.pool`). Returns (results, exit_code) where exit_code is 0
    only if every report succeeded.
    """
    from tqdm import tqdm

    from .pool import local_pool, run_all

    tqdm.monitor_interval = 0  # no monitor thread: workers are forked and must not inherit threads

    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    if not jobs:
        raise ParameterError("Inga rapporter att köra.")
    started = datetime.now(TZ)
    t0 = time.perf_counter()
    hashes: dict[str, str | None] = {}  # input files are hashed as reports finish: practice data for
    # kommuner outside Uppsala län are generated by the first report that needs them

    def digest(p: str) -> str | None:
        if hashes.get(p) is None:
            hashes[p] = sha256(Path(p))
        return hashes[p]

    if executor is None:
        workers = max(1, min(workers, len(jobs)))
        executor = local_pool(workers, fresh_kernel)
    description = getattr(executor, "description", None) or type(executor).__name__
    workers = getattr(executor, "workers", workers)
    bar = tqdm(total=len(jobs), desc="Rapporter", unit="rapport", disable=not progress, file=sys.stderr)

    def on_result(job: dict, res: dict) -> None:
        res["indata"] = [{"parameter": k, "fil": v, "sha256": digest(v)} for k, v in job["indata"].items()]
        res["exempeldata"] = job["watermark"]
        res.update(steg=job.get("steg"), malltitel=job.get("malltitel"))  # the index groups by step
        bar.set_postfix_str(f"{res['kommun']}: {res['status']}")
        bar.update(1)

    # county-wide results (the suppression decision, the extra variation) are computed by the first
    # worker that needs them and read by the others (lagesbild_methods.cache.memoized); a worker that
    # cannot reach the folder (a remote Dask worker) computes them itself
    shared = Path(tempfile.mkdtemp(prefix="lagesbild-delat-"))
    try:
        jobs_run = sorted((dict(j, delad_cache=str(shared)) for j in jobs), key=_expected_work, reverse=True)
        done = run_all(jobs_run, executor, fresh_kernel=fresh_kernel, on_result=on_result)
    finally:
        shutil.rmtree(shared, ignore_errors=True)
    bar.close()
    results = list(done.values())
    order = {j["id"]: i for i, j in enumerate(jobs)}
    results.sort(key=lambda r: order[r["id"]])
    run = {
        "skapad": started.isoformat(timespec="seconds"),
        "sekunder_totalt": round(time.perf_counter() - t0, 3),
        "utforare": description,
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
