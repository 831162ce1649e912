#!/usr/bin/env python3
# /// script
# requires-python = ">=3.9"
# dependencies = ["tabulate>=0.9"]
# ///
"""Summarize the columns of a CSV file.

For every column, prints a type guess, the number of filled and missing
cells, the number of distinct values, min/max/mean for numeric columns and
the most frequent values for text columns.

Runs on the standard library alone. When `tabulate` is installed the table
is drawn with it; otherwise a plain aligned table is printed.

Exit codes: 0 success, 1 unreadable or empty CSV, 2 bad arguments or the
file does not exist.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

try:  # Optional: nicer tables when available.
    from tabulate import tabulate
except ImportError:  # pragma: no cover - depends on the environment
    tabulate = None

MISSING_TOKENS = {"", "na", "n/a", "nan", "null", "none", "-"}
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
HEADERS = ["column", "type", "count", "missing", "unique", "min", "max", "mean", "top values"]


class ColumnStats:
    """Streaming statistics for one column."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.count = 0
        self.missing = 0
        self.ints = 0
        self.floats = 0
        self.dates = 0
        self.total = 0.0
        self.minimum: float | None = None
        self.maximum: float | None = None
        self.min_text: str | None = None
        self.max_text: str | None = None
        self.values: Counter[str] = Counter()

    def add(self, raw: str | None) -> None:
        value = (raw or "").strip()
        if value.lower() in MISSING_TOKENS:
            self.missing += 1
            return
        self.count += 1
        self.values[value] += 1
        number = parse_number(value)
        if number is not None:
            if is_int(value):
                self.ints += 1
            else:
                self.floats += 1
            self.total += number
            self.minimum = number if self.minimum is None else min(self.minimum, number)
            self.maximum = number if self.maximum is None else max(self.maximum, number)
        elif DATE_PATTERN.match(value):
            self.dates += 1
            self.min_text = value if self.min_text is None else min(self.min_text, value)
            self.max_text = value if self.max_text is None else max(self.max_text, value)

    @property
    def kind(self) -> str:
        if self.count == 0:
            return "empty"
        if self.ints == self.count:
            return "integer"
        if self.ints + self.floats == self.count:
            return "float"
        if self.dates == self.count:
            return "date"
        if self.ints + self.floats + self.dates > 0:
            return "mixed"
        return "text"

    def summary(self, top: int) -> dict:
        kind = self.kind
        row = {
            "column": self.name,
            "type": kind,
            "count": self.count,
            "missing": self.missing,
            "unique": len(self.values),
            "min": None,
            "max": None,
            "mean": None,
            "top_values": [],
        }
        if kind in ("integer", "float"):
            row["min"] = format_number(self.minimum, kind)
            row["max"] = format_number(self.maximum, kind)
            row["mean"] = round(self.total / self.count, 4)
        elif kind == "date":
            row["min"] = self.min_text
            row["max"] = self.max_text
        if kind in ("text", "mixed", "date"):
            row["top_values"] = [{"value": value, "count": n} for value, n in self.values.most_common(top)]
        return row


def parse_number(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def is_int(value: str) -> bool:
    try:
        int(value)
    except ValueError:
        return False
    return True


def format_number(number: float | None, kind: str):
    if number is None:
        return None
    return int(number) if kind == "integer" else round(number, 4)


def parse_delimiter(text: str) -> str:
    aliases = {"\\t": "\t", "tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
    delimiter = aliases.get(text.lower(), text)
    if len(delimiter) != 1:
        raise argparse.ArgumentTypeError(f"delimiter must be one character (or tab/comma/semicolon/pipe), got {text!r}")
    return delimiter


def positive_int(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return number


def summarize(path: Path, delimiter: str, max_rows: int | None, top: int) -> tuple[list[dict], int, list[str]]:
    warnings: list[str] = []
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if header is None or all(not cell.strip() for cell in header):
            raise ValueError("the file has no header row")
        names = [cell.strip() or f"column_{i + 1}" for i, cell in enumerate(header)]
        columns = [ColumnStats(name) for name in names]
        rows = 0
        for row in reader:
            if not row:
                continue  # blank line
            if max_rows is not None and rows >= max_rows:
                warnings.append(f"stopped after {max_rows} data rows (--max-rows)")
                break
            rows += 1
            if len(row) > len(columns):
                warnings.append(f"line {reader.line_num}: {len(row)} fields, header has {len(columns)}; extra fields ignored")
            for index, column in enumerate(columns):
                column.add(row[index] if index < len(row) else None)
    return [column.summary(top) for column in columns], rows, warnings


def shorten(value: str, limit: int = 40) -> str:
    """One-line, length-limited form of a cell value for the table view."""
    text = value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def render_table(summaries: list[dict]) -> str:
    rows = []
    for item in summaries:
        top = ", ".join(f"{shorten(entry['value'])} ({entry['count']})" for entry in item["top_values"])
        cells = [shorten(item["column"], 60), item["type"], item["count"], item["missing"], item["unique"], item["min"], item["max"], item["mean"], top]
        rows.append(["" if cell is None else str(cell) for cell in cells])
    if tabulate is not None:
        return tabulate(rows, headers=HEADERS, tablefmt="github", disable_numparse=True)
    widths = [max(len(HEADERS[i]), *(len(row[i]) for row in rows)) if rows else len(HEADERS[i]) for i in range(len(HEADERS))]
    lines = ["  ".join(HEADERS[i].ljust(widths[i]) for i in range(len(HEADERS))).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    for row in rows:
        lines.append("  ".join(row[i].ljust(widths[i]) for i in range(len(HEADERS))).rstrip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Summarize the columns of a CSV file.")
    parser.add_argument("path", help="CSV file to read (UTF-8, with or without BOM)")
    parser.add_argument("--delimiter", type=parse_delimiter, default=",", help="field separator: one character, or tab/comma/semicolon/pipe (default: ,)")
    parser.add_argument("--max-rows", type=positive_int, default=None, help="read at most this many data rows")
    parser.add_argument("--top", type=positive_int, default=3, help="how many frequent values to show for text columns (default: 3)")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON instead of a table")
    args = parser.parse_args(argv)

    path = Path(args.path)
    if not path.is_file():
        reason = "is a directory" if path.is_dir() else "does not exist"
        print(f"error: {args.path} {reason}; pass the path of a CSV file", file=sys.stderr)
        return 2

    try:
        summaries, rows, warnings = summarize(path, args.delimiter, args.max_rows, args.top)
    except UnicodeDecodeError as error:
        print(f"error: {args.path} is not valid UTF-8 ({error.reason} at byte {error.start}); re-encode it, e.g. iconv -f latin1 -t utf-8", file=sys.stderr)
        return 1
    except (ValueError, csv.Error) as error:
        print(f"error: cannot read {args.path} as CSV: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: cannot open {args.path}: {error.strerror}", file=sys.stderr)
        return 2

    for warning in warnings[:10]:
        print(f"warning: {warning}", file=sys.stderr)
    if len(warnings) > 10:
        print(f"warning: ... {len(warnings) - 10} more warnings", file=sys.stderr)

    if args.json:
        print(json.dumps({"file": str(path), "rows": rows, "columns": summaries}, indent=2, ensure_ascii=False))
    else:
        print(f"{path.name}: {rows} rows, {len(summaries)} columns")
        print()
        print(render_table(summaries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
