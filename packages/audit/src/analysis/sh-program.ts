import type { SyntaxNode } from '@lezer/common'
import type { WorkBudget } from '../budget.js'
import type { SinkLine } from './js-program.js'
import { childrenOf, lineIndex, parseScript } from './script-parsers.js'

/**
 * Shell scripts through a real parser: commands, their words, pipelines, assignments and
 * functions come from the Bash grammar instead of patterns. Each command is rendered as the
 * shell would run it: adjacent pieces of a word joined (`c""url`, `"cu"rl`), quotes removed,
 * variables assigned earlier substituted (`u=http://h; curl $u`), and a call of a function
 * defined in the script re-renders the function's commands with its arguments as `$1`..`$9`.
 * A rendering that differs from the text as written becomes one line the rules and capability
 * probes judge again; what is written plainly is left to them as it is.
 *
 * Bounded: nodes count against the audit's node budget, at most `maxSinks` lines, variable
 * values up to 400 characters, 64 variables, function calls expanded one level deep.
 */
const maxSinks = 64
const maxValue = 400
const maxVariables = 64

// Parsed only when something could hide a command: spliced words, functions, `eval`, a
// variable as the command or as a redirect target, or in a network, shell or file tool's
// arguments. Every test is linear in the text (no unbounded gap between two parts; the gap after
// a line start is spaces and tabs, since `^\s*` restarted at each of n newlines is quadratic).
const shellHint =
  /[A-Za-z0-9](?:""|'')[A-Za-z0-9]|[A-Za-z]\\[a-z]|\(\)\s*\{|\bfunction\s+\w|\beval\b|(?:^|[;&|`(])[ \t]*["']?\$\{?\w|>>?[ \t]*["']?\$/m
const toolName =
  /\b(?:curl|wget|nc|ncat|socat|bash|sh|zsh|python3?|node|perl|cat|tar|scp|rsync|crontab|tee|base64|openssl|ssh)\b/

/** A tool named before a `$` on one line: the line up to its last `$` is tested once. */
function toolBeforeVariable(source: string): boolean {
  for (const line of source.split('\n')) {
    const dollar = line.lastIndexOf('$')
    if (dollar > 0 && toolName.test(line.slice(0, dollar))) return true
  }
  return false
}

interface ShellScope {
  readonly vars: Map<string, string>
  readonly functions: Map<string, SyntaxNode>
  readonly source: string
}

const shellNodes = new Set(['FunctionDefinition', 'Assignment', 'Pipeline', 'Command'])

export function shellSinks(source: string, budget: WorkBudget): SinkLine[] {
  if (!shellHint.test(source) && !toolBeforeVariable(source)) return []
  const nodes = parseScript('shell', source, shellNodes, budget)
  if (nodes === undefined) return []
  const lineAt = lineIndex(source)
  const scope: ShellScope = { vars: new Map(), functions: new Map(), source }
  const out: SinkLine[] = []
  for (const node of nodes) {
    if (out.length >= maxSinks) break
    for (const text of visit(node, scope))
      out.push({ line: lineAt(node.from), text, lang: 'shell' })
  }
  return out.slice(0, maxSinks)
}

/** Binds what `node` declares; the renderings of a command that differ from its text. */
function visit(node: SyntaxNode, scope: ShellScope): string[] {
  if (node.name === 'FunctionDefinition') bindFunction(node, scope)
  else if (node.name === 'Assignment') bindAssignment(node, scope)
  else if (isTopCommand(node) && !insideFunction(node)) {
    const written = collapse(scope.source.slice(node.from, node.to)).replace(/["']/g, '')
    return renderCall(node, scope).filter((text) => text.trim() !== '' && text !== written)
  }
  return []
}

// A pipeline, or a command that is not part of one.
function isTopCommand(node: SyntaxNode): boolean {
  if (node.name === 'Pipeline') return true
  return node.name === 'Command' && node.parent?.name !== 'Pipeline'
}

function insideFunction(node: SyntaxNode): boolean {
  for (let p = node.parent; p !== null; p = p.parent)
    if (p.name === 'FunctionDefinition') return true
  return false
}

function bindFunction(node: SyntaxNode, scope: ShellScope): void {
  const name = node.getChild('Functionname')
  if (name !== null) scope.functions.set(scope.source.slice(name.from, name.to), node)
}

/** Binds `NAME=word` (the whole word: the grammar may end the node at its first quote). */
function bindAssignment(node: SyntaxNode, scope: ShellScope): void {
  const name = node.getChild('VariableName')
  if (name === null) return
  const valueStart = scope.source.indexOf('=', name.to) + 1
  const end = wordEnd(scope.source, valueStart)
  const raw = scope.source.slice(valueStart, end)
  if (raw.length <= maxValue && scope.vars.size < maxVariables)
    scope.vars.set(scope.source.slice(name.from, name.to), renderWord(raw, scope.vars))
}

/** End of the shell word starting at `from`: the first unquoted blank or operator. */
function wordEnd(source: string, from: number): number {
  let quote = ''
  let i = from
  for (; i < source.length && i - from <= maxValue; i += 1) {
    const ch = source[i] as string
    if (quote !== '') {
      if (ch === quote) quote = ''
    } else if (ch === '"' || ch === "'") quote = ch
    else if (ch === '\\') i += 1
    else if (/[\s;&|()<>]/.test(ch)) break
  }
  return i
}

/** The command or pipeline as run; a call of a script function adds its body, as called. */
function renderCall(node: SyntaxNode, scope: ShellScope): string[] {
  const commands = node.name === 'Pipeline' ? node.getChildren('Command') : [node]
  const rendered = commands.map((c) => renderCommand(c, scope.vars, scope.source))
  const out = [rendered.map((words) => words.join(' ')).join(' | ')]
  for (const words of rendered) {
    const body = scope.functions.get(words[0] ?? '')?.getChild('BraceGroup')
    if (body === undefined || body === null) continue
    const args = new Map(scope.vars)
    for (const [i, w] of words.slice(1, 10).entries()) args.set(String(i + 1), w)
    args.set('@', words.slice(1).join(' '))
    for (const inner of childrenOf(body).flatMap((c) => topCommandsIn(c)))
      out.push(renderCommandsOf(inner, args, scope.source))
  }
  return out
}

function topCommandsIn(node: SyntaxNode): SyntaxNode[] {
  if (isTopCommand(node)) return [node]
  return childrenOf(node).flatMap((c) => topCommandsIn(c))
}

function renderCommandsOf(node: SyntaxNode, vars: ReadonlyMap<string, string>, source: string) {
  const commands = node.name === 'Pipeline' ? node.getChildren('Command') : [node]
  return commands.map((c) => renderCommand(c, vars, source).join(' ')).join(' | ')
}

/** The words of a command: pieces with no space between them are one word. */
function renderCommand(
  node: SyntaxNode,
  vars: ReadonlyMap<string, string>,
  source: string,
): string[] {
  const words: string[] = []
  let start = -1
  let end = -1
  const flush = (): void => {
    if (start !== -1) words.push(renderWord(source.slice(start, end), vars))
  }
  let assigned = -1
  for (const child of childrenOf(node)) {
    // `NAME=value` before the command (the grammar may end its node at the value's first quote).
    if (child.name === 'Assignment') assigned = wordEnd(source, source.indexOf('=', child.from) + 1)
    if (child.name === 'Assignment' || child.from < assigned) continue
    if (child.from !== end) {
      flush()
      start = child.from
    }
    end = child.to
  }
  flush()
  return words
}

/** One word as the shell sees it: variables substituted, quotes and escapes removed. */
function renderWord(raw: string, vars: ReadonlyMap<string, string>): string {
  const out = raw
    .replace(
      /\$\{?([A-Za-z_][A-Za-z0-9_]*|[1-9@])\}?/g,
      (all, name: string) => vars.get(name) ?? all,
    )
    .replace(/\\(.)/g, '$1')
    .replace(/["']/g, '')
  return out.slice(0, maxValue)
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
