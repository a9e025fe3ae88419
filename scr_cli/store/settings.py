"""The review's own settings (.scr/config.yaml) as the gate and the encryption commands read them: fast, no pydantic."""

from __future__ import annotations

import yaml

from scr_cli.errors import DataError
from scr_cli.review import layout


def sensitive_globs(config_yaml: bytes | None) -> tuple[str, ...]:
    """The sensitive paths: scr's own, plus any the settings add under `sensitive:`."""
    if config_yaml is None:
        return layout.SENSITIVE
    try:
        doc = yaml.safe_load(config_yaml.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataError("the settings file is not valid YAML", path=layout.CONFIG,
                        hint="fix it (see `scr check`)") from exc
    found = doc.get("sensitive") if isinstance(doc, dict) else None
    if isinstance(found, list) and found:
        # The settings may add sensitive paths but never remove the defaults: a commit or push that narrows
        # the list would otherwise let a plaintext family.yaml through in the same change.
        extra = tuple(str(g) for g in found if str(g) not in layout.SENSITIVE)
        return layout.SENSITIVE + extra
    return layout.SENSITIVE
