import type { WorkCounters } from './types.js'

/**
 * Work limits of one skill's audit. Counted in work, not wall time, so the same skill gets the same
 * verdict on every machine; running out makes the report `incomplete` (never a silent truncation).
 */
export interface AuditLimits {
  /** Text bytes of one file analysed; a larger file is an "unanalyzable" finding. */
  readonly maxFileBytes: number
  /** Text bytes analysed over the whole skill, decoded blobs included. */
  readonly maxTotalBytes: number
  readonly maxFiles: number
  /** Nested decodes (base64 inside hex inside gzip ...). */
  readonly maxDecodeDepth: number
  /** Decoded blobs per skill. */
  readonly maxDecodes: number
  /** Output bytes of one decode (zlib and gzip stop there). */
  readonly maxDecodedBytes: number
  /** Segments, blocks and tokens looked at (markdown blocks, manifest entries, shell words). */
  readonly maxNodes: number
  /** Characters the rule automata may run over, summed over rules and windows. */
  readonly maxScanned: number
  /** Occurrences of one keyword in one segment; more means a padded or hostile text. */
  readonly maxKeywordHits: number
  /**
   * All of the above in one weighted sum (`workWeights`), so no mix of them can add up past what
   * one audit may cost: each limit alone allows a fraction of a second, all of them together would not.
   */
  readonly maxWork: number
}

/**
 * Units of work per counted item, from their CPU cost on hostile input (bench/audit.ts): a byte
 * of a file decoded and split into segments (about 0.1 µs), a character of text through the view, keyword scan, capability probes and decoders (about
 * 0.3 µs), a character under a rule automaton (45 ns), a parser node (a character read by the
 * Lezer or Babel parsers, which spend up to 10 µs a character recovering from garbage), and the fixed
 * cost of one segment (a markdown block or a decoded blob: its view, keyword scan and probes).
 */
export const workWeights = { split: 1, text: 1, scanned: 1 / 8, node: 64, segment: 256 } as const

export const defaultAuditLimits: AuditLimits = {
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 4 * 1024 * 1024,
  maxFiles: 1000,
  maxDecodeDepth: 3,
  maxDecodes: 256,
  maxDecodedBytes: 256 * 1024,
  maxNodes: 200_000,
  maxScanned: 8 * 1024 * 1024,
  maxKeywordHits: 2048,
  maxWork: 6_000_000,
}

/** The budget of one audit: counters plus the reasons the audit became incomplete. */
export class WorkBudget {
  readonly limits: AuditLimits
  readonly counters: WorkCounters = { bytes: 0, scanned: 0, decodes: 0, nodes: 0, work: 0 }
  readonly reasons: string[] = []

  constructor(limits: Partial<AuditLimits> = {}) {
    this.limits = { ...defaultAuditLimits, ...limits }
  }

  /** Spends `n` bytes of scanning; false (and a reason) when the total would pass the limit. */
  spendBytes(n: number): boolean {
    if (this.counters.bytes + n > this.limits.maxTotalBytes) {
      this.exhaust(`byte budget (${this.limits.maxTotalBytes}) spent`)
      return false
    }
    this.counters.bytes += n
    return true
  }

  spendScan(n: number): boolean {
    if (this.counters.scanned + n > this.limits.maxScanned) {
      this.exhaust(`rule scan budget (${this.limits.maxScanned} characters) spent`)
      return false
    }
    if (!this.spendWork(n * workWeights.scanned)) return false
    this.counters.scanned += n
    return true
  }

  /** Charges a file of `n` bytes about to be decoded and split into segments. */
  spendSplit(n: number): boolean {
    return this.spendWork(n * workWeights.split)
  }

  /** Charges `count` segments a file was split into. */
  spendSegments(count: number): boolean {
    return this.spendWork(count * workWeights.segment)
  }

  /** Charges one segment of `n` characters about to go through the analysis. */
  spendSegment(n: number): boolean {
    return this.spendWork(workWeights.segment + n * workWeights.text)
  }

  spendDecode(): boolean {
    if (this.counters.decodes >= this.limits.maxDecodes) {
      this.exhaust(`decode budget (${this.limits.maxDecodes}) spent`)
      return false
    }
    this.counters.decodes += 1
    return true
  }

  spendNodes(n: number): boolean {
    if (this.counters.nodes + n > this.limits.maxNodes) {
      this.exhaust(`node budget (${this.limits.maxNodes}) spent`)
      return false
    }
    if (!this.spendWork(n * workWeights.node)) return false
    this.counters.nodes += n
    return true
  }

  /** Spends weighted work; past the limit the budget is spent for good: nothing more is done. */
  spendWork(units: number): boolean {
    if (this.counters.work + units > this.limits.maxWork) {
      this.exhaust(`work budget (${this.limits.maxWork} units) spent`)
      this.counters.work = this.limits.maxWork
      return false
    }
    this.counters.work += units
    return true
  }

  exhaust(reason: string): void {
    if (!this.reasons.includes(reason)) this.reasons.push(reason)
  }

  get incomplete(): boolean {
    return this.reasons.length > 0
  }
}
