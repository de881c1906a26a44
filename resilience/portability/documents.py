"""The documents registry: each app says, from `AppConfig.ready`, which PDFs it can render for a cabinet.

A builder is a function of a `Tenant` yielding `Document`s; a document's bytes
are rendered only when the export writes it, one at a time, so a large cabinet
never holds all its PDFs in memory.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    path: str  # inside the export's `documents/` folder, e.g. "kit/kit-mode-degrade.pdf"
    title: str  # one line for the README, in French
    render: Callable[[], bytes]


_builders: list[Callable[[object], Iterable[Document]]] = []


def register(builder: Callable) -> Callable:
    if builder not in _builders:
        _builders.append(builder)
    return builder


def documents_for(tenant) -> Iterator[Document]:
    for builder in _builders:
        yield from builder(tenant)
