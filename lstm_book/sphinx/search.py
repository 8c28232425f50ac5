"""The search index, whole after any kind of build.

Sphinx keeps the index entries of its search index (glossary terms, API
objects, ``index`` directives: the ``indexentries`` of ``searchindex.js``) only
for the pages it writes in a build: an incremental or no-op build loads the
rest of the previous index but not those entries, so searching for a glossary
term found it after a clean build and not after a rebuild (sphinx-doc/sphinx
issue 12599, open); and a word that a rebuilt page no longer holds stayed in
the index, mapped to no page. This index builder restores the index entries
when it loads the previous index, drops them with the pages that are rebuilt
or removed, keeps them in page order, and leaves out words of no page, so that
a clean, a no-op and an incremental build write the same bytes.
"""

from __future__ import annotations

import io
from typing import Any

import sphinx.search


class IndexBuilder(sphinx.search.IndexBuilder):
    def load(self, stream, format: Any) -> None:
        data = stream.read()
        again = io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data)
        super().load(again, format)  # titles, file names, words
        loader = self.formats[format] if isinstance(format, str) else format
        frozen = loader.loads(data.decode() if isinstance(data, bytes) else data)
        index2fn = frozen["docnames"]
        entries: dict[str, list[tuple[str, str, str]]] = {}
        for name, refs in frozen.get("indexentries", {}).items():
            for doc, target_id, main in refs:
                entries.setdefault(index2fn[doc], []).append((name, target_id, "main" if main else ""))
        self._index_entries = {doc: sorted(found) for doc, found in entries.items()}

    def prune(self, docnames) -> None:
        super().prune(docnames)
        keep = set(docnames)
        self._index_entries = {doc: found for doc, found in self._index_entries.items() if doc in keep}

    def freeze(self) -> dict[str, Any]:
        self._index_entries = dict(sorted(self._index_entries.items()))
        # A word whose pages were all rebuilt without it would stay, mapped to no page.
        self._mapping = {word: pages for word, pages in self._mapping.items() if pages}
        self._title_mapping = {word: pages for word, pages in self._title_mapping.items() if pages}
        return super().freeze()


def setup(app) -> None:
    # The HTML builder imports sphinx.search.IndexBuilder when it starts writing.
    sphinx.search.IndexBuilder = IndexBuilder
