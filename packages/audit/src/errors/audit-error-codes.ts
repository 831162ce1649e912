/** Error codes of the audit family (docs/errors.md). */
export const AuditErrorCode = {
  /** The policy file or preset name is not valid. */
  PolicyInvalid: 'AUDIT_POLICY_INVALID',
  /** The verdict is block under the policy. */
  Blocked: 'AUDIT_BLOCKED',
  /** A work budget ran out; the verdict covers only part of the skill. */
  Incomplete: 'AUDIT_INCOMPLETE',
} as const

export type AuditErrorCode = (typeof AuditErrorCode)[keyof typeof AuditErrorCode]
