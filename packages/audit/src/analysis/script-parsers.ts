import { createRequire } from 'node:module'
import type { SyntaxNode, Tree } from '@lezer/common'
import type { LRParser } from '@lezer/lr'
import type { WorkBudget } from '../budget.js'

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

/**
 * The tree of `source`, its nodes (document order) charged to the node budget; undefined when
 * the budget ran out (the audit is then incomplete, and the text rules still ran).
 */
export function parseScript(
  lang: ParsedLang,
  source: string,
  budget: WorkBudget,
): { readonly tree: Tree; readonly nodes: SyntaxNode[] } | undefined {
  // Lezer's work is linear in the text: the bytes were charged when the segment was read.
  const tree = parserFor(lang).parse(source)
  const nodes: SyntaxNode[] = []
  const cursor = tree.cursor()
  for (;;) {
    nodes.push(cursor.node)
    if (nodes.length % 1024 === 0 && !budget.spendNodes(1024)) return undefined
    if (cursor.firstChild()) continue
    while (!cursor.nextSibling()) if (!cursor.parent()) return finish(tree, nodes, budget)
  }
}

function finish(tree: Tree, nodes: SyntaxNode[], budget: WorkBudget) {
  return budget.spendNodes(nodes.length % 1024) ? { tree, nodes } : undefined
}

/** 1-based line of each offset, by binary search over the line starts. */
export function lineIndex(source: string): (offset: number) => number {
  const starts = [0]
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1)
  return (offset) => {
    let lo = 0
    let hi = starts.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((starts[mid] ?? 0) <= offset) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = []
  for (let c = node.firstChild; c !== null; c = c.nextSibling) out.push(c)
  return out
}
