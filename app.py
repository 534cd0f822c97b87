"""Start the reviewqa web chat: `python app.py` (same options as `reviewqa serve --help`)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
os.chdir(ROOT)  # the corpus/ and index/ folders beside this file
sys.path.insert(0, str(ROOT / "src"))

from reviewqa.cli import serve  # noqa: E402

if __name__ == "__main__":
    serve.main(standalone_mode=True)
