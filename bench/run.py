"""`make bench`: build times, page weights, and lstm_calc against PyTorch.

Builds run in a temporary copy of the repository, so the working tree is never
touched. Every figure is a median of RUNS runs; lstm_calc and torch are timed
side by side, alternating, in one process, and reported as ratios. Numbers in
the tests are for correctness; timings live here. Writes bench/RESULTS.md.
"""

from __future__ import annotations

import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # one core, as the book's kernels
    os.environ.setdefault(var, "1")

import datetime
import json
import pickle
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlparse

import numpy as np

from lstm_book.dev.buildcopy import ROOT, copy_env, copy_repo, executed_pages, sphinx_command
from lstm_book.dev.chromium import CHROMIUM, CHROMIUM_ARGS
from lstm_book.sphinx.assets import PLOTLY_JS

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
TORCH_RUNS = max(RUNS, 21)  # a forward of T = 1,000 takes 10-60 ms: more rounds cost little and steady the ratios


def median(values):
    return statistics.median(values)


def timed_build(root: Path):
    """Wall seconds, CPU seconds (the build and its kernels, user + system), the pages whose
    notebooks it executed, their kernels' run times summed (``kernel_seconds``), and the seconds
    from the start to the end of each phase (``PHASES``), from the times its lines were printed."""
    start, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    env = copy_env(root) | {"PYTHONUNBUFFERED": "1"}  # each line as Sphinx prints it
    build = subprocess.Popen(
        sphinx_command(root), cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines, ends = [], {}
    for line in build.stdout:
        lines.append(line)
        for phase, marker in PHASES.items():
            if marker in line:  # the last line of each phase
                ends[phase] = time.perf_counter() - start
    build.wait()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = "".join(lines)
    if build.returncode != 0:
        raise SystemExit(f"bench: the build failed in {root}:\n{output[-3000:]}")
    pages = [Path(p).resolve().relative_to(root.resolve()).with_suffix("").as_posix() for p in executed_pages(output)]
    cpu_seconds = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    return seconds, cpu_seconds, pages, kernel_seconds(root, pages), ends | {"published": seconds}


# A build's phases, each ending with the last line printed that holds its marker: Sphinx starts,
# reads (and executes) the pages and saves its environment, then writes the pages, the indices and
# the search index; then the site is published (lstm_book.sphinx.publish).
PHASES = {"read": "pickling environment", "written": "build succeeded"}


def kernel_seconds(root: Path, pages: list[str]) -> float:
    """The run times myst-nb recorded for these pages in the build's environment (each from the
    kernel's start to its last cell's end), summed."""
    env = pickle.loads((root / "_build" / "doctrees" / "environment.pickle").read_bytes())
    return sum(env.nb_metadata[page]["exec_data"]["runtime"] for page in pages)


COLD = "cold build (clean, every notebook executed)"
NOOP = "rebuild with nothing changed"
TOUCH = "rebuild after touching one chapter (anatomy.md)"
PRESET = "rebuild after editing a hand-set weight (lstm_book/handset.py)"
BUILD_GOALS = {COLD: 15, NOOP: 2, TOUCH: 4, PRESET: 6}  # issue 12's goals, median wall seconds on 2 cores


class BuildRow(NamedTuple):
    name: str
    seconds: float  # median wall seconds
    cpu: float  # median CPU seconds
    counts: list[int]  # notebooks executed, per run
    pages: list[str]  # the pages executed in the last run
    kernels: float  # median of the executed kernels' run times, summed per run
    phases: dict[str, float]  # median seconds from the start to the end of each phase


def builds(root: Path) -> list[BuildRow]:
    def after(name, change):
        """RUNS builds, each after ``change(k)``: median wall and CPU seconds, the notebooks each
        executed, and the kernels' summed run times."""
        runs = []
        for k in range(RUNS):
            change(k)
            runs.append(timed_build(root))
        return BuildRow(
            name,
            median(r[0] for r in runs),
            median(r[1] for r in runs),
            [len(r[2]) for r in runs],
            runs[-1][2],
            median(r[3] for r in runs),
            {phase: median(r[4].get(phase, 0.0) for r in runs) for phase in [*PHASES, "published"]},
        )

    chapter, handset = root / "book" / "anatomy.md", root / "lstm_book" / "handset.py"
    return [
        after(COLD, lambda k: subprocess.run(["rm", "-rf", str(root / "_build")], check=True)),
        after(NOOP, lambda k: None),
        after(TOUCH, lambda k: chapter.touch()),
        after(PRESET, lambda k: handset.write_text(handset.read_text() + f"\n# bench edit {k}\n")),
    ]


EMPTY_KERNEL = """
import time, nbformat
from nbclient import NotebookClient
start = time.perf_counter()
NotebookClient(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")]), kernel_name="python3").execute()
print(time.perf_counter() - start)
"""
SPHINX_START = """
import tempfile, time
start = time.perf_counter()
from sphinx.application import Sphinx
with tempfile.TemporaryDirectory() as tmp:
    Sphinx(".", ".", tmp + "/html", tmp + "/doctrees", "html", status=None, warning=None, freshenv=True)
    print(time.perf_counter() - start)
"""


def fixed_costs(root: Path) -> dict[str, float]:
    """What every build, or every executed page, pays before any work of its own, in fresh
    processes as the build starts them (medians of RUNS): a kernel that starts and runs one
    empty cell (nbclient, as myst-nb runs a page), and starting Sphinx (importing it, conf.py's
    extensions and the theme, and setting them up) without reading a page."""

    def once(code):
        run = subprocess.run(
            [sys.executable, "-c", code], cwd=root, env=copy_env(root), capture_output=True, text=True, check=True
        )
        return float(run.stdout.split()[-1])

    def seconds(code):
        return median(once(code) for _ in range(RUNS))

    return {"kernel": seconds(EMPTY_KERNEL), "sphinx": seconds(SPHINX_START)}


def importers(root: Path, rel: str) -> list[str]:
    """The pages whose kernels imported the project file ``rel``, as the build recorded them
    (``lstm_book.sphinx.sync``)."""
    records = sorted(Path(root, "_build", "doctrees", "imports").glob("*.json"))
    return [r.stem.replace("__", "/") for r in records if rel in json.loads(r.read_text(encoding="utf-8"))]


def where_the_time_goes(rows: list[BuildRow], fixed: dict[str, float], handset_pages: list[str]) -> list[str]:
    """Each goal's gap, in the figures measured above. What is left over once the measured parts are
    taken away is named as such: those parts of Sphinx's work are not timed apart."""
    by = {row.name: row for row in rows}
    cold, noop, touch, preset = by[COLD], by[NOOP], by[TOUCH], by[PRESET]
    cores = os.cpu_count()

    def verdict(row):
        goal = BUILD_GOALS[row.name]
        return (
            f"met ({row.seconds:.1f} s ≤ {goal} s)"
            if row.seconds <= goal
            else f"not met ({row.seconds:.1f} s > {goal} s)"
        )

    def starting(row):  # the kernels of the pages the last run executed, each started as the lone one above
        return len(row.pages) * fixed["kernel"]

    shared = f"if the {cores} cores shared them evenly"
    return [
        "\nWhere the time goes. Two more figures, medians of "
        f"{RUNS} runs in fresh processes, one at a time: a kernel that starts and runs one empty cell takes "
        f"{fixed['kernel']:.2f} s, and starting Sphinx with conf.py's extensions and theme, before it reads a page, "
        f"{fixed['sphinx']:.2f} s. *Kernels* in the table is the sum of myst-nb's run time for each executed page, "
        "from its kernel's start to its last cell's end (a kernel waiting for a cached result another computes "
        f"counts); `-j auto` runs {cores} at a time here. Where a figure below is what is left once the measured "
        "parts are taken away, it says so: those parts of Sphinx's work are not timed apart.\n",
        f"- **No-op rebuild**: {verdict(noop)}. It reads and executes nothing, so every build pays this much: "
        f"{fixed['sphinx']:.2f} s to start Sphinx, and {noop.seconds - fixed['sphinx']:.1f} s left over, in which "
        "Sphinx loads its saved environment, checks each page's dependencies, writes the indices, the search index "
        "and the static files again (its last step, which runs on every build), and the build is copied to "
        "`_build/html` (`lstm_book.sphinx.publish`).",
        f"- **Touching one chapter**: {verdict(touch)}. The no-op's {noop.seconds:.1f} s, the chapter's kernel, "
        f"{touch.kernels:.1f} s, and {touch.seconds - noop.seconds - touch.kernels:.1f} s left over, in which Sphinx "
        "parses, resolves and writes the page.",
        f"- **Editing a hand-set weight**: {verdict(preset)}. A page re-executes when a file its kernel imported "
        f"changed, and the kernels of {len(handset_pages)} pages imported lstm_book/handset.py "
        f"({', '.join(handset_pages)}): this build executed {len(preset.pages)}. Their kernels ran "
        f"{preset.kernels:.1f} s in all (about {starting(preset):.1f} s of it starting them, if each starts as "
        f"fast as the lone one above), {preset.kernels / cores:.1f} s {shared}. With the no-op's "
        f"{noop.seconds:.1f} s that makes {noop.seconds + preset.kernels / cores:.1f} s, and "
        f"{preset.seconds - noop.seconds - preset.kernels / cores:.1f} s are left over, in which Sphinx parses and "
        "writes the pages.",
        f"- **Cold build**: {verdict(cold)}. Its {cold.cpu:.1f} CPU-seconds cannot take less than about "
        f"{cold.cpu / cores:.1f} s on {cores} cores. Its {len(cold.pages)} kernels ran {cold.kernels:.1f} s in all "
        f"(about {starting(cold):.1f} s of it starting them; the learning chapter's trains the model, since "
        f"removing `_build` removed the cache in `_build/cache`), {cold.kernels / cores:.1f} s {shared}. Medians "
        f"of the times at which each phase ended (when the build printed its last line), each over the {RUNS} runs: "
        f"Sphinx had started, read and executed every page and saved its environment after "
        f"{cold.phases['read']:.1f} s ({cold.phases['read'] - fixed['sphinx'] - cold.kernels / cores:.1f} s more "
        "than starting Sphinx and the kernels' even share: Sphinx's own reading of every page, and a core "
        "waiting for the other), written the pages, the indices and the search index after "
        f"{cold.phases['written']:.1f} s, and the build was in `_build/html` after {cold.phases['published']:.1f} s.",
    ]


def page_weights(site: Path):
    pages = sorted(site.glob("*.html")) + sorted((site / "book").glob("*.html"))
    rows = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        plotly = len(re.findall(r"<script[^>]*data-plotly=", html))  # the charts' script loads it
        rows.append((str(page.relative_to(site)), page.stat().st_size, plotly))
    static = site / "_static"
    shared = {
        "all of _static/": sum(p.stat().st_size for p in static.rglob("*") if p.is_file()),
        f"_static/{PLOTLY_JS}": (static / PLOTLY_JS).stat().st_size,
        "_static/vendor/mathjax/tex-svg.js": (static / "vendor" / "mathjax" / "tex-svg.js").stat().st_size,
        "_static/lstm-book-explorables.js": (static / "lstm-book-explorables.js").stat().st_size,
    }
    return rows, shared


# -- Page loads: chart pages against a text page ---------------------------------------------

TEXT_PAGE = "book/glossary.html"  # text and maths, no chart
# Set before any script of the page runs: when the first chart or explorable says it is drawn, and
# when the page says all is drawn (_static/lstm-book-ready.js).
FIRST_CHART = """
(() => {
  const times = window.__benchTimes = {};
  new MutationObserver((records) => {
    for (const r of records) {
      const e = r.target;
      if (r.attributeName === 'data-ready' && e.dataset.ready === 'true' && times.first === undefined)
        times.first = performance.now();
      if (r.attributeName === 'data-lstm-book-ready' && times.ready === undefined) times.ready = performance.now();
    }
  }).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-ready', 'data-lstm-book-ready']});
})();
"""


def chart_pages(site: Path) -> list[str]:
    return sorted(
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if "_static" not in p.parts and re.search(r'class="lstm-(book-plotly|explorable)"', p.read_text("utf-8"))
    )


def page_loads(site: Path, runs: int = RUNS) -> dict:
    """Each chart page and the text page loaded from file:// in headless Chromium, alternating
    within each of ``runs`` rounds (after one round to warm up), each load in a fresh context:
    DOMContentLoaded, the first chart drawn, the page drawn (the site's ready signal: every
    chart and explorable drawn and the maths typeset), in ms from navigation; and the bytes of
    every file the page loaded."""
    from playwright.sync_api import sync_playwright

    pages = [TEXT_PAGE] + chart_pages(site)
    times = {p: {"dcl": [], "first": [], "ready": []} for p in pages}
    weight = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for round_ in range(runs + 1):
            for page in pages:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.add_init_script(FIRST_CHART)
                tab = context.new_page()
                loaded = set()
                tab.on("requestfinished", lambda r, loaded=loaded: loaded.add(r.url.split("?")[0].split("#")[0]))
                tab.goto((site / page).as_uri(), wait_until="load")
                tab.wait_for_function("document.documentElement.dataset.lstmBookReady === 'true'", timeout=120_000)
                t = tab.evaluate(
                    "({...window.__benchTimes, "
                    "dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventStart})"
                )
                context.close()
                if round_ == 0:
                    files = [Path(unquote(urlparse(u).path)) for u in loaded if u.startswith("file://")]
                    weight[page] = sum(f.stat().st_size for f in files if f.is_file())
                    continue
                for k in ("dcl", "first", "ready"):
                    if t.get(k) is not None:
                        times[page][k].append(t[k])
        browser.close()
    return {p: {**{k: median(v) if v else None for k, v in times[p].items()}, "bytes": weight[p]} for p in pages}


def pdf_edition(site: Path, out: Path) -> dict:
    """`make pdf` once on a built site: its seconds, pages and bytes (one run: it takes minutes)."""
    from lstm_book.dev.pdf import print_book

    return print_book(site, out)


def side_by_side(*callables, runs=RUNS):
    """Seconds of each callable in each of ``runs`` rounds; within a round they
    run one after the other, so that all see the same machine at the same time."""
    for f in callables:  # warm up
        f()
    times = [[] for _ in callables]
    for _ in range(runs):
        for f, column in zip(callables, times):
            start = time.perf_counter()
            f()
            column.append(time.perf_counter() - start)
    return times


def ratio(ours, theirs) -> float:
    """The median over rounds of ours / theirs, each round's pair timed side by side."""
    return median([a / b for a, b in zip(ours, theirs)])


def versus_torch():
    import torch

    import lstm_calc as lc
    from lstm_book import corpus, learning
    from lstm_book.dev.torch_reference import TorchModel
    from lstm_calc.bptt import Model, loss_and_grads
    from lstm_calc.train import batch, init_model

    torch.set_num_threads(1)
    rows = []
    for n_h in (3, 32, 128):
        n_in, T = 16, 1000
        params = lc.LSTMParams.random(n_h, n_in, seed=0, scale=0.3)
        xs = np.random.default_rng(0).standard_normal((T, n_in))
        lstm, cell = params.to_torch(), params.to_torch(cell=True)
        x_t = torch.from_numpy(xs)

        def torch_fused(lstm=lstm, x_t=x_t):
            with torch.no_grad():
                lstm(x_t[:, None, :])

        def torch_stepwise(cell=cell, x_t=x_t, n_h=n_h):  # one step at a time, keeping every state, as a trace does
            with torch.no_grad():
                h = c = torch.zeros(1, n_h, dtype=torch.float64)
                for x in x_t:
                    h, c = cell(x[None], (h, c))

        def ours(params=params, xs=xs):
            lc.run(params, xs)

        mine, fused, stepwise = side_by_side(ours, torch_fused, torch_stepwise, runs=TORCH_RUNS)
        rows.append((f"traced forward, T = {T}, n_h = {n_h}, n_in = {n_in}", mine, fused, stepwise))

    embedding, stories, _ = learning.learning_setup()
    config = learning.TRAIN_CONFIG
    model = init_model(config.n_h, embedding.dim, config, np.random.default_rng(0))
    data = batch(corpus.sequences(stories[: config.batch_size], embedding))
    reference = TorchModel.from_model(Model(model.lstm, model.w, model.b))

    def torch_step():  # the tests' PyTorch reference of the same loss and gradients
        reference.zero_grad()
        reference.loss(data.xs, data.mask, data.labels).backward()

    ours, theirs = side_by_side(
        lambda: loss_and_grads(Model(model.lstm, model.w, model.b), data.xs, data.mask, data.labels),
        torch_step,
        runs=TORCH_RUNS,
    )
    rows.append(
        (
            f"BPTT loss and gradients, batch of {config.batch_size} stories "
            f"(T = {data.xs.shape[0]}), n_h = {config.n_h}",
            ours,
            theirs,
            None,
        )
    )
    return rows


LIVE_TOKENS = 50  # the sentence typed into the live explorer: 50 tokens
LIVE_SENTENCES = (  # two sentences of 50 tokens, typed in turn so that every input changes the view
    "John is a doctor . Mary , who ate already , is a teacher . he said yes . "
    "Oliver is a pilot . Grace is a nurse . she smiled . Paul is a judge . Anna is a singer . "
    "Tom is a baker . he smiled .",
    "Mary is a doctor . John , who ate already , is a teacher . she said yes . "
    "Grace is a pilot . Oliver is a nurse . he smiled . Anna is a judge . Paul is a singer . "
    "Lisa is a baker . she smiled .",
)
LIVE_TIMING = """async ([texts, rounds, model]) => {
  const root = document.querySelector("div.lstm-explorable[data-kind=live]");
  const box = root.querySelector("textarea");
  root.querySelector(`input[data-control=model-${model}]`).click();
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const sync = [], painted = [];
  for (let k = 0; k < 4; k++) {  // warm up: the first inputs compile the script's functions
    box.value = texts[k % 2];
    box.dispatchEvent(new Event("input"));
  }
  for (let k = 0; k < rounds; k++) {
    await frame();
    const t0 = performance.now();
    box.value = texts[k % 2];
    box.dispatchEvent(new Event("input"));
    root.getBoundingClientRect();  // the layout of the updated view
    sync.push(performance.now() - t0);
    await frame();
    painted.push(performance.now() - t0);
  }
  return {sync, painted, tokens: root.dataset.tokens};
}"""


def live_typing(site: Path):
    """Milliseconds from a typed 50-token sentence to the live explorer's updated view, per model:
    the synchronous update (read, run, tables, diagram, chart, layout) and until the next frame."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page()
        tab.goto((site / "book" / "explorables.html").as_uri())
        tab.wait_for_function("document.documentElement.dataset.lstmBookReady === 'true'", timeout=120_000)
        for model in ("handset", "trained"):
            got = tab.evaluate(LIVE_TIMING, [list(LIVE_SENTENCES), max(RUNS, 21), model])
            if got["tokens"] != str(LIVE_TOKENS):
                raise SystemExit(f"bench: the live explorer read {got['tokens']} tokens, not {LIVE_TOKENS}")
            rows.append((model, got["sync"], got["painted"]))
        browser.close()
    return rows


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import torch

    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 2**20:.0f} GiB of memory"
    except (OSError, AttributeError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; Python "
        f"{platform.python_version()}, numpy {np.__version__}, torch {torch.__version__}; one BLAS/torch thread"
    )


def main():
    with tempfile.TemporaryDirectory(prefix="lstm-book-bench-") as tmp:
        root = copy_repo(Path(tmp))
        build_rows = builds(root)
        fixed = fixed_costs(root)
        handset_pages = importers(root, "lstm_book/handset.py")
        subprocess.run(["rm", "-rf", str(root / "_build")], check=True)
        timed_build(root)
        weight_rows, shared = page_weights(root / "_build" / "html")
        loads = page_loads(root / "_build" / "html")

        pdf = pdf_edition(root / "_build" / "html", root / "_build" / "pdf" / "lstm-book.pdf")

        live_rows = live_typing(root / "_build" / "html")
    torch_rows = versus_torch()

    out = [
        "# Benchmark results\n",
        f"Measured on {datetime.date.today().isoformat()} by `make bench`, medians of {RUNS} runs.\n",
        f"Machine: {machine()}.\n",
        "## Builds\n",
        "Each build runs in a temporary copy of the repository, with the Python environment already installed "
        "and `make html`'s options (`-j auto`: the pages are read in parallel, one process per core). "
        "CPU seconds are the build's and its "
        "kernels' (user + system): on 2 cores a build cannot take less than about half of them. "
        '"Notebooks executed" counts myst-nb\'s "Executing notebook" log lines in each run.\n',
        "| build | median seconds | goal | median CPU seconds | kernels, seconds | notebooks executed, per run |",
        "|---|---:|---:|---:|---:|---|",
    ]
    out += [
        f"| {r.name} | {r.seconds:.1f} | ≤ {BUILD_GOALS[r.name]} | {r.cpu:.1f} | {r.kernels:.1f} "
        f"| {', '.join(map(str, r.counts))} |"
        for r in build_rows
    ]
    out += where_the_time_goes(build_rows, fixed, handset_pages)
    out += [
        "\n## Page weights\n",
        "Each page's HTML, and whether it loads plotly.js (through its charts' script, at most once).\n",
        "| page | HTML bytes | loads plotly.js |",
        "|---|---:|---:|",
    ]
    out += [f"| {p} | {b:,} | {k} |" for p, b, k in weight_rows]
    out += ["\nShared assets, loaded once and cached by the browser:\n", "| asset | bytes |", "|---|---:|"]
    out += [f"| {name} | {b:,} |" for name, b in shared.items()]
    text = loads[TEXT_PAGE]
    out += [
        "\n## Page loads: chart pages against a text page\n",
        f"Each chart page and a text page ({TEXT_PAGE}: text and maths, no chart) opened from file:// in "
        f"headless Chromium at 1280 px, alternating in each of {RUNS} rounds after one to warm up, each load in a "
        "fresh browser context; medians in ms from navigation. *First chart*: the first chart or explorable "
        "drawn; *drawn*: every chart and explorable drawn and the maths typeset (the site's ready signal). "
        "Ratios are against the text page's DOMContentLoaded. *Bytes loaded*: every file the page loaded "
        "(HTML, CSS, scripts, fonts, images), as files on disk.\n",
        "| page | DOMContentLoaded | × text page | first chart | × text page | drawn | bytes loaded |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for page, m in loads.items():
        first = f"{m['first']:.0f} | {m['first'] / text['dcl']:.2f}" if m["first"] is not None else "– | –"
        out.append(
            f"| {page} | {m['dcl']:.0f} | {m['dcl'] / text['dcl']:.2f} | {first} | {m['ready']:.0f} | {m['bytes']:,} |"
        )
    out += [
        "\n## The PDF edition\n",
        "`make pdf` on the cold build above, one run: the whole book printed by Chromium (lstm_book/dev/pdf.py).\n",
        "| PDF | pages | bytes | seconds in all | of which loading and drawing the print document |",
        "|---|---:|---:|---:|---:|",
        f"| _build/pdf/lstm-book.pdf | {pdf['pages']} | {pdf['bytes']:,} | {pdf['seconds']:.1f} "
        f"| {pdf['loaded_seconds']:.1f} |",
    ]
    out += [
        "\n## Live sentence explorer\n",
        f"Time from typing a {LIVE_TOKENS}-token sentence into the live explorer (book/explorables.html, "
        f"headless Chromium) to its updated view: reading, running the LSTM, the tables, the diagram, the chart "
        f"and the layout, in one synchronous update; then until the next frame is drawn (which waits for the "
        f"display's frame, about 16 ms). Medians and maxima of {max(RUNS, 21)} inputs. The goal is 50 ms.\n",
        "| model | update (ms), median | update (ms), max | to the next frame (ms), median |",
        "|---|---:|---:|---:|",
    ]
    out += [
        f"| {model} | {median(sync):.1f} | {max(sync):.1f} | {median(painted):.1f} |"
        for model, sync, painted in live_rows
    ]
    out += [
        "\n## lstm_calc against PyTorch\n",
        f"The same work in float64, one thread each, timed side by side in {TORCH_RUNS} rounds; times are "
        "medians, a ratio is the median of the rounds' ratios. A ratio above 1 means lstm_calc is "
        "slower. lstm_calc's forward keeps every intermediate of every step (the trace the book shows); "
        "torch's fused `nn.LSTM` keeps only h, its `LSTMCell` loop keeps each step's h and c.\n",
        "| work | lstm_calc (ms) | torch nn.LSTM (ms) | ratio | torch LSTMCell loop (ms) | ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, ours, fused, stepwise in torch_rows:
        step_cols = f"{median(stepwise) * 1e3:.2f} | {ratio(ours, stepwise):.2f}" if stepwise else "– | –"
        fused_cols = f"{median(fused) * 1e3:.2f} | {ratio(ours, fused):.2f}"
        out.append(f"| {name} | {median(ours) * 1e3:.2f} | {fused_cols} | {step_cols} |")
    text = "\n".join(out) + "\n"
    (ROOT / "bench" / "RESULTS.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
