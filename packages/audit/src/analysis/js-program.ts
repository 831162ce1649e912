import { parse } from '@babel/parser'
import type * as t from '@babel/types'
import type { WorkBudget } from '../budget.js'
import { type Bindings, foldString, memberChain, moduleName } from './js-fold.js'

/**
 * A real parser for JavaScript and TypeScript (Babel's, maintained, no native code; 7.x is the
 * line that runs on Node 20), where patterns alone are blind: a call whose command, URL or path is
 * assembled at run time. The program is parsed, its string constants folded (js-fold.ts), and
 * each call into a capability (process execution, network, file reads and writes, `eval`) whose
 * argument only folding reveals becomes one line of canonical text (`curl --data @- https://h`,
 * `cat ~/.ssh/id_rsa`, the folded command itself) that the rules and capability probes then judge
 * like any script line. Literal arguments are left to those patterns: they already see them.
 *
 * Bounded: the source is charged to the audit's node budget before it is parsed (a character a
 * node) and the tree's nodes after it, a program nested past the
 * parser's stack says so (the audit is then incomplete), and at most `maxSinks` lines come out.
 */
export interface SinkLine {
  readonly line: number
  readonly text: string
  /** `js`/`python` when the text is code to parse again (an `eval` of a folded string). */
  readonly lang: 'shell' | 'js' | 'python'
}

const maxSinks = 64
const jsLangs = new Set([
  'js',
  'javascript',
  'mjs',
  'cjs',
  'jsx',
  'ts',
  'typescript',
  'tsx',
  'node',
])

export function isJsLang(lang: string): boolean {
  return jsLangs.has(lang.toLowerCase())
}

// A program can reach a capability only by naming it (or the module or global that holds it): a
// program naming none of these is not parsed, which keeps documentation full of SDK examples cheap.
const sinkHint =
  /\b(?:require|import)\s*\(|\bfrom\s*["'](?:node:)?(?:child_process|fs|https?|net|tls|vm|os|path)\b|\b(?:exec|execSync|spawn|spawnSync|execFile|execFileSync|fork|eval|Function|readFile|readFileSync|createReadStream|readdir|readdirSync|writeFile|writeFileSync|appendFile|appendFileSync|fetch|axios|got|connect|createConnection|WebSocket|sendBeacon|globalThis|window)\b/

export function foldedSinks(source: string, budget: WorkBudget): SinkLine[] {
  if (!sinkHint.test(source)) return []
  // Charged before parsing, one node per character as the Lezer parsers are: Babel cannot stop
  // mid-parse, and on hostile text (a megabyte of `exec exec ...`) it spends microseconds a byte.
  if (budget.incomplete || !budget.spendNodes(source.length)) return []
  const program = parseProgram(source, budget)
  if (program === undefined) return []
  const nodes = collectNodes(program, budget)
  if (nodes === undefined) return []
  const scope = bindScope(nodes)
  const out: SinkLine[] = []
  for (const node of nodes) {
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') continue
    const line = sinkLine(node, scope)
    if (line !== undefined) out.push(line)
    if (out.length >= maxSinks) break
  }
  return out
}

function parseProgram(source: string, budget: WorkBudget): t.File | undefined {
  for (const plugins of [['typescript'], ['jsx', 'typescript']] as const) {
    try {
      return parse(source, {
        sourceType: 'unambiguous',
        errorRecovery: true,
        allowReturnOutsideFunction: true,
        allowAwaitOutsideFunction: true,
        allowImportExportEverywhere: true,
        plugins: [...plugins],
      })
    } catch (error) {
      if (error instanceof RangeError) {
        budget.exhaust('a JavaScript program nested too deep to parse')
        return undefined
      }
      if (!(error instanceof SyntaxError)) throw error
    }
  }
  return undefined
}

const skippedKeys = new Set([
  'loc',
  'start',
  'end',
  'extra',
  'comments',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'tokens',
])

/** Every node of the tree, iteratively (no recursion to overflow), charged to the node budget. */
function collectNodes(root: t.Node, budget: WorkBudget): t.Node[] | undefined {
  const out: t.Node[] = []
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const value = stack.pop()
    if (Array.isArray(value)) pushReversed(stack, value)
    else if (isNode(value)) {
      out.push(value)
      if (out.length % 1024 === 0 && !budget.spendNodes(1024)) return undefined
      pushChildren(stack, value)
    }
  }
  return budget.spendNodes(out.length % 1024) ? out : undefined
}

function pushReversed(stack: unknown[], values: readonly unknown[]): void {
  for (let i = values.length - 1; i >= 0; i--) stack.push(values[i])
}

function pushChildren(stack: unknown[], node: t.Node): void {
  const fields = node as unknown as Record<string, unknown>
  for (const key of Object.keys(fields)) if (!skippedKeys.has(key)) stack.push(fields[key])
}

function isNode(value: unknown): value is t.Node {
  return typeof value === 'object' && value !== null && typeof (value as t.Node).type === 'string'
}

/** Names bound to values, and names that stand for modules or their members. */
interface Scope {
  readonly bindings: Bindings
  /** Local name → `module` or `module.member` (imports, requires, destructured requires). */
  readonly aliases: ReadonlyMap<string, string>
}

function bindScope(nodes: readonly t.Node[]): Scope {
  const bindings = new Map<string, t.Node>()
  const aliases = new Map<string, string>()
  for (const node of nodes) {
    if (node.type === 'VariableDeclarator' && node.init) bindDeclarator(node, bindings, aliases)
    else if (
      node.type === 'AssignmentExpression' &&
      node.operator === '=' &&
      node.left.type === 'Identifier'
    )
      bindings.set(node.left.name, node.right)
    else if (node.type === 'ImportDeclaration') bindImport(node, aliases)
  }
  return { bindings, aliases }
}

function bindDeclarator(
  node: t.VariableDeclarator,
  bindings: Map<string, t.Node>,
  aliases: Map<string, string>,
): void {
  const init = node.init as t.Expression
  const module = requiredModule(init, bindings)
  if (node.id.type === 'Identifier') {
    bindings.set(node.id.name, init)
    if (module !== undefined) aliases.set(node.id.name, module)
    return
  }
  if (node.id.type !== 'ObjectPattern' || module === undefined) return
  for (const property of node.id.properties) {
    if (property.type !== 'ObjectProperty' || property.key.type !== 'Identifier') continue
    const local = property.value.type === 'Identifier' ? property.value.name : property.key.name
    aliases.set(local, `${module}.${property.key.name}`)
  }
}

function bindImport(node: t.ImportDeclaration, aliases: Map<string, string>): void {
  const module = moduleName(node.source.value)
  for (const spec of node.specifiers) {
    if (spec.type === 'ImportSpecifier') {
      const imported =
        spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value
      aliases.set(spec.local.name, `${module}.${imported}`)
    } else aliases.set(spec.local.name, module)
  }
}

/** `require(X)` or `await import(X)` with X folding to a module name. */
function requiredModule(node: t.Node, bindings: Bindings): string | undefined {
  const call = node.type === 'AwaitExpression' ? node.argument : node
  if (call.type !== 'CallExpression') return undefined
  const isRequire = call.callee.type === 'Identifier' && call.callee.name === 'require'
  if (!isRequire && call.callee.type !== 'Import') return undefined
  const name = foldString(call.arguments[0], bindings)
  return name === undefined ? undefined : moduleName(name)
}

/** The callee as `module.member` where an alias or an inline require says which module. */
function calleeName(node: t.CallExpression | t.NewExpression, scope: Scope): string | undefined {
  const callee = node.callee
  if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier') {
    const inline = requiredModule(callee.object, scope.bindings)
    if (inline !== undefined) return `${inline}.${callee.property.name}`
  }
  const chain = memberChain(callee)
  if (chain === undefined) return undefined
  const [head = '', ...rest] = chain.split('.')
  const alias = scope.aliases.get(head)
  return alias === undefined ? chain : [alias, ...rest].join('.')
}

/** Whether the argument is visible to patterns as written (a plain literal or literal-only). */
function isLiteral(node: t.Node | undefined): boolean {
  if (node === undefined) return true
  if (node.type === 'StringLiteral' || node.type === 'NumericLiteral') return true
  return node.type === 'TemplateLiteral' && node.expressions.length === 0
}

function sinkLine(node: t.CallExpression | t.NewExpression, scope: Scope): SinkLine | undefined {
  const name = calleeName(node, scope)
  if (name === undefined) return undefined
  const args = node.arguments as t.Node[]
  const hidden = !isLiteral(args[0]) || name !== memberChain(node.callee)
  if (!hidden) return undefined
  const line = node.loc?.start.line ?? 1
  const text = describeSink(name.replace(/^fs\.promises\./, 'fs.'), args, scope.bindings)
  if (text === undefined) return undefined
  return { line, ...text }
}

const execCalls = /^child_process\.(?:exec|execSync|spawn|spawnSync|execFile|execFileSync|fork)$/
const evalCalls = /^(?:eval|Function|vm\.runIn(?:New|This)?Context|vm\.Script)$/
const readCalls = /^(?:fs\.)?(?:readFile|readFileSync|createReadStream|readdir|readdirSync)$/
const writeCalls = /^(?:fs\.)?(?:writeFile|writeFileSync|appendFile|appendFileSync)$/

function describeSink(
  name: string,
  args: readonly t.Node[],
  bindings: Bindings,
): Omit<SinkLine, 'line'> | undefined {
  const first = foldString(args[0], bindings)
  if (execCalls.test(name)) {
    const rest = args[1]?.type === 'ArrayExpression' ? foldArgv(args[1], bindings) : ''
    return first === undefined ? undefined : { lang: 'shell', text: `${first}${rest}` }
  }
  if (evalCalls.test(name)) return first === undefined ? undefined : { lang: 'js', text: first }
  if (readCalls.test(name) && first !== undefined) return { lang: 'shell', text: `cat ${first}` }
  if (writeCalls.test(name) && first !== undefined)
    return { lang: 'shell', text: `echo data >> ${first}` }
  const url = egressTarget(name, args, bindings)
  if (url === undefined) return undefined
  const sends = sendsData(name, args, bindings)
  return { lang: 'shell', text: `curl ${sends ? '--data @- ' : ''}${url}` }
}

function foldArgv(node: t.ArrayExpression, bindings: Bindings): string {
  const parts = node.elements.map((e) => (e == null ? undefined : foldString(e, bindings)))
  return parts.every((p) => p !== undefined) ? ` ${parts.join(' ')}` : ''
}

const egressCalls =
  /^(?:fetch|axios(?:\.(?:get|post|put|patch|request))?|got(?:\.(?:get|post|put))?|https?\.(?:request|get)|net\.(?:connect|createConnection)|tls\.connect|WebSocket|navigator\.sendBeacon|sendBeacon)$/

/** The URL a network call reaches, as `https://host...`; undefined when it is not one. */
function egressTarget(
  name: string,
  args: readonly t.Node[],
  bindings: Bindings,
): string | undefined {
  if (!egressCalls.test(name)) return undefined
  if (/^(?:net|tls)\./.test(name)) {
    const host = foldString(args[1], bindings) ?? objectString(args[0], 'host', bindings)
    return host === undefined ? undefined : `https://${host}`
  }
  const target =
    foldString(args[0], bindings) ??
    objectString(args[0], 'url', bindings) ??
    objectString(args[0], 'hostname', bindings) ??
    objectString(args[0], 'host', bindings)
  if (target === undefined) return undefined
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `https://${target}`
}

function sendsData(name: string, args: readonly t.Node[], bindings: Bindings): boolean {
  if (/\.(?:post|put|patch)$|sendBeacon$|^(?:net|tls)\./.test(name)) return true
  const options = args.find((a) => a.type === 'ObjectExpression')
  if (options === undefined) return false
  const method = objectString(options, 'method', bindings)?.toUpperCase()
  return method === 'POST' || method === 'PUT' || objectProperty(options, 'body') !== undefined
}

function objectProperty(node: t.Node | undefined, key: string): t.Node | undefined {
  if (node?.type !== 'ObjectExpression') return undefined
  for (const property of node.properties) {
    if (property.type !== 'ObjectProperty') continue
    const name = property.key.type === 'Identifier' ? property.key.name : undefined
    const literal = property.key.type === 'StringLiteral' ? property.key.value : undefined
    if ((name ?? literal) === key) return property.value
  }
  return undefined
}

function objectString(
  node: t.Node | undefined,
  key: string,
  bindings: Bindings,
): string | undefined {
  return foldString(objectProperty(node, key), bindings)
}
