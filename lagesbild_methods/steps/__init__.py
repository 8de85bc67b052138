"""Steps: one module per step of the method, composing analysis and presentation into
:class:`~lagesbild_methods.steps.report.Section` objects that a template displays with ``visa``."""
