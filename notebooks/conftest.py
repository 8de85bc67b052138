"""pytest: the course exercises (01-07) and their solutions are executed by tests/test_kurs_notebooks.py, all in
one Jupyter kernel and with strict checks of every answer cell, so nbval here runs only the getting-started
notebook. (Trainers can ignore this file.)"""
collect_ignore_glob = ["0[1-9]_*.ipynb", "[1-9][0-9]_*.ipynb", "losningar/*.ipynb"]
