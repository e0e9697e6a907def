"""The iizcore verification kit: hypothesis strategies and the invariant suite.

:mod:`iizcore.testing.strategies` generates valid, realistic model values;
:mod:`iizcore.testing.invariants` holds every invariant the core promises,
each a named check with the legal principle it protects, runnable against any
canton plugin (``iiz verify --canton BL``, or the ``iiz_verify`` fixture of
the pytest plugin :mod:`iizcore.testing.pytest_plugin`).

Importing this package does not import hypothesis; the submodules do.
"""
