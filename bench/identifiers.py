"""Benchmark of the identity finders of ``crypto.identifiers`` (they run on every text field of every record).

On the development corpus and the held-out passages: texts and characters per second on one core for
``find_id_numbers``, ``find_usccs`` and ``find_travel_documents``; then the same passages with a random
valid 公民身份号码 planted in each, written with random separators (spaces, hyphens, dots, slashes, ·,
_, ，, zero-width and other format characters), full width or lower-case x, sometimes glued to
letters: how many of the planted numbers are found, with exact offsets.

    .venv/bin/python bench/identifiers.py [--quick] [--seed N]

The last line printed is one JSON object with all figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/redaction.py is named like the package whose corpus is read here: keep this folder off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from crypto.identifiers import check_character, find_id_numbers, find_travel_documents, find_usccs  # noqa: E402
from redaction.corpus import load_corpus  # noqa: E402

HELD_OUT = Path(__file__).resolve().parent / "data" / "heldout" / "passages-a.jsonl"
SEPARATORS = (" ", "-", ".", "/", "·", "_", "，", "\u3000", "\u200b", "\u2060", "\ufeff", "－", "—", "・")
GLUE = ("", "", "", "NO", "ID:", "号", "（")


def passages() -> list[str]:
    texts = [p.text for p in load_corpus()]
    if HELD_OUT.is_file():
        lines = HELD_OUT.read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


def throughput(finder: Callable[[str], object], texts: Sequence[str], repeat: int) -> tuple[float, float]:
    """(texts per second, characters per second) of ``finder`` over ``texts``, best of ``repeat``."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            finder(text)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best, sum(map(len, texts)) / best


def planted(texts: Sequence[str], rng: random.Random) -> list[tuple[str, int, int, str]]:
    """Each text with a valid number written some way inserted at a random place (no digit beside it)."""
    out = []
    for text in texts:
        born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 80))
        body = f"{rng.choice(('512002', '512021', '512022', '110105', '440305'))}{born:%Y%m%d}{rng.randrange(1000):03d}"
        number = body + check_character(body)
        cuts = set(rng.sample(range(1, 18), rng.randrange(0, 5)))
        shown = "".join(c + ("".join(rng.choices(SEPARATORS, k=rng.randint(1, 2))) if i + 1 in cuts else "")
                        for i, c in enumerate(number))
        if rng.random() < 0.3:
            shown = shown.lower()
        if rng.random() < 0.2:
            shown = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in shown)
        spots = [i for i in range(len(text) + 1) if not text[i - 1 : i].isdigit() and not text[i : i + 1].isdigit()]
        at = rng.choice(spots)
        glue = rng.choice(GLUE)
        out.append((text[:at] + glue + shown + text[at:], at + len(glue), at + len(glue) + len(shown), number))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    texts = passages()
    repeat = 3 if args.quick else 10
    console = Console()

    figures: dict[str, object] = {"texts": len(texts), "characters": sum(map(len, texts))}
    table = Table(title=f"identity finders on {len(texts)} passages ({figures['characters']} characters), one core")
    for column in ("finder", "texts/s", "characters/s"):
        table.add_column(column, justify="right" if column != "finder" else "left")
    for name, finder in (
        ("find_id_numbers", find_id_numbers),
        ("find_usccs", find_usccs),
        ("find_travel_documents", find_travel_documents),
    ):
        per_text, per_char = throughput(finder, texts, repeat)
        figures[name] = {"texts_per_s": round(per_text), "chars_per_s": round(per_char)}
        table.add_row(name, f"{per_text:,.0f}", f"{per_char:,.0f}")
    console.print(table)

    cases = planted(texts, random.Random(args.seed))
    found = sum(
        any((m.start, m.end, m.number) == (start, end, number) and m.valid for m in find_id_numbers(text))
        for text, start, end, number in cases
    )
    figures["planted_found"] = found
    figures["planted"] = len(cases)
    figures["planted_recall"] = found / len(cases)
    console.print(f"planted valid numbers found with exact offsets: {found}/{len(cases)} ({found / len(cases):.2%})")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
