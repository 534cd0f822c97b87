"""reviewqa: ask questions about a structured literature review, locally and offline.

Importing the package is cheap: torch, FAISS and Gradio load only in the stages that need them.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
