import { Gunzip, Unzlib } from 'fflate'
import type { WorkBudget } from '../budget.js'

/** A blob found in a text and decoded to text that is scanned again. */
export interface DecodedBlob {
  readonly encoding: 'base64' | 'hex' | 'percent' | 'charcodes' | 'gzip' | 'zlib'
  /** 0-based offset of the blob in the source text. */
  readonly offset: number
  readonly text: string
  /** The blob sat in a `data:image/...` URI. */
  readonly image: boolean
}

const base64Run = /[A-Za-z0-9+/_-]{24,}={0,2}/g
const hexEscapes = /(?:\\x[0-9a-fA-F]{2}){6,}/g
const hexRun = /\b(?:[0-9a-fA-F]{2}){12,}\b/g
const percentRun = /(?:%[0-9a-fA-F]{2}){6,}/g
const charCodes =
  /(?:fromCharCode|bytes|bytearray|chr)\s*\(\s*\[?\s*((?:\d{2,3}\s*,\s*){5,}\d{2,3})/g

/**
 * Finds encoded blobs in `text` and decodes those whose output is mostly printable text; gzip and
 * zlib streams inside base64 or hex are inflated up to the budget's output limit (a decode bomb
 * marks the audit incomplete). Images and other binary output are not returned.
 */
export function decodeBlobs(text: string, budget: WorkBudget): DecodedBlob[] {
  const blobs: DecodedBlob[] = []
  const joined = joinWrappedBase64(text)
  for (const m of joined.matchAll(base64Run)) {
    if (!hasMixedBase64(m[0])) continue
    const image = /data:image\/[a-z+.-]+;base64,$/i.test(
      joined.slice(Math.max(0, m.index - 40), m.index),
    )
    const at = text.indexOf(m[0].slice(0, 16))
    pushBytes(blobs, 'base64', at === -1 ? m.index : at, base64Bytes(m[0]), image, budget)
  }
  for (const m of text.matchAll(hexEscapes)) {
    pushBytes(blobs, 'hex', m.index, hexBytes(m[0].replace(/\\x/g, '')), false, budget)
  }
  for (const m of text.matchAll(hexRun)) {
    pushBytes(blobs, 'hex', m.index, hexBytes(m[0]), false, budget)
  }
  for (const m of text.matchAll(percentRun)) {
    pushBytes(blobs, 'percent', m.index, hexBytes(m[0].replace(/%/g, '')), false, budget)
  }
  for (const m of text.matchAll(charCodes)) {
    const codes = (m[1] ?? '').split(',').map((s) => Number(s.trim()))
    pushBytes(
      blobs,
      'charcodes',
      m.index,
      Uint8Array.from(codes.filter((c) => c < 256)),
      false,
      budget,
    )
  }
  return blobs
}

// Base64 wrapped over lines (76-column style, optionally quoted per line) is joined into one run.
function joinWrappedBase64(text: string): string {
  const out: string[] = []
  // The parts of the wrapped run in progress (a line each): a joined line only trims the part
  // before it, so this stays linear in the text however long a wrapped blob is; a line outside
  // any run is kept as it is, without an array of its own (a megabyte of newlines is a million).
  let run: string[] | undefined
  let prevFull = false
  for (const line of text.split('\n')) {
    if (prevFull && isWrappedBase64(line, 4)) {
      run ??= [out.pop() ?? '']
      run[run.length - 1] = (run[run.length - 1] ?? '').replace(/["'\s\\]+$/, '')
      run.push(line.replace(/^[\s"']+/, ''))
    } else {
      if (run !== undefined) out.push(run.join(''))
      run = undefined
      out.push(line)
    }
    prevFull = isWrappedBase64(line, 40)
  }
  if (run !== undefined) out.push(run.join(''))
  return out.join('\n')
}

function isWrappedBase64(line: string, min: number): boolean {
  if (line.length < min) return false
  const core = line
    .trim()
    .replace(/^["']|["'\\]$/g, '')
    .replace(/["']\s*\\?$/, '')
  return core.length >= min && /^[A-Za-z0-9+/]+={0,2}$/.test(core)
}

function hasMixedBase64(run: string): boolean {
  // Identifiers and words are letters only; base64 of text mixes cases and digits.
  return /[0-9+/]/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run)
}

function pushBytes(
  blobs: DecodedBlob[],
  encoding: DecodedBlob['encoding'],
  offset: number,
  bytes: Uint8Array | undefined,
  image: boolean,
  budget: WorkBudget,
): void {
  if (bytes === undefined || bytes.length < 6) return
  if (!budget.spendDecode()) return
  const inflated = inflateIfCompressed(bytes, budget)
  const payload = inflated?.bytes ?? bytes
  const text = printableText(payload)
  if (text !== undefined) blobs.push({ encoding: inflated?.kind ?? encoding, offset, text, image })
}

/** The bytes of a base64 (or base64url) run; undefined when it is not base64. */
export function base64Bytes(run: string): Uint8Array | undefined {
  const clean = run.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  const usable = clean.slice(0, clean.length - (clean.length % 4 === 1 ? 1 : 0))
  try {
    return Uint8Array.from(atob(usable.padEnd(Math.ceil(usable.length / 4) * 4, '=')), (c) =>
      c.charCodeAt(0),
    )
  } catch (error) {
    if (error instanceof DOMException) return undefined
    throw error
  }
}

/** The bytes of an even-length run of hex digits. */
export function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1)
  for (let i = 0; i < out.length; i += 1) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

function inflateIfCompressed(
  bytes: Uint8Array,
  budget: WorkBudget,
): { kind: 'gzip' | 'zlib'; bytes: Uint8Array } | undefined {
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b
  const zlib = bytes[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(bytes[1] ?? 0)
  if (!gzip && !zlib) return undefined
  const limit = budget.limits.maxDecodedBytes
  const chunks: Uint8Array[] = []
  let total = 0
  let over = false
  const onData = (chunk: Uint8Array): void => {
    total += chunk.length
    if (total > limit) over = true
    else chunks.push(chunk)
  }
  const stream = gzip ? new Gunzip(onData) : new Unzlib(onData)
  try {
    // Fed in small slices so an inflation past the limit stops after little extra work.
    for (let i = 0; i < bytes.length && !over; i += 1024) {
      stream.push(bytes.subarray(i, i + 1024), i + 1024 >= bytes.length)
    }
  } catch (error) {
    if (!(error instanceof Error)) throw error
    return undefined
  }
  if (over) {
    budget.exhaust(`decoded output over ${limit} bytes (decode bomb)`)
    return undefined
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return { kind: gzip ? 'gzip' : 'zlib', bytes: out }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

function printableText(bytes: Uint8Array): string | undefined {
  let text: string
  try {
    text = strictUtf8.decode(bytes)
  } catch (error) {
    if (error instanceof TypeError) return undefined
    throw error
  }
  let control = 0
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i)
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || (c >= 0x7f && c < 0xa0) || c === 0xfffd)
      control += 1
  }
  return text.length >= 6 && control / text.length <= 0.05 ? text : undefined
}
