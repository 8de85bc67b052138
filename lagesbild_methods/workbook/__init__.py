"""The step workbook (arbetsbok): one Excel file per municipality that carries the chain
problem -> orsak -> åtgärd -> aktivitet -> indikator (+ medborgarlöfte) through Brå's steps 2-5.

This package holds what does not read files (so the sources layer can import the contract):

* :mod:`.schema`    -- sheets, columns, Swedish headers and help, drop-down lists, id formats, links;
* :mod:`.links`     -- links between sheets, broken links and gaps in the chain (findings);
* :mod:`.headers`   -- finding sheets and columns as Excel/LibreOffice/a user left them;
* :mod:`.writer`    -- build the workbook with openpyxl, merge new problems in memory, save;
* :mod:`.help_text` -- the Swedish help sheet;
* :mod:`.privacy`   -- the shareable view (no free text, scrubbed publishable text).

Elsewhere: the reader :func:`lagesbild_methods.sources.workbook.read_workbook`; the proposed problems
:mod:`lagesbild_methods.workbook_problems`; the command and file-level merge
:mod:`lagesbild_methods.workbook_cli`; the practice workbooks :mod:`lagesbild_methods.synth_workbook`.
"""
