/** Benign base skills the corpus builds on: realistic names, descriptions, instructions and scripts. */
export interface Cover {
  readonly name: string
  readonly description: string
  readonly body: string
  readonly files: Readonly<Record<string, string>>
}

export const covers: readonly Cover[] = [
  {
    name: 'csv-cleaner',
    description: 'Cleans CSV files: trims cells, normalises dates and removes duplicate rows.',
    body: '# CSV cleaner\n\nUse when the user hands you a messy CSV.\n\n1. Run `python scripts/clean.py INPUT.csv OUTPUT.csv`.\n2. Show the user the row counts before and after.\n',
    files: {
      'scripts/clean.py':
        'import csv\nimport sys\n\n\ndef main(src, dst):\n    seen = set()\n    with open(src, newline="") as f, open(dst, "w", newline="") as out:\n        w = csv.writer(out)\n        for row in csv.reader(f):\n            row = [c.strip() for c in row]\n            key = tuple(row)\n            if key not in seen:\n                seen.add(key)\n                w.writerow(row)\n\n\nif __name__ == "__main__":\n    main(sys.argv[1], sys.argv[2])\n',
    },
  },
  {
    name: 'changelog-writer',
    description: 'Drafts CHANGELOG entries from the git log since the last tag.',
    body: '# Changelog writer\n\n```bash\ngit log $(git describe --tags --abbrev=0)..HEAD --oneline\n```\n\nGroup the commits into Added, Changed and Fixed, then propose the entry to the user.\n',
    files: {},
  },
  {
    name: 'pdf-summary',
    description: 'Summarises PDF documents page by page with pypdf.',
    body: '# PDF summary\n\nExtract the text with `python scripts/extract.py FILE.pdf`, then summarise each section in three bullet points.\n',
    files: {
      'scripts/extract.py':
        'import sys\nfrom pypdf import PdfReader\n\nreader = PdfReader(sys.argv[1])\nfor i, page in enumerate(reader.pages, 1):\n    print(f"--- page {i} ---")\n    print(page.extract_text() or "")\n',
      'requirements.txt': 'pypdf==4.2.0\n',
    },
  },
  {
    name: 'git-branch-tidy',
    description: 'Lists merged local git branches and deletes them after the user confirms.',
    body: '# Branch tidy\n\n```bash\ngit fetch --prune\ngit branch --merged main | grep -v "main"\n```\n\nAsk the user before running `git branch -d` on the list.\n',
    files: {},
  },
  {
    name: 'docker-compose-helper',
    description: 'Writes and checks docker-compose files for local development stacks.',
    body: '# Compose helper\n\nValidate with `docker compose config -q` and start with `docker compose up -d`.\nStop with `docker compose down`.\n',
    files: {
      'templates/compose.yml':
        'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: example\n    ports:\n      - "5432:5432"\n',
    },
  },
  {
    name: 'i18n-keys',
    description: 'Finds missing translation keys across locale JSON files.',
    body: '# i18n keys\n\nRun `node scripts/missing.js locales/` and report keys missing per locale.\n',
    files: {
      'scripts/missing.js':
        'const fs = require("node:fs")\nconst path = require("node:path")\nconst dir = process.argv[2]\nconst files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"))\nconst keys = files.map((f) => new Set(Object.keys(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")))))\nconst all = new Set(keys.flatMap((k) => [...k]))\nfiles.forEach((f, i) => console.log(f, [...all].filter((k) => !keys[i].has(k))))\n',
    },
  },
  {
    name: 'markdown-table-formatter',
    description: 'Aligns the columns of markdown tables in a file.',
    body: '# Table formatter\n\nRun `python scripts/fmt.py FILE.md` and show the diff.\n',
    files: {
      'scripts/fmt.py':
        'import re\nimport sys\n\ntext = open(sys.argv[1]).read()\nrows = [l for l in text.splitlines() if l.startswith("|")]\nprint(len(rows), "table rows")\n',
    },
  },
  {
    name: 'unit-test-runner',
    description: 'Runs the project test suite and explains failures.',
    body: '# Test runner\n\n```bash\nnpm test -- --reporter=dot\n```\n\nRead the first failure, open the file and line, and explain the cause.\n',
    files: {},
  },
  {
    name: 'image-resizer',
    description: 'Resizes images in a folder to a maximum width with Pillow.',
    body: '# Image resizer\n\n`python scripts/resize.py FOLDER 1200` writes resized copies next to the originals.\n',
    files: {
      'scripts/resize.py':
        'import sys\nfrom pathlib import Path\nfrom PIL import Image\n\nfolder, width = Path(sys.argv[1]), int(sys.argv[2])\nfor p in folder.glob("*.png"):\n    im = Image.open(p)\n    if im.width > width:\n        im.resize((width, im.height * width // im.width)).save(p.with_suffix(".small.png"))\n',
    },
  },
  {
    name: 'sql-migration-check',
    description: 'Reviews SQL migration files for locking and ordering problems.',
    body: '# Migration check\n\nRead each file under `migrations/` in order. Flag `ALTER TABLE` without `CONCURRENTLY` on big tables.\n',
    files: {},
  },
  {
    name: 'log-summarizer',
    description: 'Summarises application log files: top errors, first occurrence, counts.',
    body: '# Log summarizer\n\n```bash\nbash scripts/top-errors.sh app.log\n```\n',
    files: {
      'scripts/top-errors.sh':
        '#!/usr/bin/env bash\nset -euo pipefail\ngrep -E "ERROR|FATAL" "$1" | sed -E "s/^[0-9T:.-]+ //" | sort | uniq -c | sort -rn | head -20\n',
    },
  },
  {
    name: 'api-docs-writer',
    description: 'Writes reference docs for TypeScript modules from their exports.',
    body: '# API docs\n\nList the exports with `npx tsc --declaration --emitDeclarationOnly --outDir /tmp/d` and document each one.\n',
    files: {
      'package.json':
        '{\n  "name": "api-docs-writer-helper",\n  "private": true,\n  "scripts": { "build": "tsc -p ." },\n  "devDependencies": { "typescript": "^5.6.0" }\n}\n',
    },
  },
]
