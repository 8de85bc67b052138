"""The report folder's ``manifest.json`` and ``index.html``: every run merges into them.

A run of one municipality no longer replaces the index with a one-row list: the reports of
earlier runs stay listed with the date they were made, a report whose input files have changed
since (checksum differs or file gone) is marked as out of date ("inaktuell"), a report that failed
this time keeps a link to its previous good version, and an entry whose HTML file was deleted
disappears. Writers are serialised with a lock file, so two runs into one folder cannot lose
each other's entries.
"""
from __future__ import annotations

import fcntl
import hashlib
import html
import json
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import fmt
from .safe import atomic_write_text

TZ = ZoneInfo("Europe/Stockholm")
MANIFEST = "manifest.json"
INDEX = "index.html"
KEEP_RUNS = 20  # run records kept in the manifest


def sha256(path: Path) -> str | None:
    try:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


@contextmanager
def _locked(out_dir: Path):
    with open(out_dir / ".manifest.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def load_manifest(out_dir: Path) -> dict:
    """The folder's manifest, or an empty one (missing or unreadable file)."""
    try:
        m = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
        return m if isinstance(m, dict) else {}
    except (OSError, ValueError):
        return {}


def merge(old: dict, results: list[dict], run: dict) -> dict:
    """Merge one run's ``results`` into the manifest ``old`` (pure; see module docstring)."""
    previous_run = old.get("skapad")
    reports: dict[str, dict] = {}
    for r in old.get("rapporter", []):
        r = dict(r)
        r.setdefault("skapad", previous_run)  # manifests written before per-report dates
        reports[r["id"]] = r
    for r in results:
        new = dict(r, skapad=run["skapad"])
        before = reports.get(r["id"])
        if new.get("status") != "ok" and before is not None:
            good = before if before.get("status") == "ok" else before.get("tidigare")
            if good and good.get("html") and Path(good["html"]).is_file():
                new["tidigare"] = {"skapad": good.get("skapad"), "html": good["html"], "pdf": good.get("pdf")}
        reports[r["id"]] = new
    kept = [r for r in reports.values()
            if (r.get("status") == "ok" and r.get("html") and Path(r["html"]).is_file()) or r.get("status") != "ok"]
    runs = (old.get("korningar") or ([{k: old[k] for k in ("skapad", "sekunder_totalt", "arbetsprocesser")
                                        if k in old}] if previous_run else []))
    runs = (runs + [{k: v for k, v in run.items() if k != "versioner"} | {"rapporter": [r["id"] for r in results]}])
    merged = {k: v for k, v in run.items()}
    merged["korningar"] = runs[-KEEP_RUNS:]
    merged["rapporter"] = kept
    return merged


def stale_inputs(report: dict, hashes: dict[str, str | None] | None = None) -> list[str]:
    """Input files of a report that changed (or vanished) since the report was made."""
    hashes = {} if hashes is None else hashes
    changed = []
    for item in report.get("indata", []):
        f = item.get("fil")
        if not f or item.get("sha256") is None:
            continue
        if f not in hashes:
            hashes[f] = sha256(Path(f))
        if hashes[f] != item["sha256"]:
            changed.append(f)
    return changed


def update(out_dir: Path, results: list[dict], run: dict) -> dict:
    """Merge a run into ``out_dir``'s manifest and rewrite ``manifest.json`` and ``index.html``."""
    out_dir = Path(out_dir).resolve()
    with _locked(out_dir):
        merged = merge(load_manifest(out_dir), results, run)
        atomic_write_text(out_dir / MANIFEST, json.dumps(merged, ensure_ascii=False, indent=2, default=str))
        atomic_write_text(out_dir / INDEX, render_index(merged, out_dir))
    return merged


def _rel(path: str | None, base: Path) -> str | None:
    if not path:
        return None
    try:
        return Path(path).resolve().relative_to(base).as_posix()
    except ValueError:
        return None


def _when(iso: str | None) -> str:
    if not iso:
        return "okänt datum"
    try:
        t = datetime.fromisoformat(iso).astimezone(TZ)
    except ValueError:
        return "okänt datum"
    return f"{fmt.date_sv(t)} kl. {t:%H.%M}"


def _row(r: dict, out_dir: Path, latest: str | None, hashes: dict) -> str:
    esc = html.escape
    name = esc(r.get("kommun") or "")
    notes = []
    when = _when(r.get("skapad"))
    if r.get("status") == "ok":
        href = esc(_rel(r["html"], out_dir) or "")
        first = f'<a href="{href}">{name}</a>'
        status = '<span class="ok">Klar</span>'
        pdf = _rel(r.get("pdf"), out_dir) if r.get("pdf") and Path(r["pdf"]).is_file() else None
        if pdf:
            notes.append(f'<a href="{esc(pdf)}">PDF</a>')
    else:
        first = name
        status = '<span class="fel">Misslyckades</span>'
        notes.append(f'<span class="fel-text">{esc(r.get("fel") or "Okänt fel")}</span>')
        nb = _rel(r.get("ipynb"), out_dir)
        if nb:
            notes.append(f'<a href="{esc(nb)}">körd notebook för felsökning</a>')
        prev = r.get("tidigare")
        if prev and _rel(prev.get("html"), out_dir):
            notes.append(f'<a href="{esc(_rel(prev["html"], out_dir))}">föregående rapport från '
                         f'{esc(_when(prev.get("skapad")))}</a>')
    if r.get("skapad") and latest and r["skapad"] != latest:
        notes.append(f'<span class="gammal">Från en tidigare körning ({esc(when)})</span>')
    changed = stale_inputs(r, hashes) if r.get("status") == "ok" else []
    if changed:
        files = ", ".join(Path(f).name for f in changed)
        notes.append(f'<span class="inaktuell">Inaktuell: indata har ändrats sedan rapporten skapades '
                     f'({esc(files)}). Kör om rapporten.</span>')
    mall = esc(r.get("malltitel") or r.get("mall") or "")
    steg = r.get("steg") if isinstance(r.get("steg"), int) else _step(r.get("mall"))
    basis = "Övningsdata" if r.get("exempeldata") else "Egna data"
    return (f"<tr><th scope=\"row\">{first}</th><td>{'Steg ' + str(steg) if steg < 99 else '–'}</td><td>{mall}</td>"
            f"<td>{status}</td><td class=\"tid\">{esc(when)}</td><td>{basis}</td><td>{' · '.join(notes)}</td></tr>")


def _step(mall: str | None) -> int:
    """The step of a template (from its spec; 99 when unknown), for ordering the index."""
    from ..steps import spec_for

    spec = spec_for(mall or "")
    return spec.steg if spec is not None else 99


def _grouped_rows(reports: list[dict], out_dir: Path, latest: str | None) -> str:
    """Rows grouped by area -- the county's reports first, then each kommun -- and by step within a group."""
    hashes: dict = {}
    order = sorted(reports, key=lambda r: (len(r.get("kommunkod") or "") != 2, fmt.swedish_sort_key(r.get("kommun") or ""),
                                           _step(r.get("mall")), r.get("mall") or ""))
    out, current = [], None
    for r in order:
        if r.get("kommunkod") != current:
            current = r.get("kommunkod")
            if out:
                out.append("</tbody><tbody>")
            out.append(f'<tr class="grupp"><th colspan="7" scope="rowgroup">{html.escape(r.get("kommun") or "")}</th></tr>')
        out.append(_row(r, out_dir, latest, hashes))
    return "\n".join(out)


def render_index(manifest: dict, out_dir: Path) -> str:
    """Self-contained Swedish index page for every report in the folder (no external URL);
    usable on a phone: the municipality's name is the link, the table scrolls sideways."""
    esc = html.escape
    out_dir = Path(out_dir).resolve()
    reports = manifest.get("rapporter", [])
    latest = manifest.get("skapad")
    rows = [_grouped_rows(reports, out_dir, latest)]
    n_ok = sum(r.get("status") == "ok" for r in reports)
    synthetic = any(r.get("exempeldata") for r in reports)
    banner = ('<p class="banner" role="note">Exempeldata: rapporterna bygger på syntetiska övningsdata och visar '
              'inte verkliga förhållanden.</p>') if synthetic else ""
    return f"""<!DOCTYPE html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lägesbilder – översikt</title>
<style>
body {{ font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; max-width: 1000px;
  margin: 0 auto; padding: .5rem 1.5rem 2rem; color: #1f2328; }}
h1 {{ font-size: 1.8rem; line-height: 1.25; }}
a {{ color: #0b5394; }}
.ram {{ overflow-x: auto; }} .ram:focus {{ outline: 2px solid #0b5394; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .5rem .6rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }}
thead th {{ border-bottom: 2px solid #8c959f; }}
tbody th {{ font-weight: 600; white-space: nowrap; }} tbody th a {{ display: inline-block; padding: .2rem 0; }}
.tid {{ white-space: nowrap; }}
.ok {{ color: #006b3c; font-weight: 600; }} .fel {{ color: #b00020; font-weight: 600; }}
.fel-text {{ color: #b00020; }} .gammal {{ color: #4a5260; }} .inaktuell {{ color: #8a4b00; font-weight: 600; }}
tr.grupp th {{ background: #eef2f6; font-size: 1.05rem; }}
.banner {{ background: #fff3cd; border: 1px solid #b38600; padding: .5rem .8rem; font-weight: 600; }}
@media (max-width: 640px) {{
  body {{ font-size: 16px; padding: .25rem 16px 2rem; }}
  h1 {{ font-size: 1.5rem; }}
  th, td {{ padding: .45rem .4rem; }}
}}
</style></head>
<body><main>
<h1>Lägesbilder – översikt</h1>
{banner}
<p>Senaste körningen {esc(_when(latest))}. {n_ok} av {len(reports)} rapporter i mappen är klara.
Tryck på kommunens namn för att öppna rapporten. Körinformation (parametrar, indatafiler med
kontrollsummor, versioner) finns i <code>manifest.json</code>.</p>
<div class="ram" role="region" tabindex="0" aria-label="Rapporter">
<table>
<thead><tr><th scope="col">Kommun</th><th scope="col">Steg</th><th scope="col">Mall</th><th scope="col">Status</th><th scope="col">Skapad</th><th scope="col">Underlag</th><th scope="col">Anmärkning</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
</div>
</main></body></html>
"""
