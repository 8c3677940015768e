"""``sitegen serve``: a preview that rebuilds through the same path as ``sitegen build``.

Every change under datapackage/, site_src/ or to mkdocs.yml runs the whole pipeline
(validate, generate, assemble, index search) into a temporary folder, which MkDocs'
live-reload server serves and tells open pages to reload. A build that fails prints
its problems and keeps the last good preview. Only the CSP is left out: the reload
script is inline. Nothing is written to ``site/``.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from sitegen.build import build_site
from sitegen.core.paths import Layout


def serve(layout: Layout, addr: str) -> int:
    host, _, port = addr.rpartition(":")
    # The preview belongs at the root of the address it was asked for, not under the
    # path of the published site_url (/japan-intl-opendata/).
    os.environ.setdefault("SITE_URL", f"http://{addr}/")
    work = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
    preview = work / "site"

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # the temporary preview is removed on the way out

    signal.signal(signal.SIGTERM, stop)

    def rebuild() -> None:
        build_site(layout, preview, sys.stderr, csp=False)

    try:
        rebuild()
        preview.mkdir(exist_ok=True)  # a first build that failed still gets a server
        try:
            server = LiveReloadServer(builder=rebuild, host=host or "127.0.0.1", port=int(port), root=str(preview))
        except OSError as error:
            print(
                f"Cannot serve on {addr}: {error.strerror}. Try another address, e.g. "
                f"`PYTHONPATH=scripts .venv/bin/python -m sitegen serve --addr 127.0.0.1:8001`.",
                file=sys.stderr,
            )
            return 1
        for path in (layout.datapackage, layout.site_src, layout.mkdocs_yml):
            server.watch(str(path))
        print(f"Preview at http://{addr}/ (English at /en/); Ctrl+C stops.", file=sys.stderr)
        try:
            server.serve()  # type: ignore[no-untyped-call]  # mkdocs' livereload is unannotated
        finally:
            server.shutdown()
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
