import type { SyntaxNode } from '@lezer/common'
import type { WorkBudget } from '../budget.js'
import type { SinkLine } from './js-program.js'
import { childrenOf, lineIndex, parseScript } from './script-parsers.js'

/**
 * Python through a real parser (the counterpart of js-program.ts): imports and their aliases,
 * string constants (literals, `+`, f-strings, `"".join([...])`, `base64.b64decode(...)`,
 * `os.path.expanduser`), functions that return a constant, resolved at each call into a
 * capability: process execution (`subprocess.*`, `os.system`, `os.popen`), network egress
 * (`requests`, `httpx`, `urllib`, `socket`), file reads and writes (`open`), and `exec`/`eval`
 * of a folded string (parsed again). Each call whose target only this reveals becomes one line
 * of canonical text (`curl --data @- https://h`, `cat ~/.ssh/id_rsa`, the command itself) that
 * the rules and capability probes judge like any script line.
 *
 * Bounded: nodes count against the audit's node budget, at most `maxSinks` lines, folded strings
 * up to `maxFolded` characters, folding `maxDepth` expressions deep.
 */
const maxSinks = 64
const maxFolded = 2000
const maxDepth = 16

// Parsed only when folding could matter: an aliased import of a capability module, or a
// capability call whose first argument is not a literal.
const pythonHint =
  /\bimport\s+[\w.]+\s+as\s|\bfrom\s+(?:subprocess|os|requests|httpx|urllib[\w.]*|socket|base64|pty)\s+import\b|\b(?:system|popen|run|call|Popen|check_output|check_call|getoutput|urlopen|Request|create_connection|exec|eval|open|post|put|patch|request|spawn\w*|exec\w+)\s*\(\s*(?!["')])|\b(?:requests|httpx)\.get\s*\(\s*(?!["')])/

interface PyScope {
  readonly source: string
  /** Local name -> dotted module path (`r` -> `requests`, `run` -> `subprocess.run`). */
  readonly aliases: Map<string, string>
  readonly strings: Map<string, string>
  readonly lists: Map<string, string[]>
  /** Functions whose body returns one foldable expression. */
  readonly returns: Map<string, SyntaxNode>
}

const pythonNodes = new Set([
  'ImportStatement',
  'AssignStatement',
  'FunctionDefinition',
  'CallExpression',
])

export function pythonSinks(source: string, budget: WorkBudget): SinkLine[] {
  if (!pythonHint.test(source)) return []
  const nodes = parseScript('python', source, pythonNodes, budget)
  if (nodes === undefined) return []
  const lineAt = lineIndex(source)
  const scope: PyScope = {
    source,
    aliases: new Map(),
    strings: new Map(),
    lists: new Map(),
    returns: new Map(),
  }
  const out: SinkLine[] = []
  for (const node of nodes) {
    if (out.length >= maxSinks) break
    const sink = visit(node, scope)
    if (sink !== undefined) out.push({ line: lineAt(node.from), ...sink })
  }
  return out
}

/** Binds what `node` declares; the sink line of a capability call. */
function visit(node: SyntaxNode, scope: PyScope): Omit<SinkLine, 'line'> | undefined {
  if (node.name === 'ImportStatement') bindImport(node, scope)
  else if (node.name === 'AssignStatement') bindAssign(node, scope)
  else if (node.name === 'FunctionDefinition') bindFunction(node, scope)
  else if (node.name === 'CallExpression') return sinkOf(node, scope)
  return undefined
}

const text = (node: SyntaxNode, scope: PyScope): string => scope.source.slice(node.from, node.to)

function bindImport(node: SyntaxNode, scope: PyScope): void {
  const parts = childrenOf(node)
  const from = parts[0]?.name === 'from'
  const module = from
    ? dotted(
        parts.slice(
          1,
          parts.findIndex((p) => p.name === 'import'),
        ),
        scope,
      )
    : ''
  const names = from ? parts.slice(parts.findIndex((p) => p.name === 'import') + 1) : parts.slice(1)
  let path: string[] = []
  for (const [i, part] of names.entries()) {
    if (part.name === 'VariableName' && names[i - 1]?.name === 'as') {
      scope.aliases.set(text(part, scope), [module, ...path].filter(Boolean).join('.'))
      path = []
    } else if (part.name === 'VariableName') path.push(text(part, scope))
    else if (part.name === ',') {
      bindPlain(module, path, scope)
      path = []
    }
  }
  bindPlain(module, path, scope)
}

function bindPlain(module: string, path: readonly string[], scope: PyScope): void {
  if (path.length === 0) return
  const full = [module, ...path].filter(Boolean).join('.')
  scope.aliases.set(
    module === '' ? (path[0] ?? '') : (path[path.length - 1] ?? ''),
    module === '' ? (path[0] ?? '') : full,
  )
}

function dotted(nodes: readonly SyntaxNode[], scope: PyScope): string {
  return nodes.map((n) => text(n, scope)).join('')
}

function bindAssign(node: SyntaxNode, scope: PyScope): void {
  const parts = childrenOf(node)
  if (parts.length !== 3 || parts[0]?.name !== 'VariableName' || parts[1]?.name !== 'AssignOp')
    return
  const name = text(parts[0], scope)
  const list = foldList(parts[2], scope, 0)
  if (list !== undefined) scope.lists.set(name, list)
  const value = fold(parts[2], scope, 0)
  if (value !== undefined) scope.strings.set(name, value)
}

function bindFunction(node: SyntaxNode, scope: PyScope): void {
  const name = node.getChild('VariableName')
  const ret = node.getChild('Body')?.getChild('ReturnStatement')
  const value = ret?.lastChild
  if (name !== null && value !== undefined && value !== null && value.name !== 'return')
    scope.returns.set(text(name, scope), value)
}

/** The string an expression always evaluates to, when constants decide it. */
function fold(
  node: SyntaxNode | undefined | null,
  scope: PyScope,
  depth: number,
): string | undefined {
  if (node == null || depth > maxDepth) return undefined
  const folded = foldNode(node, scope, depth + 1)
  return folded === undefined || folded.length > maxFolded ? undefined : folded
}

function foldNode(node: SyntaxNode, scope: PyScope, depth: number): string | undefined {
  switch (node.name) {
    case 'String':
      return unquote(text(node, scope))
    case 'FormatString':
      return foldFormat(node, scope, depth)
    case 'VariableName':
      return scope.strings.get(text(node, scope))
    case 'ParenthesizedExpression':
      return fold(node.firstChild?.nextSibling, scope, depth)
    case 'BinaryExpression': {
      const [a, op, b] = childrenOf(node)
      if (op === undefined || text(op, scope) !== '+') return undefined
      const left = fold(a, scope, depth)
      const right = fold(b, scope, depth)
      return left === undefined || right === undefined ? undefined : left + right
    }
    case 'ArrayExpression':
    case 'TupleExpression':
      return foldList(node, scope, depth)?.join(' ')
    case 'CallExpression':
      return foldCall(node, scope, depth)
    default:
      return undefined
  }
}

function foldList(
  node: SyntaxNode | undefined,
  scope: PyScope,
  depth: number,
): string[] | undefined {
  if (node === undefined) return undefined
  if (node.name === 'VariableName') return scope.lists.get(text(node, scope))
  if (!['ArrayExpression', 'TupleExpression', 'ArgList'].includes(node.name)) return undefined
  const items = childrenOf(node).filter((c) => !['[', ']', '(', ')', ','].includes(c.name))
  const out = items.map((i) => fold(i, scope, depth))
  return out.every((s) => s !== undefined) ? (out as string[]) : undefined
}

function foldFormat(node: SyntaxNode, scope: PyScope, depth: number): string | undefined {
  const raw = text(node, scope)
  let out = ''
  let at = node.from
  for (const part of node.getChildren('FormatReplacement')) {
    out += scope.source.slice(at, part.from)
    const value = fold(part.firstChild?.nextSibling, scope, depth)
    if (value === undefined) return undefined
    out += value
    at = part.to
  }
  out += scope.source.slice(at, node.to)
  return raw.length > 0 ? unquote(out.replace(/^[fFrR]+/, '')) : undefined
}

const decoder = new TextDecoder()

function foldCall(node: SyntaxNode, scope: PyScope, depth: number): string | undefined {
  const callee = node.firstChild
  if (callee === null) return undefined
  const args = argsOf(node)
  const method =
    callee.name === 'MemberExpression' ? foldMethod(callee, args, scope, depth) : undefined
  if (method !== undefined) return method
  const name = qualified(callee, scope)
  if (name === 'os.path.join')
    return foldList(node.getChild('ArgList') ?? undefined, scope, depth)?.join('/')
  const data = passThrough.has(name) || decoders.has(name) ? fold(args[0], scope, depth) : undefined
  if (data !== undefined) return decoders.get(name)?.(data) ?? data
  const body = scope.returns.get(name)
  return body === undefined ? undefined : fold(body, scope, depth)
}

const passThrough = new Set(['os.path.expanduser', 'os.path.expandvars', 'str'])
const decoders = new Map<string, (data: string) => string>([
  ['base64.b64decode', (d) => decoder.decode(Buffer.from(d, 'base64'))],
  ['base64.standard_b64decode', (d) => decoder.decode(Buffer.from(d, 'base64'))],
  ['bytes.fromhex', (d) => decoder.decode(Buffer.from(d.replace(/\s/g, ''), 'hex'))],
])

/** `sep.join(list)`, and `.decode()`/`.strip()` of a folded value. */
function foldMethod(
  callee: SyntaxNode,
  args: readonly SyntaxNode[],
  scope: PyScope,
  depth: number,
): string | undefined {
  const method = callee.lastChild === null ? '' : text(callee.lastChild, scope)
  if (method === 'decode' || method === 'strip') return fold(callee.firstChild, scope, depth)
  if (method !== 'join') return undefined
  const sep = fold(callee.firstChild, scope, depth)
  const list = foldList(args[0], scope, depth)
  return sep === undefined || list === undefined ? undefined : list.join(sep)
}

function argsOf(call: SyntaxNode): SyntaxNode[] {
  const list = call.getChild('ArgList')
  if (list === null) return []
  return childrenOf(list).filter((c) => !['(', ')', ','].includes(c.name))
}

/** `r.post` with `import requests as r` -> `requests.post`. */
function qualified(callee: SyntaxNode, scope: PyScope): string {
  const written = text(callee, scope).replace(/\s+/g, '')
  const head = written.split('.')[0] ?? ''
  const alias = scope.aliases.get(head)
  return alias === undefined ? written : alias + written.slice(head.length)
}

function unquote(raw: string): string {
  const body = raw.replace(/^[rRbBuU]{0,2}/, '')
  const quote = body.startsWith('"""') || body.startsWith("'''") ? 3 : 1
  return body.slice(quote, body.length - quote)
}

const execCalls =
  /^(?:subprocess\.(?:run|call|Popen|check_output|check_call|getoutput|getstatusoutput)|os\.(?:system|popen|exec\w*|spawn\w*)|pty\.spawn)$/
const egressCalls =
  /^(?:requests\.(?:get|post|put|patch|request|Session\(\)\.\w+)|httpx\.(?:get|post|put|patch|request|stream)|urllib\.request\.(?:urlopen|Request)|urlopen|Request|socket\.create_connection)$/

function sinkOf(node: SyntaxNode, scope: PyScope): Omit<SinkLine, 'line'> | undefined {
  const callee = node.firstChild
  if (callee === null) return undefined
  const written = text(callee, scope).replace(/\s+/g, '')
  const name = qualified(callee, scope)
  const args = argsOf(node)
  const first = args[0]
  const hidden = name !== written || (first !== undefined && first.name !== 'String')
  const value = hidden ? fold(first, scope, 0) : undefined
  return value === undefined ? undefined : describeSink(name, value, args, node, scope)
}

function describeSink(
  name: string,
  value: string,
  args: readonly SyntaxNode[],
  node: SyntaxNode,
  scope: PyScope,
): Omit<SinkLine, 'line'> | undefined {
  if (execCalls.test(name)) return { lang: 'shell', text: value }
  if (name === 'exec' || name === 'eval') return { lang: 'python', text: value }
  if (name === 'open') {
    const mode = fold(args[1], scope, 0) ?? 'r'
    return { lang: 'shell', text: /[wa+]/.test(mode) ? `echo data >> ${value}` : `cat ${value}` }
  }
  if (!egressCalls.test(name)) return undefined
  const url = /^[a-z]+:\/\//i.test(value) ? value : `http://${value.replace(/\s+/g, ':')}`
  const sends = /post|put|patch/i.test(name) || /\b(?:data|json|files)\s*=/.test(text(node, scope))
  return { lang: 'shell', text: `curl ${sends ? '--data @- ' : ''}${url}` }
}
