"""Legacy Word (.doc) and WPS (.wps) copies of generated .docx issues, saved by LibreOffice.

LibreOffice writes the Word 97 binary format (filter "MS Word 97"), which is what both Word's
.doc and Kingsoft WPS's .wps hold. LibreOffice has no Kingsoft export filter, so a .wps here is
the Word 97 binary under the .wps name; Kingsoft's own files add WPS-specific streams beside the
WordDocument stream, which the reader ignores.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

#: Seconds one LibreOffice conversion run may take (its first start builds a profile).
SOFFICE_TIMEOUT = 300
LEGACY_FORMATS = ("doc", "wps")


def soffice() -> str | None:
    """Return the LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def save_as_legacy(docx_files: Sequence[Path], outdir: Path | str, fmt: str = "doc") -> list[Path]:
    """Return ``outdir``/NAME.``fmt`` for each .docx, saved by LibreOffice in the Word 97 binary format."""
    if fmt not in LEGACY_FORMATS:
        raise ValueError(f"unknown legacy format {fmt!r}; use one of {LEGACY_FORMATS}")
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    # A private profile: parallel runs sharing the user's profile lock each other out.
    with tempfile.TemporaryDirectory(prefix="audit-lo-") as profile:
        subprocess.run(
            [
                program,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                f"{fmt}:MS Word 97",
                "--outdir",
                str(outdir),
                *(str(path) for path in docx_files),
            ],
            capture_output=True,
            timeout=SOFFICE_TIMEOUT,
            check=True,
            env={**os.environ, "HOME": profile},
        )
    made = [outdir / f"{Path(path).stem}.{fmt}" for path in docx_files]
    missing = [path.name for path in made if not path.is_file()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {', '.join(missing)}")
    return made
