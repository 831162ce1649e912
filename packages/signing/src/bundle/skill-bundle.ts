import { sign } from 'node:crypto'
import { SkillshipError } from '@skillship/core/errors'
import { SignatureErrorCode } from '../errors/signature-error-codes.js'
import type { SigningKey } from '../keys/signing-key.js'
import { inTotoPayloadType, preAuthEncoding } from './dsse.js'
import type { SkillStatement } from './skill-statement.js'
import { boundedString, exactRecord, type FieldError, strictBase64 } from './strict-json.js'

/** Sigstore bundle v0.3 media type. */
export const bundleMediaType = 'application/vnd.dev.sigstore.bundle.v0.3+json'
/** A bundle larger than this is refused before parsing: ours are about 1.5 KiB. */
export const maxBundleBytes = 64 * 1024
/** The decoded statement's bound. */
export const maxPayloadBytes = 16 * 1024

/** A bundle read and shape-checked, its signature not yet verified. */
export interface ParsedBundle {
  /** The key id the bundle names (verificationMaterial.publicKey.hint). */
  readonly keyHint: string
  readonly payloadType: string
  readonly payload: Buffer
  readonly signature: Buffer
}

/**
 * Signs `statement` with `key`: a DSSE envelope (payload type `application/vnd.in-toto+json`,
 * one ed25519 signature over the pre-authentication encoding) in a Sigstore v0.3 bundle whose
 * verification material is the key id as public key hint. Returns the bundle's JSON text.
 */
export function signSkillStatement(statement: SkillStatement, key: SigningKey): string {
  const payload = Buffer.from(JSON.stringify(statement), 'utf8')
  const signature = sign(null, preAuthEncoding(inTotoPayloadType, payload), key.privateKey)
  return JSON.stringify({
    mediaType: bundleMediaType,
    verificationMaterial: {
      publicKey: { hint: key.keyId },
      tlogEntries: [],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    dsseEnvelope: {
      payload: payload.toString('base64'),
      payloadType: inTotoPayloadType,
      signatures: [{ sig: signature.toString('base64'), keyid: key.keyId }],
    },
  })
}

const fail: FieldError = (what) =>
  new SkillshipError(SignatureErrorCode.BundleInvalid, `The signature bundle is invalid: ${what}`, {
    hint: 'Expected a Sigstore v0.3 bundle with a DSSE envelope and a public key hint.',
  })

/**
 * Reads untrusted bundle bytes (SIGNATURE_BUNDLE_INVALID on anything else): at most
 * `maxBundleBytes` of UTF-8 JSON holding exactly the v0.3 media type, a public key hint, no
 * transparency-log entries or timestamps (skillship verifies neither, so it accepts none: they
 * would read as checked when they were not), and a DSSE envelope with the in-toto payload type
 * and exactly one base64 signature of 64 bytes whose keyid is empty or the hint.
 */
export function parseSkillBundle(bytes: string | Uint8Array): ParsedBundle {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes, 'utf8') : bytes.length
  if (size > maxBundleBytes) throw fail(`${size} bytes, over the ${maxBundleBytes}-byte bound`)
  let json: unknown
  try {
    const text =
      typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    json = JSON.parse(text)
  } catch {
    throw fail('not UTF-8 JSON')
  }
  const doc = exactRecord(
    json,
    'bundle',
    ['mediaType', 'verificationMaterial', 'dsseEnvelope'],
    [],
    fail,
  )
  if (doc['mediaType'] !== bundleMediaType)
    throw fail('mediaType is not the Sigstore bundle v0.3 type')
  const keyHint = readMaterial(doc['verificationMaterial'])
  const envelope = exactRecord(
    doc['dsseEnvelope'],
    'dsseEnvelope',
    ['payload', 'payloadType', 'signatures'],
    [],
    fail,
  )
  if (envelope['payloadType'] !== inTotoPayloadType)
    throw fail('payloadType is not application/vnd.in-toto+json')
  const payload = strictBase64(
    envelope['payload'],
    'dsseEnvelope.payload',
    Math.ceil(maxPayloadBytes / 3) * 4,
    fail,
  )
  const signatures = envelope['signatures']
  if (!Array.isArray(signatures) || signatures.length !== 1)
    throw fail('the envelope must hold exactly one signature')
  const entry = exactRecord(signatures[0], 'signatures[0]', ['sig'], ['keyid'], fail)
  const signature = strictBase64(entry['sig'], 'signatures[0].sig', 88, fail)
  if (signature.length !== 64) throw fail('the signature is not an ed25519 signature (64 bytes)')
  const keyid =
    entry['keyid'] === undefined
      ? ''
      : boundedString(entry['keyid'], 'signatures[0].keyid', 128, fail)
  if (keyid !== '' && keyid !== keyHint)
    throw fail('the signature keyid differs from the public key hint')
  return { keyHint, payloadType: inTotoPayloadType, payload, signature }
}

function readMaterial(value: unknown): string {
  const optional = ['tlogEntries', 'timestampVerificationData']
  const material = exactRecord(value, 'verificationMaterial', ['publicKey'], optional, fail)
  const tlog = material['tlogEntries']
  if (tlog !== undefined && !(Array.isArray(tlog) && tlog.length === 0))
    throw fail('transparency-log entries are not accepted')
  const timestamps = material['timestampVerificationData']
  if (timestamps !== undefined) {
    const data = exactRecord(
      timestamps,
      'timestampVerificationData',
      [],
      ['rfc3161Timestamps'],
      fail,
    )
    const list = data['rfc3161Timestamps']
    if (list !== undefined && !(Array.isArray(list) && list.length === 0))
      throw fail('timestamps are not accepted')
  }
  const publicKey = exactRecord(material['publicKey'], 'publicKey', ['hint'], [], fail)
  return boundedString(publicKey['hint'], 'publicKey.hint', 128, fail, /^\S+$/)
}
