"""The step workbook (arbetsbok): one Excel file per municipality that carries the chain
problem -> orsak -> åtgärd -> aktivitet -> indikator (+ medborgarlöfte) through Brå's steps 2-5.

Modules (imported explicitly; this package file stays light so the sources layer can import the
schema without pulling in the writer):

* :mod:`.schema`   -- sheets, columns, Swedish headers and help, drop-down lists, id formats, links;
* :mod:`.writer`   -- ``create``/``update`` the workbook with openpyxl (merge never overwrites);
* :mod:`.problems` -- the frame of prioritised problems the writer pre-fills (stand-in for step 1);
* :mod:`.privacy`  -- the shareable view (no free text, scrubbed publishable text);
* :mod:`.cli`      -- ``lagesbild arbetsbok`` (registered by ``cli.py``).

The reader is :func:`lagesbild_methods.sources.workbook.read_workbook`.
"""
