"""MkDocs hooks (listed in mkdocs.yml): everything here delegates to ``sitegen``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.exceptions import PluginError

from sitegen import mkdocs_glue

mkdocs_glue.quiet_material_notice()


def on_pre_build(config: Any) -> None:
    try:
        validation, topics = mkdocs_glue.refresh(mkdocs_glue.layout_for(config))
    except mkdocs_glue.ValidationFailed as failure:
        raise PluginError(str(failure)) from None
    config.nav = mkdocs_glue.navigation(validation, topics)
