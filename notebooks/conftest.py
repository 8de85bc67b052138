"""pytest: the course notebooks (the getting-started notebook 00, the exercises 01-07 and their solutions) are
executed by tests/test_kurs_notebooks.py, all in one Jupyter kernel and with strict checks of every answer
cell, so nbval leaves this folder alone and they run once. (Trainers can ignore this file.)"""
collect_ignore_glob = ["*.ipynb", "losningar/*.ipynb"]
