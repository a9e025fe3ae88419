"""What every schema model shares: strict models, and the shapes of an id and a key fingerprint."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
FINGERPRINT = r"^[0-9A-F]{40}$"


class Strict(BaseModel):
    """A model that refuses unknown fields and cannot be changed once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)
