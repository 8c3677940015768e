"""Static open-data site generator: Frictionless data packages in, a bilingual site out.

The engine knows nothing about any particular dataset: everything specific lives in
``datapackage/``. The MkDocs layer only assembles pages this package generates.
"""

__version__ = "0.1.0"
