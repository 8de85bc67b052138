"""lagesbild: knowledge-based local situational picture (lokal lägesbild) for Swedish municipalities.

Layers (imports only go downward):
    ground        registry, columns, errors, fmt
    sources/      readers for each real data format -> validated tidy frames
    analysis      stats, timeplace, ... (pure functions, frames in, frames out)
    presentation  figures, text (Swedish sentences), suppression
    steps         compose sections for each template
    runner / cli  papermill batch, HTML export, index and manifest
"""

__version__ = "0.1.0"
