"""lstm_book: what belongs to this book, beside the library ``lstm_calc``.

- ``handset``: the hand-set weights of the worked example and its variants;
- ``text``: the book's tokens and one-hot tables;
- ``corpus``, ``learning``, ``analysis``: the synthetic corpus, the trained
  model of the learning chapter, and looking inside it;
- ``reach``: the "why an LSTM" measurement;
- ``tables``, ``charts``, ``explorables``: what the pages display;
- ``chapter``: helpers for the chapters' hidden cells (glue, claims);
- ``sphinx``: the book's Sphinx extension; ``dev``: helpers of the tests and
  the benchmark.

Importing this package imports nothing else: ``handset`` and ``text`` need only
numpy and ``lstm_calc``; the tables and charts need pandas and plotly.
"""
