"""The shape of one review entry: pydantic models at the trust boundary.

Corpus files are written by people, so every model forbids unknown keys (a typo in a field name is an error, not a
silently ignored value) and every field is documented, which makes the exported JSON Schema useful to an editor.
This module only describes entries; reading files and reporting problems with line numbers is ``corpus.py``'s job.
"""

from __future__ import annotations

import json
import re
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "CATEGORY_TITLES",
    "Category",
    "CommercialUse",
    "DataOrigin",
    "Entry",
    "Licenses",
    "Links",
    "Paper",
    "Quantity",
    "Source",
    "Unit",
    "entry_json_schema",
]

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
Url = Annotated[str, Field(pattern=r"^https?://\S+$", description="An http(s) address.")]


class Category(str, Enum):
    """The four sections of the review."""

    base_model = "base-model"
    task_collection = "task-collection"
    general_assistant = "general-assistant"
    feedback_alignment = "feedback-alignment"


CATEGORY_TITLES: dict[Category, str] = {
    Category.base_model: "Base models",
    Category.task_collection: "Instruction tuning on NLP task collections",
    Category.general_assistant: "Instruction tuning for general assistants",
    Category.feedback_alignment: "Alignment from feedback",
}


class DataOrigin(str, Enum):
    """Where instruction or preference data came from."""

    human_written = "human-written"
    machine_generated = "machine-generated"
    nlp_datasets = "nlp-datasets"


class CommercialUse(str, Enum):
    """Whether the released artefacts may be used commercially, as their licenses state."""

    yes = "yes"
    no = "no"
    restricted = "restricted"
    unclear = "unclear"


class Unit(str, Enum):
    """What a data-size number counts."""

    instances = "instances"
    dialogues = "dialogues"
    tasks = "tasks"
    messages = "messages"
    comparisons = "comparisons"
    prompts = "prompts"
    tokens = "tokens"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=False)


class Quantity(_Strict):
    """An amount as the source states it, and as a number with its unit."""

    stated: str = Field(description='As the source writes it, e.g. "52K" or "1.4T".', min_length=1)
    value: float | None = Field(default=None, ge=0, description="The same amount as a plain number, e.g. 52000.")
    unit: Unit | None = Field(default=None, description="What the number counts.")


class Paper(_Strict):
    """The paper (or report, or blog post) that introduced the work."""

    title: str = Field(min_length=1)
    url: Url


class Links(_Strict):
    """Other places a reader may want to go."""

    code: Url | None = None
    data: Url | None = None
    weights: Url | None = None
    project: Url | None = Field(default=None, description="A project page or announcement post.")


class Licenses(_Strict):
    """Licenses of code, model weights and data, kept apart; empty when unknown."""

    code: str | None = None
    weights: str | None = None
    data: str | None = None
    notes: str | None = Field(default=None, description="Conditions in your own words, e.g. research use only.")


class Source(_Strict):
    """Where the facts of an entry come from; the paper first."""

    url: Url
    title: str | None = None


class Entry(_Strict):
    """One work in the review. The record id is the file name without extension."""

    name: str = Field(min_length=1, description="The name people know the work by, e.g. Alpaca.")
    category: Category
    date: str | None = Field(
        default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="First public release, YYYY-MM."
    )
    organizations: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list, description='Other names, e.g. "Tk-Instruct", "FLAN-T5".')
    summary: str | None = Field(default=None, description="Two to four sentences in your own words.")
    paper: Paper | None = None
    links: Links = Field(default_factory=Links)
    base_models: list[str] = Field(default_factory=list, description='Models fine-tuned, e.g. "LLaMA 7B".')
    model_sizes_b: list[float] = Field(
        default_factory=list, description="Parameter counts of released or trained models, in billions."
    )
    training_tokens: Quantity | None = Field(default=None, description="Pretraining tokens, for base models.")
    data_sources: list[str] = Field(default_factory=list, description="Where the instruction data came from.")
    data_origin: list[DataOrigin] = Field(default_factory=list)
    teacher: list[str] = Field(default_factory=list, description="Models that generated the data.")
    data_size: Quantity | None = Field(default=None, description="Amount of instruction or preference data.")
    license: Licenses = Field(default_factory=Licenses)
    commercial_use: CommercialUse | None = None
    preference_method: str | None = Field(default=None, description="e.g. RLHF with PPO, DPO.")
    sources: list[Source] = Field(min_length=1, description="Where the facts come from; the paper first.")
    notes: str | None = Field(default=None, description="Caveats, e.g. where the seed review disagreed.")
    extra: dict[str, str] = Field(default_factory=dict, description="Imported fields with no place in the schema.")

    @field_validator("commercial_use", mode="before")
    @classmethod
    def _yaml_booleans(cls, value: object) -> object:
        # YAML 1.1 reads a bare `no` / `yes` as a boolean; accept what the author meant.
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value

    @field_validator("model_sizes_b")
    @classmethod
    def _positive_sizes(cls, sizes: list[float]) -> list[float]:
        if any(size <= 0 for size in sizes):
            raise ValueError("every model size must be a positive number of billions of parameters")
        return sizes

    @field_validator("organizations", "aliases", "base_models", "data_sources", "teacher")
    @classmethod
    def _no_blank_items(cls, items: list[str]) -> list[str]:
        if any(not item.strip() for item in items):
            raise ValueError("list items must not be empty")
        return items


def entry_json_schema() -> dict[str, Any]:
    """The JSON Schema of a corpus file, for editors with a YAML language server."""
    schema = Entry.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "reviewqa entry"
    return schema


def entry_json_schema_text() -> str:
    return json.dumps(entry_json_schema(), indent=2, sort_keys=True) + "\n"
