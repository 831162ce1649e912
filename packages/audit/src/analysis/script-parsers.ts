import { createRequire } from 'node:module'
import type { SyntaxNode, Tree } from '@lezer/common'
import type { LRParser } from '@lezer/lr'
import type { WorkBudget } from '../budget.js'
import { countAtOrBefore } from '../normalize/text-view.js'

/**
 * Real parsers for Python (@lezer/python) and shell (@fig/lezer-bash, a Lezer grammar of Bash):
 * pure JavaScript, synchronous, error-tolerant (a script that does not parse still gives a tree
 * with error nodes, never an exception), no native code or WebAssembly. Loaded on the first
 * Python or shell script an audit meets, so a process that audits none (the CLI installing from a
 * registry) never loads them. In the CLI's CommonJS bundle `require` is esbuild's, which bundles
 * the grammars and runs them only when called; elsewhere (ESM) Node's own require loads them.
 */
type Loader = (id: string) => unknown
let nodeRequire: Loader | undefined

function load(id: '@lezer/python' | '@fig/lezer-bash'): LRParser {
  if (typeof require === 'function') {
    return (id === '@lezer/python' ? require('@lezer/python') : require('@fig/lezer-bash'))
      .parser as LRParser
  }
  nodeRequire ??= createRequire(import.meta.url)
  return (nodeRequire(id) as { parser: LRParser }).parser
}

let python: LRParser | undefined
let shell: LRParser | undefined

export type ParsedLang = 'python' | 'shell'

export function parserFor(lang: ParsedLang): LRParser {
  if (lang === 'python') {
    python ??= load('@lezer/python')
    return python
  }
  shell ??= load('@fig/lezer-bash')
  return shell
}

// Work charged to the node budget: one node per `charsPerNode` characters the parser has read
// (charged as it goes, so a long script stops mid-parse), and one per `stepsPerNode` steps of
// the walk over the tree.
const charsPerNode = 1
const stepsPerNode = 4

/**
 * The nodes of `source` named in `wanted`, in document order; undefined when the node budget ran
 * out (the audit is then incomplete, and the text rules still ran on the script). An audit that
 * is already incomplete (a hostile, padded text) is judged without parsing.
 */
export function parseScript(
  lang: ParsedLang,
  source: string,
  wanted: ReadonlySet<string>,
  budget: WorkBudget,
): SyntaxNode[] | undefined {
  if (budget.incomplete) return undefined
  const parse = parserFor(lang).startParse(source)
  let charged = 0
  let tree: Tree | null = null
  while (tree === null) {
    tree = parse.advance()
    const due = Math.ceil(parse.parsedPos / charsPerNode) - charged
    if (due > 0 && !budget.spendNodes(due)) return undefined
    charged += Math.max(0, due)
  }
  return wantedNodes(tree, wanted, budget)
}

function wantedNodes(
  tree: Tree,
  wanted: ReadonlySet<string>,
  budget: WorkBudget,
): SyntaxNode[] | undefined {
  const nodes: SyntaxNode[] = []
  const cursor = tree.cursor()
  let steps = 0
  do {
    steps += 1
    if (steps % (1024 * stepsPerNode) === 0 && !budget.spendNodes(1024)) return undefined
    if (wanted.has(cursor.name)) nodes.push(cursor.node)
  } while (cursor.next())
  return budget.spendNodes(Math.ceil((steps % (1024 * stepsPerNode)) / stepsPerNode))
    ? nodes
    : undefined
}

/** 1-based line of each offset. */
export function lineIndex(source: string): (offset: number) => number {
  const starts = [0]
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1)
  return (offset) => countAtOrBefore(starts, offset)
}

export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = []
  for (let c = node.firstChild; c !== null; c = c.nextSibling) out.push(c)
  return out
}
