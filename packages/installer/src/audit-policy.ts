// The project's audit policy (`@skillship/installer/audit-policy`): what `skillship audit` and the
// install gate judge with. Kept out of the main entry so the audit command loads no installer.
export {
  projectAuditPolicy,
  readProjectAuditPolicy,
} from './audit/project-audit-policy.js'
