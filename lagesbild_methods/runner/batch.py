"""Plan and run a batch of reports in parallel worker processes; write index.html and manifest.json.

One failing report never stops the others: it is marked in the index with its Swedish error,
its executed notebook is kept for diagnosis, and the batch returns a non-zero exit code.
"""
from __future__ import annotations

import hashlib
import html
import json
import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import datetime
from importlib import metadata
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import __version__, fmt, inputs, registry
from ..errors import ParameterError
from .safe import atomic_write_text, slug
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
                    p = inputs.resolve(name, given.get(name, ""), region.kod)
                    given[name] = str(p)
                    files[name] = p
            params = validate_parameters(tpl, given)
            base = f"{region.kod}_{slug(region.namn)}_{slug(tpl.key)}"
            title = f"{tpl.titel} – {region.namn}"
            jobs.append({
                "id": base, "mall": tpl.key, "titel": title, "template_path": str(tpl.path),
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
              progress: bool = True) -> tuple[list[dict], int]:
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
                done[job["id"]] = res
                bar.set_postfix_str(f"{res['kommun']}: {res['status']}")
                bar.update(1)
        pending = broken
    bar.close()
    results = list(done.values())
    order = {j["id"]: i for i, j in enumerate(jobs)}
    results.sort(key=lambda r: order[r["id"]])
    manifest = {
        "skapad": started.isoformat(timespec="seconds"),
        "sekunder_totalt": round(time.perf_counter() - t0, 3),
        "arbetsprocesser": workers,
        "ny_kernel_per_rapport": fresh_kernel,
        "versioner": versions(),
        "rapporter": results,
    }
    atomic_write_text(out_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2, default=str))
    atomic_write_text(out_dir / "index.html", render_index(results, started, out_dir))
    failed = sum(r["status"] != "ok" for r in results)
    return results, (1 if failed else 0)


def _rel(path: str | None, base: Path) -> str | None:
    if not path:
        return None
    try:
        return Path(path).resolve().relative_to(base).as_posix()
    except ValueError:
        return None


def render_index(results: list[dict], started: datetime, out_dir: Path) -> str:
    """Self-contained Swedish index page linking every report (no external URL)."""
    esc = html.escape
    rows = []
    for r in sorted(results, key=lambda r: (len(r["kommunkod"]) != 2, fmt.swedish_sort_key(r["kommun"]), r["mall"])):
        if r["status"] == "ok":
            link = f'<a href="{esc(_rel(r["html"], out_dir) or "")}">Öppna rapporten</a>'
            status = '<span class="ok">Klar</span>'
        else:
            nb = _rel(r.get("ipynb"), out_dir)
            diag = f' <a href="{esc(nb)}">körd notebook för felsökning</a>' if nb else ""
            link = f'<span class="fel">{esc(r["fel"] or "Okänt fel")}</span>{diag}'
            status = '<span class="fel">Misslyckades</span>'
        sek = fmt.num(r["sekunder"], 1) + " s" if r.get("sekunder") is not None else "–"
        rows.append(f"<tr><td>{esc(r['kommun'])}</td><td>{esc(r['kommunkod'])}</td><td>{esc(r['mall'])}</td>"
                    f"<td>{status}</td><td>{sek}</td><td>{link}</td></tr>")
    n_ok = sum(r["status"] == "ok" for r in results)
    synthetic = any(r.get("exempeldata") for r in results)
    banner = ('<p class="banner">Exempeldata: rapporterna bygger på syntetiska övningsdata och visar inte '
              'verkliga förhållanden.</p>') if synthetic else ""
    return f"""<!DOCTYPE html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lägesbilder – översikt</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1000px; margin: 2rem auto; padding: 0 1rem; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }} th, td {{ text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }}
.ok {{ color: #006b3c; font-weight: 600; }} .fel {{ color: #b00020; font-weight: 600; }}
.banner {{ background: #fff3cd; border: 1px solid #d4a000; padding: .5rem .8rem; font-weight: 600; }}
</style></head>
<body><main>
<h1>Lägesbilder – översikt</h1>
{banner}
<p>Skapad {esc(fmt.date_sv(started))} kl. {started:%H.%M}. {n_ok} av {len(results)} rapporter klara.
Körinformation (parametrar, indatafiler med kontrollsummor, versioner) finns i <code>manifest.json</code>.</p>
<table>
<thead><tr><th>Kommun</th><th>Kod</th><th>Mall</th><th>Status</th><th>Tid</th><th>Rapport</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
</main></body></html>
"""
