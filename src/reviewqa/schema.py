"""The shape of one review entry, built from the review profile: pydantic models at the trust boundary.

An entry has a built-in ``name`` and the fields its profile declares; each field's Python type follows from its
profile type (a ``sizes`` field is a list of positive finite numbers, a ``quantity`` field a number with a unit the
profile allows, an ``enum`` field one of its values …). Every model forbids unknown keys, so a typo in a field name
is an error. This module only describes entries; reading files and reporting problems is ``corpus.py``'s job.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, create_model

from .profile import FieldSpec, Profile

__all__ = ["ID_PATTERN", "Paper", "Quantity", "Source", "entry_json_schema", "entry_model"]

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2]))?$"  # a month, or a year when the month is unknown
Url = Annotated[str, Field(pattern=r"^https?://[^\s<>\"']+$", max_length=2000, description="An http(s) address.")]
NonBlank = Annotated[str, Field(min_length=1)]


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


# (checked after coercion too: YAML reads "1e999" as a string, which becomes inf as a float)
Finite = Annotated[float, BeforeValidator(_finite), AfterValidator(_finite)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Quantity(_Strict):
    """An amount as the source states it, and as a number with its unit."""

    stated: str = Field(description='As the source writes it, e.g. "52K" or "1.4T".', min_length=1)
    value: Finite | None = Field(default=None, ge=0, description="The same amount as a plain number, e.g. 52000.")
    unit: str | None = Field(default=None, description="What the number counts.")


class Paper(_Strict):
    """The paper (or report, or blog post) that introduced the work."""

    title: str = Field(min_length=1)
    url: Url


class Source(_Strict):
    """Where the facts of an entry come from; the paper first."""

    url: Url
    title: str | None = None


def _yaml_boolean(value: object) -> object:
    # YAML 1.1 reads a bare `no` / `yes` as a boolean; accept what the author meant.
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _quantity_model(key: str, spec: FieldSpec) -> type[BaseModel]:
    if not spec.units:
        return Quantity
    unit: Any = Literal[tuple(u.name for u in spec.units)]
    return create_model(
        f"Quantity_{key}",
        __base__=Quantity,
        unit=(unit | None, Field(default=None, description="What the number counts.")),
    )


def _parts_model(key: str, spec: FieldSpec, value_type: Any, notes: bool) -> type[BaseModel]:
    fields: dict[str, Any] = {part: (value_type | None, None) for part in spec.parts}
    if notes:
        fields["notes"] = (str | None, Field(default=None, description="Conditions in your own words."))
    return create_model(f"Parts_{key}", __config__=ConfigDict(extra="forbid", str_strip_whitespace=True), **fields)


def _field(key: str, spec: FieldSpec, profile: Profile) -> tuple[Any, Any]:
    """(type, default) of one profile field."""
    desc = spec.description or spec.label
    kind = spec.type
    if kind == "text":
        return (str | None, Field(default=None, description=desc))
    if kind in ("names", "refs", "aliases"):
        return (list[NonBlank], Field(default_factory=list, description=desc))
    if kind == "quantity":
        return (_quantity_model(key, spec) | None, Field(default=None, description=desc))
    if kind == "sizes":
        return (list[Annotated[Finite, Field(gt=0)]], Field(default_factory=list, description=desc))
    if kind == "date":
        return (
            str | None,
            Field(
                default=None, pattern=DATE_PATTERN, description=desc + " (YYYY-MM, or YYYY when only the year is known)"
            ),
        )
    if kind == "enum":
        allowed: Any = Literal[tuple(v.value for v in spec.values)]
        item: Any = Annotated[allowed, BeforeValidator(_yaml_boolean)]
        if spec.multiple:
            return (list[item], Field(default_factory=list, description=desc))
        return (item | None, Field(default=None, description=desc))
    if kind == "category":
        allowed = Literal[tuple(profile.category_ids)]
        if spec.required:
            return (allowed, Field(description=desc))
        return (allowed | None, Field(default=None, description=desc))
    if kind == "license":
        return (_parts_model(key, spec, str, notes=True) | None, Field(default=None, description=desc))
    if kind == "links":
        return (_parts_model(key, spec, Url, notes=False) | None, Field(default=None, description=desc))
    if kind == "url":
        return (Url | None, Field(default=None, description=desc))
    if kind == "paper":
        return (Paper | None, Field(default=None, description=desc))
    if kind == "sources":
        if spec.required:
            return (list[Source], Field(min_length=1, description=desc))
        return (list[Source], Field(default_factory=list, description=desc))
    if kind == "extra":
        return (dict[str, str], Field(default_factory=dict, description=desc))
    raise ValueError(f"unknown field type {kind!r}")  # pragma: no cover - the profile model forbids it


@lru_cache(maxsize=16)
def _entry_model(profile_json: str) -> type[BaseModel]:
    profile = Profile.model_validate_json(profile_json)
    fields: dict[str, Any] = {
        "name": (str, Field(min_length=1, max_length=300, description="The name people know the work by.")),
    }
    for key, spec in profile.fields.items():
        fields[key] = _field(key, spec, profile)
    model = create_model(
        "Entry",
        __config__=ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True),
        **fields,
    )
    return model


def entry_model(profile: Profile) -> type[BaseModel]:
    """The pydantic model of one entry of ``profile`` (cached per profile)."""
    return _entry_model(profile.model_dump_json())


def entry_json_schema(profile: Profile) -> dict[str, Any]:
    """The JSON Schema of a corpus file, for editors with a YAML language server."""
    schema = entry_model(profile).model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"reviewqa entry: {profile.title}"
    return schema


def entry_json_schema_text(profile: Profile) -> str:
    return json.dumps(entry_json_schema(profile), indent=2, sort_keys=True) + "\n"
