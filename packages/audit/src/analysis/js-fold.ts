import type * as t from '@babel/types'
import { base64Bytes, hexBytes } from '../normalize/decode-blobs.js'

/**
 * Constant folding over a parsed JavaScript/TypeScript program: what string an expression
 * evaluates to when it is built only from literals and bindings to literals. This is what
 * pattern matching cannot see: `['cu', 'rl'].join('')`, `'https://' + host`, template literals,
 * `String.fromCharCode(...)`, `Buffer.from(b64, 'base64').toString()`, `atob(...)`, reversed
 * strings, `path.join(os.homedir(), '.ssh')`. Anything else folds to `undefined`.
 *
 * Bindings are flow-insensitive (a name maps to its declarator's initialiser or its last plain
 * assignment, wherever it sits): an over-approximation that can only add text for the rules to
 * look at. Evaluation is bounded in depth and output length, so no program makes it slow.
 */
export type Bindings = ReadonlyMap<string, t.Node>

const maxDepth = 24
const maxLength = 4096

/** A folded value: a string, or an array of strings (for `.join`). */
type Folded = string | readonly string[] | undefined

export function foldString(
  node: t.Node | null | undefined,
  bindings: Bindings,
): string | undefined {
  const value = fold(node, bindings, 0)
  return typeof value === 'string' ? value : undefined
}

function fold(node: t.Node | null | undefined, env: Bindings, depth: number): Folded {
  if (node == null || depth > maxDepth) return undefined
  switch (node.type) {
    case 'StringLiteral':
      return bounded(node.value)
    case 'NumericLiteral':
      return String(node.value)
    case 'TemplateLiteral':
      return foldTemplate(node, env, depth)
    case 'BinaryExpression':
      return foldConcat(node, env, depth)
    case 'Identifier':
      return node.name === 'undefined' ? undefined : fold(env.get(node.name), env, depth + 1)
    case 'ArrayExpression':
      return foldArray(node.elements, env, depth)
    case 'CallExpression':
      return foldCall(node, env, depth)
    case 'MemberExpression':
      return foldMember(node)
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'ParenthesizedExpression':
    case 'TSSatisfiesExpression':
      return fold(node.expression, env, depth + 1)
    default:
      return undefined
  }
}

function bounded(text: string): string | undefined {
  return text.length <= maxLength ? text : undefined
}

function foldTemplate(node: t.TemplateLiteral, env: Bindings, depth: number): Folded {
  let out = node.quasis[0]?.value.cooked ?? ''
  for (let i = 0; i < node.expressions.length; i++) {
    const part = fold(node.expressions[i], env, depth + 1)
    if (typeof part !== 'string') return undefined
    out += part + (node.quasis[i + 1]?.value.cooked ?? '')
    if (out.length > maxLength) return undefined
  }
  return out
}

function foldConcat(node: t.BinaryExpression, env: Bindings, depth: number): Folded {
  if (node.operator !== '+') return undefined
  const left = fold(node.left, env, depth + 1)
  const right = fold(node.right, env, depth + 1)
  if (typeof left !== 'string' || typeof right !== 'string') return undefined
  return bounded(left + right)
}

function foldArray(elements: t.ArrayExpression['elements'], env: Bindings, depth: number): Folded {
  if (elements.length > 256) return undefined
  const out: string[] = []
  for (const element of elements) {
    const value = element?.type === 'SpreadElement' ? undefined : fold(element, env, depth + 1)
    if (typeof value !== 'string') return undefined
    out.push(value)
  }
  return out
}

/** `process.env.HOME` and friends fold to `~`, other variables to `$NAME`: where a path points. */
function foldMember(node: t.MemberExpression): Folded {
  const chain = memberChain(node)
  if (chain === undefined) return undefined
  if (/^process\.env\.(?:HOME|USERPROFILE)$/.test(chain)) return '~'
  const variable = /^process\.env\.(\w+)$/.exec(chain)
  return variable ? `$${variable[1]}` : undefined
}

/**
 * `a.b.c` for a chain of identifiers and constant keys, where `require('m')` stands for `m`;
 * undefined otherwise.
 */
export function memberChain(node: t.Node): string | undefined {
  if (node.type === 'Identifier') return node.name
  if (isRequireOf(node)) return moduleName(node.arguments[0].value)
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined
  const object = memberChain(node.object)
  if (object === undefined) return undefined
  if (!node.computed && node.property.type === 'Identifier')
    return `${object}.${node.property.name}`
  if (node.property.type === 'StringLiteral') return `${object}.${node.property.value}`
  return undefined
}

function isRequireOf(
  node: t.Node,
): node is t.CallExpression & { arguments: [t.StringLiteral, ...t.Node[]] } {
  return (
    node.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === 'require' &&
    node.arguments[0]?.type === 'StringLiteral'
  )
}

/** `node:fs/promises` → `fs`: the module a name stands for, as the sink tables spell it. */
export function moduleName(name: string): string {
  const bare = name.startsWith('node:') ? name.slice(5) : name
  return bare.replace(/\/promises$/, '')
}

function foldCall(node: t.CallExpression, env: Bindings, depth: number): Folded {
  const callee = node.callee
  const args = node.arguments
  const name = memberChain(callee)
  if (name !== undefined) {
    const known = foldKnownCall(name, args, env, depth)
    if (known !== undefined) return known
  }
  if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return undefined
  const target = fold(callee.object, env, depth + 1)
  return foldMethod(target, callee.property.name, args, env, depth)
}

const homeCalls = new Set(['os.homedir', 'homedir'])
const pathJoins = new Set(['path.join', 'path.resolve', 'join', 'resolve', 'path.posix.join'])

function foldKnownCall(
  name: string,
  args: t.CallExpression['arguments'],
  env: Bindings,
  depth: number,
): Folded {
  if (homeCalls.has(name)) return '~'
  const strings = () => args.map((a) => fold(a, env, depth + 1))
  if (pathJoins.has(name)) {
    const parts = strings()
    return parts.every((p) => typeof p === 'string') ? bounded(parts.join('/')) : undefined
  }
  if (name === 'String.fromCharCode') return fromCharCodes(strings())
  if (name === 'atob') return decodeText(fold(args[0], env, depth + 1), 'base64')
  if (name === 'Buffer.from') {
    const encoding = fold(args[1], env, depth + 1)
    return decodeText(fold(args[0], env, depth + 1), typeof encoding === 'string' ? encoding : '')
  }
  return undefined
}

function fromCharCodes(parts: readonly Folded[]): Folded {
  if (parts.length > maxLength) return undefined
  const codes = parts.map((p) => (typeof p === 'string' ? Number(p) : Number.NaN))
  if (codes.some((c) => !Number.isInteger(c) || c < 0 || c > 0xffff)) return undefined
  return String.fromCharCode(...codes)
}

const utf8 = new TextDecoder('utf-8')

/** The text a base64 or hex literal decodes to; other encodings are the text itself. */
function decodeText(value: Folded, encoding: string): Folded {
  if (typeof value !== 'string' || value.length > maxLength) return undefined
  if (encoding === 'base64' || encoding === 'base64url') {
    const bytes = base64Bytes(value)
    return bytes && utf8.decode(bytes)
  }
  if (encoding === 'hex')
    return /^(?:[0-9a-f]{2})*$/i.test(value) ? utf8.decode(hexBytes(value)) : undefined
  return value
}

function foldMethod(
  target: Folded,
  method: string,
  args: t.CallExpression['arguments'],
  env: Bindings,
  depth: number,
): Folded {
  if (target === undefined) return undefined
  const folded = args.map((a) => fold(a, env, depth + 1))
  return Array.isArray(target)
    ? arrayMethod(target, method, folded)
    : stringMethod(target as string, method, folded)
}

function arrayMethod(target: readonly string[], method: string, args: readonly Folded[]): Folded {
  if (method === 'reverse') return [...target].reverse()
  if (method !== 'join') return undefined
  const sep = args.length === 0 ? ',' : args[0]
  return typeof sep === 'string' ? bounded(target.join(sep)) : undefined
}

function stringMethod(text: string, method: string, args: readonly Folded[]): Folded {
  if (method === 'split') return args[0] === '' ? [...text] : undefined
  if (method === 'toString' || method === 'trim') return text
  if (method === 'toLowerCase') return text.toLowerCase()
  if (method !== 'concat') return undefined
  return args.every((r) => typeof r === 'string') ? bounded(text + args.join('')) : undefined
}
