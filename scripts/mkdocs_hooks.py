"""MkDocs hooks (listed in mkdocs.yml): everything here delegates to ``sitegen``."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.exceptions import PluginError

from sitegen.assemble import mkdocs as mkdocs_glue

mkdocs_glue.quiet_material_notice()


def on_pre_build(config: Any) -> None:
    try:
        layout, langs = mkdocs_glue.layout_for(config), mkdocs_glue.built_languages(config)
        validation, topics = mkdocs_glue.refresh(layout, config.site_url or "", langs)
    except mkdocs_glue.ValidationFailed as failure:
        raise PluginError(str(failure)) from None
    config.nav = mkdocs_glue.navigation(validation, topics)
    mkdocs_glue.translate_sections(config, validation)


class _DropContextualLinkWarning(logging.Filter):
    """site.js keeps the language switch contextual under instant navigation, so the
    i18n plugin's warning that it cannot is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "contextual link is not compatible" not in record.getMessage()


for _name in ("mkdocs.plugins.mkdocs_static_i18n.reconfigure", "mkdocs.plugins.mkdocs_static_i18n"):
    logging.getLogger(_name).addFilter(_DropContextualLinkWarning())
