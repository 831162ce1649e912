import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
const pkg = JSON.parse(readFileSync(['.', 'package.json'].join('/'), 'utf8'))
const script = pkg.scripts.build ? 'build' : 'compile'
execFileSync('npm', ['run', script], { stdio: 'inherit' })