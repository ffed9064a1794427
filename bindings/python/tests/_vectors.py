"""Reader for the shared vector files in tests/vectors/ (repository root).

Format: '#' comments, '[Section]' headers, cases = runs of 'Field = value'
lines separated by blank lines; each line is split at its first '=' and
both sides stripped ('Field =' is an empty value). A field may repeat
(WeChat Pay's Param); every value is kept, in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

VECTORS = Path(__file__).resolve().parents[3] / "tests" / "vectors"


@dataclass
class Case:
    file: str
    section: str
    fields: Dict[str, List[str]] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.fields

    def text(self, name: str, default: Optional[str] = None) -> str:
        if name not in self.fields:
            if default is None:
                raise KeyError(f"{self.id}: no field {name}")
            return default
        return self.fields[name][0]

    def all(self, name: str) -> List[str]:
        return self.fields.get(name, [])

    def hex(self, name: str) -> bytes:
        return bytes.fromhex(self.text(name))

    def int(self, name: str) -> int:
        return int(self.text(name))

    @property
    def id(self) -> str:
        for key in ("TcId", "Count"):
            if key in self.fields:
                return f"{self.file}[{self.section}]#{self.fields[key][0]}"
        return f"{self.file}[{self.section}]"


def load(name: str) -> List[Case]:
    path = VECTORS / name
    cases: List[Case] = []
    section = ""
    current: Optional[Case] = None
    with path.open(encoding="ascii") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n")
            stripped = line.strip()
            if stripped.startswith("#"):
                continue
            if not stripped:
                if current is not None:
                    cases.append(current)
                    current = None
                continue
            if stripped.startswith("[") and stripped.endswith("]"):
                if current is not None:
                    cases.append(current)
                    current = None
                section = stripped[1:-1]
                continue
            key, sep, value = line.partition("=")
            if not sep:
                raise ValueError(f"{name}: line without '=': {line[:60]!r}")
            if current is None:
                current = Case(name, section)
            current.fields.setdefault(key.strip(), []).append(value.strip())
    if current is not None:
        cases.append(current)
    return cases


def exists(name: str) -> bool:
    return (VECTORS / name).is_file()
