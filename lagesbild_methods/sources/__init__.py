"""Readers for every real data format -> validated tidy frames, or a Swedish InputDataError.

The entry point is :func:`read` (``read(path_or_paths, expect="brott", param="brott_fil")``): it detects
the kind of each file through the registry of input kinds (:mod:`.kinds`, builtins in
:mod:`.builtin_kinds`), reads and validates it, and combines several files into one series.
:func:`register_kind` adds a kind from another module. :func:`detect_kind` names the kind of a file.

Format readers (kept public; ``read`` calls them):

* :func:`read_crime_csv`, :func:`read_population_csv` -- the package's tidy CSVs (bundled övningsdata);
* :func:`read_bra_kommun_csv`, :func:`read_bra_indikatorer`, :func:`read_ntu_lan` -- Brå;
* :func:`read_pxweb_v1`, :func:`read_jsonstat2`, :func:`read_scb_population` -- SCB;
* :func:`read_kolada_data`, :func:`read_kolada_kpi`, :func:`read_kolada_municipalities` -- Kolada v3;
* :func:`read_polisen_events`, :data:`POLISEN_FORBEHALL`, :func:`polisen_forbehall` -- Polisen;
* :func:`read_incident_register`, :func:`read_category_mapping` -- the municipality's EST register;
* :func:`read_survey` -- trygghetsmätning microdata (wide -> long);
* :func:`validate_frame` -- check a frame built in code against a contract.

No reader ever returns a partially loaded frame.
"""
from .kinds import CONTRACTS, KINDS, Contract, Kind, Sniff, detect_kind, register_contract, register_kind
from . import builtin_kinds as _builtin_kinds  # noqa: F401 - registers the builtin input kinds
from .reading import read
from .polisen_facts import IncidentSource, incident_source
from .bra import read_bra_indikatorer, read_bra_kommun_csv, read_ntu_lan
from .kolada import KOLADA_KPI, read_kolada_data, read_kolada_kpi, read_kolada_municipalities
from .polisen import POLISEN_FORBEHALL, POLISEN_KATEGORIER, polisen_forbehall, read_polisen_events
from .register import mapping_report, read_category_mapping, read_incident_register
from .schemas import validate_frame
from .scb import decode_jsonstat2, read_jsonstat2, read_pxweb_v1, read_scb_population
from .survey import read_survey
from .tidy import read_crime_csv, read_population_csv
from . import workbook as _workbook  # noqa: F401,E402 - registers the step workbook as an input kind

__all__ = [
    "read", "detect_kind", "incident_source", "IncidentSource", "register_kind", "register_contract", "Kind", "Contract", "Sniff", "KINDS", "CONTRACTS",
    "read_crime_csv", "read_population_csv", "read_bra_kommun_csv", "read_bra_indikatorer", "read_ntu_lan",
    "read_pxweb_v1", "read_jsonstat2", "read_scb_population", "decode_jsonstat2", "read_kolada_data",
    "read_kolada_kpi", "read_kolada_municipalities", "KOLADA_KPI", "read_polisen_events", "POLISEN_FORBEHALL",
    "POLISEN_KATEGORIER", "polisen_forbehall", "read_incident_register", "read_category_mapping",
    "mapping_report", "read_survey", "validate_frame",
]
