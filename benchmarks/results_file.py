"""Where a benchmark keeps its last results: `benchmarks/NAME.results.md` beside `NAME.py` (a run
never rewrites the script itself, so the tree stays clean apart from that file)."""

from __future__ import annotations

from pathlib import Path


def write_results(script: str, lines: list[str], intro: str = "") -> Path:
    """Write `lines` (plain text, one figure a line) as the results file of `script` (its
    `__file__`), after `intro` (Markdown); the file's path."""
    source = Path(script).resolve()
    path = source.with_name(f"{source.stem}.results.md")
    text = f"# benchmarks/{source.name} — last results\n\n"
    if intro:
        text += intro.strip() + "\n\n"
    path.write_text(text + "```\n" + "\n".join(lines) + "\n```\n", encoding="utf-8")
    return path
