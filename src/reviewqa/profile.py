"""The review profile: everything particular to one review, in one declarative YAML file beside its corpus.

A profile names the review's fields and their *types* (text, names, entry references, quantities with units, size
lists, dates, enums, licenses, links …), the words people use for each field and value, answer templates, value
vocabularies with aliases and groups, categories and the nouns that stand for entries. The engine reads questions and
entries only through it, so a second review with another profile runs on the same code. This module describes and
loads profiles; it does not read entries (``corpus.py``) or questions (``lexicon.py``, ``parse.py``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import CorpusError
from .yamlfile import read_yaml, validation_problems

__all__ = [
    "PROFILE_NAME",
    "Adjectives",
    "CategorySpec",
    "EnumValue",
    "FieldSpec",
    "FieldType",
    "GroupSpec",
    "NounSpec",
    "Profile",
    "UnitSpec",
    "VocabEntry",
    "find_profile",
    "load_profile",
    "profile_json_schema",
]

PROFILE_NAME = "review.yaml"
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

FieldType = Literal[
    "text", "names", "aliases", "refs", "quantity", "sizes", "date", "enum", "license", "url", "links", "paper",
    "category", "sources", "extra",
]  # fmt: skip
#: Types whose values can be compared as numbers.
NUMERIC_TYPES = ("quantity", "sizes")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class UnitSpec(_Strict):
    """A unit a quantity field counts in, with the words questions use for it."""

    name: str = Field(min_length=1)
    words: list[str] = Field(default_factory=list)
    examples: bool = Field(default=False, description="Counts as 'examples' when a question says examples or data.")
    same_as: list[str] = Field(
        default_factory=list,
        description="Other units of the field that count the same things ('proteins' for 'sequences'): a number "
        "asked in this unit compares with values stored in those too.",
    )


class EnumValue(_Strict):
    """One value of an enum field and the phrases that mean it in a question."""

    value: str = Field(min_length=1)
    label: str | None = None
    words: list[str] = Field(default_factory=list, description="Phrases meaning this value (or one of `also`).")
    strict_words: list[str] = Field(default_factory=list, description="Phrases meaning exactly this value.")
    also: list[str] = Field(
        default_factory=list,
        description='Other values a question asking for this one accepts ("allows commercial use" also accepts '
        '"restricted").',
    )
    unknown: bool = Field(default=False, description="The value means 'not known' (neither true nor false).")


class Adjectives(_Strict):
    """Words that rank by a field: ``asc`` puts the smallest or earliest first, ``desc`` the largest or latest."""

    asc: list[str] = Field(default_factory=list)
    desc: list[str] = Field(default_factory=list)


class FieldSpec(_Strict):
    """One field of the entries: its type, how people ask for it, how answers state it."""

    type: FieldType
    label: str = Field(min_length=1)
    description: str = ""
    required: bool = False
    empty: Literal["none", "unknown"] | None = Field(
        default=None,
        description='What an empty value means to a condition: "none" (a list with no teacher has none) or "unknown". '
        "Default: none for names, refs and text; unknown for the rest.",
    )
    words: list[str] = Field(default_factory=list, description="Phrases that ask for this field.")
    relation: list[str] = Field(
        default_factory=list,
        description='Phrases that introduce a value of this field in a condition ("fine-tuned from").',
    )
    answer: str | None = Field(default=None, description="Answer template with {name} and {value}.")
    missing_answer: str | None = Field(
        default=None, description="Answer when the field is empty and missing_when holds."
    )
    missing_when: dict[str, str] = Field(default_factory=dict, description="Field -> value for missing_answer.")
    condition: str | None = Field(default=None, description="How a condition on the field reads, with {value}.")
    vocabulary: str | None = Field(default=None, description="Name of the value vocabulary (names fields).")
    values: list[EnumValue] = Field(default_factory=list, description="Enum values.")
    multiple: bool = Field(default=False, description="An enum field that holds a list of values.")
    units: list[UnitSpec] = Field(default_factory=list, description="Units of a quantity field.")
    unit_words: list[str] = Field(default_factory=list, description="Words naming what a size list counts.")
    scale: float = Field(default=1.0, gt=0, description="What one stored unit of a size list is worth.")
    parts: list[str] = Field(default_factory=list, description="Parts of a license or links field.")
    part_words: dict[str, list[str]] = Field(default_factory=dict, description="Words that ask for one part.")
    fallback: str | None = Field(default=None, description="Field answered instead when an entry has no value.")
    also_state: list[str] = Field(
        default_factory=list,
        description="Fields an answer about this one states too (whether commercial use is allowed: the license it "
        "follows from).",
    )
    inherit: str | None = Field(
        default=None,
        description="A reference field: an entry that records no value of this one has those of the entries it names "
        "there (a fine-tuned model's architecture is its base model's), for conditions.",
    )
    measure: str | None = Field(
        default=None,
        description='The number field that says how much of this field\'s value there is ("a bigger training set").',
    )
    adjectives: Adjectives = Field(default_factory=Adjectives)
    earliest_of: list[str] = Field(
        default_factory=list,
        description="A date field that is the earliest of these other date fields (the first public release, before "
        "the paper's date): never later than any of them, which are stated only when they differ from it.",
    )
    roles_of: str | None = Field(
        default=None,
        description="A names field whose values this text field says the roles of (what each data model did): "
        '"what did Acme-4 do in it?" asks it.',
    )
    browse: bool = True

    @field_validator("values")
    @classmethod
    def _unique_values(cls, values: list[EnumValue]) -> list[EnumValue]:
        names = [v.value for v in values]
        if len(names) != len(set(names)):
            raise ValueError("enum values must be unique")
        return values

    @model_validator(mode="after")
    def _type_needs(self) -> FieldSpec:
        if self.type == "enum" and not self.values:
            raise ValueError("an enum field needs `values`")
        if self.type in ("license", "links") and not self.parts:
            raise ValueError(f"a {self.type} field needs `parts`")
        return self


class CategorySpec(_Strict):
    id: str
    title: str = Field(min_length=1)
    words: list[str] = Field(default_factory=list, description="Phrases that mean this category in a question.")
    headings: list[str] = Field(default_factory=list, description="Section headings of imported reviews that mean it.")
    section: str = Field(default="", description="The heading of its section in the imported review (export uses it).")
    notes: str = Field(default="", description="Text under the section's heading in the review (kept by import).")
    order: list[str] = Field(
        default_factory=list, description="Entry ids in the order the review lists them (export writes them so)."
    )

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(f"category id must be a lowercase slug, got {value!r}")
        return value


class NounSpec(_Strict):
    """Nouns that stand for entries ("models", "datasets"), the categories they can mean and what "largest" ranks by."""

    words: list[str] = Field(min_length=1)
    categories: list[str] = Field(default_factory=list)
    measure: str | None = None
    asks: str | None = Field(default=None, description='The field a question asks about a named entry with this noun '
                             '("what datasets did Corvid use" asks its data sources).')  # fmt: skip


class VocabEntry(_Strict):
    """A canonical value with its other spellings and the groups it belongs to."""

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)
    organization: str | None = Field(default=None, description="Who makes it (a model's organization).")


class GroupSpec(_Strict):
    """A named set of vocabulary values ("Acme models", "universities") and the words that mean it."""

    id: str = Field(min_length=1)
    vocabulary: str
    words: list[str] = Field(default_factory=list)


def plural(word: str) -> str:
    """An English noun's regular plural: "work" -> "works", "entry" -> "entries", "box" -> "boxes"."""
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


class Profile(_Strict):
    title: str = Field(min_length=1)
    scope: str = ""
    introduction: str = Field(default="", description="The review's introduction, as written (kept by import).")
    entry_label: str = "entry"
    entry_plural: str = ""  # when the plural is not the regular one ("entry" -> "entries" is)
    examples: list[str] = Field(default_factory=list)
    categories: list[CategorySpec] = Field(min_length=1)
    nouns: list[NounSpec] = Field(default_factory=list)
    fields: dict[str, FieldSpec] = Field(min_length=1)
    vocabularies: dict[str, list[VocabEntry]] = Field(default_factory=dict)
    groups: list[GroupSpec] = Field(default_factory=list)
    check_values: Literal["canonical", "known", "off"] = Field(
        default="known",
        description="How `validate` checks the values of fields that name a vocabulary: `canonical` accepts only the "
        "canonical spelling, `known` also its aliases, `off` anything. Unknown values get the closest suggestions.",
    )

    @field_validator("check_values", mode="before")
    @classmethod
    def _off_is_a_word(cls, value: Any) -> Any:
        """YAML reads an unquoted ``off`` as false."""
        return {False: "off", True: "known"}.get(value, value) if isinstance(value, bool) else value

    @property
    def entries_label(self) -> str:
        """The plural of ``entry_label``."""
        return self.entry_plural or plural(self.entry_label)

    def entries(self, count: int) -> str:
        """``entry_label`` in the number ``count`` asks for ("1 work", "3 works")."""
        return self.entry_label if count == 1 else self.entries_label

    @model_validator(mode="after")
    def _references(self) -> Profile:
        problems = []
        for key, spec in self.fields.items():
            if not re.match(r"^[a-z][a-z0-9_]*$", key):
                problems.append(f"field name {key!r} must be lowercase letters, digits and underscores")
            if key == "name":
                problems.append("`name` is built in; do not declare it")
            if spec.vocabulary and spec.vocabulary not in self.vocabularies:
                problems.append(f"field {key!r} uses vocabulary {spec.vocabulary!r}, which is not defined")
            problems += [f"field {key!r} states {o!r} too, which is not a field" for o in spec.also_state
                         if o not in self.fields]  # fmt: skip
            if spec.fallback and spec.fallback not in self.fields:
                problems.append(f"field {key!r} falls back to {spec.fallback!r}, which is not a field")
            source = self.fields.get(spec.inherit) if spec.inherit else None
            if spec.inherit and (source is None or source.type != "refs"):
                problems.append(f"field {key!r} inherits from {spec.inherit!r}, which is not a reference field")
            held = self.fields.get(spec.roles_of) if spec.roles_of else None
            if spec.roles_of and (spec.type != "text" or held is None or held.type not in ("names", "refs")):
                problems.append(
                    f"field {key!r} tells the roles of {spec.roles_of!r}: it must be a text field, and "
                    f"{spec.roles_of!r} a field of names or references"
                )
            measured_by = self.fields.get(spec.measure) if spec.measure else None
            if spec.measure and (measured_by is None or measured_by.type not in ("quantity", "sizes")):
                problems.append(f"field {key!r} is measured by {spec.measure!r}, which is not a number field")
            unit_names = {u.name for u in spec.units}
            for unit in spec.units:
                for other in unit.same_as:
                    if other not in unit_names:
                        problems.append(f"field {key!r}: unit {unit.name!r} is the same as {other!r}, not a unit of it")
            for other in spec.earliest_of:
                if spec.type != "date" or self.fields.get(other) is None or self.fields[other].type != "date":
                    problems.append(f"field {key!r}: earliest_of names {other!r}; both must be date fields")
            for other in spec.missing_when:
                if other not in self.fields:
                    problems.append(f"field {key!r}: missing_when names {other!r}, which is not a field")
        for noun in self.nouns:
            for named in (noun.measure, noun.asks):
                if named and named not in self.fields:
                    problems.append(f"noun field {named!r} is not a field")
            for cat in noun.categories:
                if cat not in self.category_ids:
                    problems.append(f"noun category {cat!r} is not a category")
        for group in self.groups:
            if group.vocabulary not in self.vocabularies:
                problems.append(f"group {group.id!r} uses vocabulary {group.vocabulary!r}, which is not defined")
        for kind in ("category", "aliases", "paper", "sources"):
            if sum(spec.type == kind for spec in self.fields.values()) > 1:
                problems.append(f"at most one field may have type `{kind}`")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # ---- derived views -------------------------------------------------------------------------------------------
    @property
    def category_ids(self) -> list[str]:
        return [c.id for c in self.categories]

    def category_title(self, category: str) -> str:
        return next((c.title for c in self.categories if c.id == category), category)

    @property
    def category_field(self) -> str | None:
        return next((k for k, s in self.fields.items() if s.type == "category"), None)

    def fields_of(self, *types: str) -> list[str]:
        return [k for k, s in self.fields.items() if s.type in types]

    def stated_with(self, keys: Sequence[str]) -> list[str]:
        """The fields an answer about ``keys`` states beside them (their ``also_state``), not already among them."""
        return list(dict.fromkeys(o for k in keys for o in self.fields[k].also_state if o not in keys))

    def same_units(self, key: str, unit: str) -> list[str]:
        """``unit`` of field ``key`` and the units that count the same things ("sequences", "proteins")."""
        return [unit, *(o for u in self.fields[key].units if u.name == unit for o in u.same_as)]

    def first_of(self, kind: str) -> str | None:
        return next(iter(self.fields_of(kind)), None)

    @property
    def date_field(self) -> str | None:
        return self.first_of("date")

    def label(self, key: str) -> str:
        return "Name" if key == "name" else self.fields[key].label

    def empty_is_none(self, key: str) -> bool:
        spec = self.fields[key]
        if spec.empty is not None:
            return spec.empty == "none"
        return spec.type in ("names", "refs", "text", "aliases")

    def enum_value(self, key: str, value: str) -> EnumValue | None:
        return next((v for v in self.fields[key].values if v.value == value), None)


def profile_json_schema() -> dict[str, Any]:
    """The JSON Schema of a profile file, for editors with a YAML language server."""
    schema = Profile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "reviewqa review profile"
    return schema


def profile_json_schema_text() -> str:
    return json.dumps(profile_json_schema(), indent=2, sort_keys=True) + "\n"


def find_profile(corpus_dir: Path, explicit: Path | None = None) -> Path:
    """The profile of a corpus folder: ``explicit``, else ``REVIEWQA_PROFILE``, else ``review.yaml`` beside it."""
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get("REVIEWQA_PROFILE")
    if env:
        return Path(env)
    return Path(corpus_dir).resolve().parent / PROFILE_NAME


def load_profile(path: Path) -> Profile:
    """Read and validate a profile; raises ``CorpusError`` with file, line and field for every problem."""
    path = Path(path)
    data, node, problems = read_yaml(path, str(path))
    if problems:
        raise CorpusError(problems)
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise CorpusError(validation_problems(exc, node, str(path))) from exc
