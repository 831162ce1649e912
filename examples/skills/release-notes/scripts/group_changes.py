#!/usr/bin/env python3
"""Group Conventional Commit subjects into Markdown release-note sections.

Reads the file written by scripts/collect-changes.sh (records separated by
\\x1e, fields by \\x1f: hash, subject, body) or, as a fallback, plain text with
one commit per line: "<hash><TAB><subject>", "<hash> <subject>" (git log
--oneline) or just "<subject>". Use "-" to read standard input.

Prints Markdown sections (Breaking Changes, Features, Bug Fixes, ...) to
stdout, or fills assets/TEMPLATE.md-style placeholders with --template.
Standard library only. Exit codes: 0 success, 2 bad arguments or unreadable
input.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from pathlib import Path

# (section title, commit types) in output order. "other" collects everything else.
SECTIONS = [
    ("Features", {"feat", "feature"}),
    ("Bug Fixes", {"fix", "bugfix", "hotfix"}),
    ("Performance", {"perf"}),
    ("Reverts", {"revert"}),
    ("Documentation", {"docs", "doc"}),
    ("Refactoring", {"refactor"}),
    ("Build & CI", {"build", "ci", "deps"}),
    ("Tests", {"test", "tests"}),
    ("Maintenance", {"chore", "style"}),
    ("Other Changes", {"other"}),
]
KNOWN_TYPES = set().union(*(types for _, types in SECTIONS))
HEADER = re.compile(r"^(?P<type>[A-Za-z]+)(?:\((?P<scope>[^()]*)\))?(?P<bang>!)?:[ \t]*(?P<desc>\S.*)$")
BREAKING_FOOTER = re.compile(r"^BREAKING[ -]CHANGE:[ \t]*(.*)$")
FOOTER_START = re.compile(r"^(?:[\w-]+: |[\w-]+ #|BREAKING[ -]CHANGE: )")
ONELINE = re.compile(r"^(?P<hash>[0-9a-f]{7,40})[\t ](?P<subject>.+)$")
SKIPPED_SUBJECT = re.compile(r"^(?:Merge (?:branch|pull request|remote-tracking branch|tag)\b|fixup! |squash! )")
PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def read_commits(text: str) -> list[tuple[str, str, str]]:
    """Returns (hash, subject, body) tuples."""
    commits = []
    if "\x1e" in text:
        for record in text.split("\x1e"):
            record = record.strip("\n")
            if not record.strip():
                continue
            fields = record.split("\x1f")
            fields += [""] * (3 - len(fields))
            commits.append((fields[0].strip(), fields[1].strip(), fields[2].strip()))
        return commits
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = ONELINE.match(line)
        if match:
            commits.append((match["hash"], match["subject"].strip(), ""))
        else:
            commits.append(("", line, ""))
    return commits


def breaking_notes(body: str) -> list[str]:
    """Text of BREAKING CHANGE footers; continuation lines are joined."""
    notes: list[str] = []
    current: list[str] | None = None
    for line in body.splitlines():
        match = BREAKING_FOOTER.match(line)
        if match:
            current = [match.group(1).strip()]
            notes.append("")
        elif current is not None and line.strip() and not FOOTER_START.match(line):
            current.append(line.strip())
        else:
            current = None
        if current is not None:
            notes[-1] = " ".join(part for part in current if part)
    return [note for note in notes if note]


def entry(scope: str | None, text: str, short_hash: str) -> str:
    prefix = f"**{scope}:** " if scope else ""
    suffix = f" ({short_hash})" if short_hash else ""
    return f"- {prefix}{text}{suffix}"


def group(commits: list[tuple[str, str, str]], excluded: set[str]) -> tuple[list[str], dict[str, list[str]]]:
    breaking: list[str] = []
    sections: dict[str, list[str]] = {title: [] for title, _ in SECTIONS}
    for short_hash, subject, body in commits:
        if not subject or SKIPPED_SUBJECT.match(subject):
            continue
        match = HEADER.match(subject)
        kind = match["type"].lower() if match else "other"
        if kind not in KNOWN_TYPES:
            kind = "other"
        scope = match["scope"].strip() if match and match["scope"] else None
        text = match["desc"].strip() if match else subject
        notes = breaking_notes(body)
        if match and match["bang"] and not notes:
            notes = [text]
        breaking.extend(entry(scope, note, short_hash) for note in notes)
        if kind in excluded:
            continue
        for title, types in SECTIONS:
            if kind in types:
                sections[title].append(entry(scope, text, short_hash))
                break
    return breaking, sections


def render(breaking: list[str], sections: dict[str, list[str]], level: int) -> str:
    hashes = "#" * level
    parts = []
    if breaking:
        parts.append(f"{hashes} Breaking Changes\n\n" + "\n".join(breaking))
    for title, _ in SECTIONS:
        if sections[title]:
            parts.append(f"{hashes} {title}\n\n" + "\n".join(sections[title]))
    return "\n\n".join(parts) if parts else "_No notable changes._"


def fill_template(template: str, values: dict[str, str]) -> tuple[str, list[str]]:
    unfilled: list[str] = []

    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key in values:
            return values[key]
        unfilled.append(key)
        return match.group(0)

    return PLACEHOLDER.sub(replace, template), unfilled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Group Conventional Commit subjects into release-note sections.")
    parser.add_argument("input", help="file from collect-changes.sh, or '-' for stdin")
    parser.add_argument("--exclude", default="", help="comma-separated types to leave out, e.g. chore,style,test,ci (breaking changes are always kept)")
    parser.add_argument("--level", type=int, choices=range(1, 7), default=3, metavar="N", help="heading level of the sections (default: 3, i.e. ###)")
    parser.add_argument("--template", help="Markdown template with {{version}}, {{date}}, {{changes}} placeholders")
    parser.add_argument("--version", dest="release", default="Unreleased", help="value for {{version}} (default: Unreleased)")
    parser.add_argument("--date", default=datetime.date.today().isoformat(), help="value for {{date}} (default: today)")
    parser.add_argument("--summary", help="value for {{summary}}; left as a placeholder when omitted")
    args = parser.parse_args(argv)

    try:
        if args.input == "-":
            text = sys.stdin.read()
        else:
            text = Path(args.input).read_text(encoding="utf-8")
        template = Path(args.template).read_text(encoding="utf-8") if args.template else None
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    excluded = {kind.strip().lower() for kind in args.exclude.split(",") if kind.strip()}
    commits = read_commits(text)
    breaking, sections = group(commits, excluded)
    changes = render(breaking, sections, args.level)

    if template is None:
        print(changes)
    else:
        values = {"version": args.release, "date": args.date, "changes": changes}
        if args.summary:
            values["summary"] = args.summary
        output, unfilled = fill_template(template, values)
        print(output.rstrip("\n"))
        for key in dict.fromkeys(unfilled):
            print(f"note: placeholder {{{{{key}}}}} left in the output for you to fill in", file=sys.stderr)
    counted = sum(len(items) for items in sections.values())
    print(f"grouped {len(commits)} commit(s): {counted} listed, {len(breaking)} breaking", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
