/** The DSSE payload type of an in-toto statement. */
export const inTotoPayloadType = 'application/vnd.in-toto+json'

/**
 * DSSE's pre-authentication encoding, the bytes actually signed:
 * `DSSEv1 <len(type)> <type> <len(body)> <body>`, lengths in ASCII decimal bytes.
 */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8')
  const head = Buffer.from(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `, 'utf8')
  return Buffer.concat([head, payload])
}
