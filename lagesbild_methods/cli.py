"""The ``lagesbild`` command (Swedish help text).

    lagesbild kor --mall steg1 --kommun Heby        # one template, one municipality
    lagesbild kor --alla                            # all templates, all municipalities of the county
    lagesbild kor --alla --lan "Gävleborgs län"     # ... of another county
    lagesbild mallar                                # list templates and their parameters
    lagesbild ovningsdata                           # regenerate the bundled synthetic data
    lagesbild kurs --utdelning                      # course exercises as HTML handouts
    lagesbild validera FIL                          # check a data file (sources layer)
    lagesbild hamta ...                             # fetch data from Brå/SCB/Kolada/Polisen

User errors print one Swedish message (no traceback) and exit with code 1.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths, registry
from .errors import LagesbildError


class SvHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class SvArgumentParser(argparse.ArgumentParser):
    """argparse with Swedish framing for messages a coordinator sees."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", SvHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--hjalp", "--help", action="help", default=argparse.SUPPRESS,
                          help="visa den här hjälptexten och avsluta")

    def error(self, message):
        self.print_usage(sys.stderr)
        trans = (message.replace("the following arguments are required", "följande argument krävs")
                 .replace("unrecognized arguments", "okända argument")
                 .replace("invalid choice", "ogiltigt val").replace("choose from", "välj bland")
                 .replace("expected one argument", "ett värde krävs").replace("argument ", "argument "))
        self.exit(2, f"fel: {trans}\n")


def _cmd_kor(args) -> int:
    if not args.dask:  # the local pool's fork server imports the libraries while this process plans the batch
        from .runner.pool import start_fork_server

        start_fork_server()
    from .runner import batch, templates

    alla_lan = str(args.lan).strip().lower() in batch.ALL_COUNTIES  # --lan alla: every kommun in Sweden
    lan = registry.STANDARD_LAN if alla_lan else registry.get_lan(args.lan).kod
    if args.alla:
        tpls = templates.discover()
    else:
        tpls = [templates.find(args.mall or "steg1")]
    if args.kommun:
        kommuner = [registry.get(k).kod for k in args.kommun]
    elif args.alla or args.alla_kommuner:
        kommuner = batch.select_kommuner("alla" if alla_lan else lan)
    elif all(t.niva == "lan" for t in tpls):  # a county template: one report for --lan
        kommuner = []
    else:
        raise LagesbildError("Ange --kommun NAMN (eller --alla för alla kommuner och mallar).")
    extra = {}
    for item in args.parameter or []:
        if "=" not in item:
            raise LagesbildError(f"Parametern '{item}' ska skrivas som namn=värde.")
        k, v = item.split("=", 1)
        extra[k.strip()] = templates.parse_cli_value(v)
    out = Path(args.ut).resolve()
    jobs = batch.make_jobs(tpls, kommuner, out, extra, lan=lan)
    if args.dask:  # optional extra: runner/dask_executor.py
        from .runner.dask_executor import dask_executor

        with dask_executor(args.dask, args.jobb) as ex:
            print(f"Kör {len(jobs)} rapport(er) på {ex.description} -> {out}", file=sys.stderr)
            results, code = batch.run_batch(jobs, out, fresh_kernel=args.ny_kernel, progress=not args.tyst,
                                            executor=ex, pdf=args.pdf)
    else:
        print(f"Kör {len(jobs)} rapport(er) med {min(args.jobb, len(jobs))} parallella processer -> {out}",
              file=sys.stderr)
        results, code = batch.run_batch(jobs, out, workers=args.jobb, fresh_kernel=args.ny_kernel,
                                        progress=not args.tyst, pdf=args.pdf)
    for message in dict.fromkeys(r["pdf_fel"] for r in results if r.get("pdf_fel")):
        print(message, file=sys.stderr)
    for r in results:
        if r["status"] != "ok":
            print(f"FEL {r['kommun']} ({r['mall']}): {r['fel']}", file=sys.stderr)
    n_ok = sum(r["status"] == "ok" for r in results)
    print(f"{n_ok} av {len(results)} rapporter klara. Öppna {out / 'index.html'}")
    return code


def _cmd_mallar(args) -> int:
    from .runner import templates

    for t in templates.discover():
        spec = templates.spec_of(t)
        if spec is not None:
            print(spec.describe())
            continue
        print(f"{t.key}  ({t.titel}; nivå: {t.niva})")
        for name, p in t.parameters.items():
            helptext = f"  # {p['help']}" if p.get("help") else ""
            print(f"    {name} = {p['default']}{helptext}")
    return 0


def _cmd_ovningsdata(args) -> int:
    from . import synth

    written = synth.generate_all(Path(args.ut) if args.ut else paths.SYNTH_DIR, seed=args.fro)
    print(f"Skrev {len(written)} filer med övningsdata (syntetiska) till {args.ut or paths.SYNTH_DIR}.")
    return 0


def build_parser(only_kor: bool = False) -> argparse.ArgumentParser:
    """The ``lagesbild`` parser. ``only_kor``: the ``kor`` subcommands only (what ``lagesbild kor`` needs):
    the other commands' modules import the data readers, ~2 s a batch does not need to spend."""
    p = SvArgumentParser(
        prog="lagesbild",
        description="Lokal lägesbild: kör rapportmallar per kommun, kontrollera datafiler och hämta data.",
    )
    sub = p.add_subparsers(dest="kommando", metavar="KOMMANDO", parser_class=SvArgumentParser)
    sub.required = True

    k = sub.add_parser("kor", help="kör en mall för en kommun, eller alla mallar för alla kommuner",
                       description="Kör rapportmallar med papermill och skapa HTML-rapporter, index.html och manifest.json.")
    k.add_argument("--mall", help="mallens namn, t.ex. steg1_lagesbild (standard: steg1)")
    k.add_argument("--kommun", action="append", metavar="KOMMUN",
                   help="kommunens namn eller kod, t.ex. Heby eller 0331 (kan anges flera gånger)")
    k.add_argument("--alla", action="store_true", help="alla mallar för alla kommuner i länet (och länsöversikten)")
    k.add_argument("--alla-kommuner", action="store_true", help="vald mall för alla kommuner i länet")
    k.add_argument("--lan", default=registry.STANDARD_LAN, metavar="LÄN",
                   help="länet för --alla och länsrapporter, namn eller kod (standard: 03, Uppsala län); "
                        "'alla' med --alla-kommuner: alla kommuner i landet")
    k.add_argument("-p", "--parameter", action="append", metavar="NAMN=VÄRDE",
                   help="ändra en parameter i mallen, t.ex. -p ar_till=2024")
    k.add_argument("--ut", default=str(paths.REPORTS_DIR), help="mapp för rapporterna (standard: rapporter/)")
    k.add_argument("--jobb", type=int, default=2, help="antal parallella processer (standard: 2)")
    k.add_argument("--ny-kernel", action="store_true",
                   help="starta en ny Python-kärna för varje rapport (långsammare, helt isolerat)")
    k.add_argument("--tyst", action="store_true", help="visa ingen förloppsindikator")
    k.add_argument("--pdf", action="store_true",
                   help="skriv också ut varje rapport som PDF (A4, sidnummer; kräver webbläsaren Chromium)")
    k.add_argument("--dask", metavar="ADRESS",
                   help="kör på Dask: schemaläggarens adress (tcp://server:8786) eller 'lokal' för ett "
                        "lokalt Dask-kluster med --jobb arbetare (kräver tillägget dask)")
    k.set_defaults(func=_cmd_kor)

    m = sub.add_parser("mallar", help="lista mallarna och deras parametrar")
    m.set_defaults(func=_cmd_mallar)

    o = sub.add_parser("ovningsdata", help="skapa om de medföljande övningsdata (syntetiska)")
    o.add_argument("--ut", help="mapp (standard: data/ovningsdata)")
    o.add_argument("--fro", type=int, default=20261125, help="slumpfrö (standard: 20261125)")
    o.set_defaults(func=_cmd_ovningsdata)

    if only_kor:
        return p
    try:  # validera / hamta come from the sources layer
        from .sources import cli as sources_cli
    except ImportError:
        sources_cli = None
    if sources_cli is not None and hasattr(sources_cli, "register"):
        sources_cli.register(sub)
    from . import workbook_cli; workbook_cli.register(sub)  # noqa: E702 - lagesbild arbetsbok
    from .kurs import cli as kurs_cli; kurs_cli.register(sub)  # noqa: E702 - lagesbild kurs
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(only_kor=bool(argv) and argv[0] == "kor")
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except LagesbildError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
