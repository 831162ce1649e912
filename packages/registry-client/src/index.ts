// The public API of @skillship/registry-client: the registry's wire contract and a typed client.
export { buildRegistryUrl, type RegistryQuery } from './client/build-registry-url.js'
export { createRegistryClient } from './client/create-registry-client.js'
export { parseErrorBody } from './client/parse-error-body.js'
export { parseRegistryUrl } from './client/parse-registry-url.js'
export { type VerdictAnswer, verdictKey } from './client/read-verdicts.js'
export type {
  DownloadTarballOptions,
  GetSkillOptions,
  GetSkillResult,
  ListExperimentsOptions,
  LivezResponse,
  PublishOptions,
  RegistryClient,
  RegistryClientOptions,
  SearchOptions,
  WhoamiResponse,
} from './client/registry-client.js'
export { RegistryHttpError, type RegistryHttpErrorOptions } from './client/registry-http-error.js'
export { defaultTimeoutMs } from './client/registry-transport.js'
export { defaultRetryPolicy, maxRedirects, type RetryPolicy } from './client/request-policy.js'
export { ExperimentErrorCode } from './errors/experiment-error-codes.js'
export { RegistryErrorCode } from './errors/registry-error-codes.js'
export { ServeErrorCode } from './errors/serve-error-codes.js'
export { isAuditBlocked, isValidTag, resolveVersion } from './resolve/resolve-version.js'
export {
  matchesGlob,
  parseScope,
  type ScopeAction,
  scopesAllow,
  type TokenScope,
} from './scopes/token-scope.js'
export {
  type ActivityAction,
  type ActivityEntry,
  type ActivityPage,
  activityActions,
  activityEntrySchema,
  activityPageSchema,
  defaultActivityPageSize,
  maxActivityPageSize,
} from './wire/activity-documents.js'
export {
  type AuditBlockedDetails,
  type AuditFinding,
  type AuditReportDocument,
  auditBlockedDetailsSchema,
  auditFindingSchema,
  auditReportSchema,
  type CapabilityManifestDocument,
  capabilityManifestSchema,
  maxReportedFindings,
} from './wire/audit-documents.js'
export { type AuditSummary, auditSummarySchema } from './wire/audit-summary.js'
export type {
  CreatedToken,
  CreateTokenRequest,
  DistDocument,
  DistTagBody,
  DistTagsResponse,
  DocumentsRequest,
  DocumentsResponse,
  FileDocument,
  PublishQuery,
  PublishResponse,
  ResolveResponse,
  SearchResponse,
  SkillDocument,
  SkillPatch,
  SkillSummary,
  TokenInfo,
  VersionDocument,
  VersionPatch,
} from './wire/documents.js'
export {
  createdTokenSchema,
  createTokenRequestSchema,
  distDocumentSchema,
  distTagBodySchema,
  distTagsResponseSchema,
  documentsRequestSchema,
  documentsResponseSchema,
  fileDocumentSchema,
  livezResponseSchema,
  publishOptionsSchema,
  publishResponseSchema,
  resolveResponseSchema,
  searchResponseSchema,
  skillDocumentSchema,
  skillPatchSchema,
  skillSummarySchema,
  tokenInfoSchema,
  tokenListSchema,
  versionDocumentSchema,
  versionPatchSchema,
  whoamiResponseSchema,
} from './wire/documents.js'
export { type ErrorBody, errorBodySchema } from './wire/error-body.js'
export {
  binaryMetrics,
  type EventsProblem,
  eventsRequestSchema,
  experimentKeyPattern,
  maxEventsPerRequest,
  maxMetricValue,
  metricPattern,
  outcomeEventSchema,
  parseEventsRequest,
  serverMeasuredMetrics,
} from './wire/event-schemas.js'
export type {
  AssignmentResponse,
  CreateExperimentRequest,
  EventsRequest,
  EventsResponse,
  ExperimentActionBody,
  ExperimentArmReport,
  ExperimentDecision,
  ExperimentDocument,
  ExperimentGuardrail,
  ExperimentRampStep,
  ExperimentReport,
  ExperimentStatus,
  ExperimentVariant,
  MetricComparison,
  MetricStats,
  OutcomeEvent,
} from './wire/experiment-documents.js'
export {
  assignmentResponseSchema,
  createExperimentRequestSchema,
  eventsResponseSchema,
  experimentActionBodySchema,
  experimentArmReportSchema,
  experimentDecisionSchema,
  experimentDocumentSchema,
  experimentGuardrailSchema,
  experimentListSchema,
  experimentRampStepSchema,
  experimentReportSchema,
  experimentStatusSchema,
  experimentVariantSchema,
  metricComparisonSchema,
  metricStatsSchema,
} from './wire/experiment-documents.js'
export {
  type ExperimentHistory,
  experimentHistorySchema,
  type HistoryArm,
  type HistoryPoint,
  historyArmSchema,
  historyPointSchema,
  type LiftInterval,
  liftIntervalSchema,
} from './wire/experiment-history-documents.js'
export { type LoadResponse, loadResponseSchema } from './wire/load-documents.js'
export {
  defaultStatsDays,
  type LoadPhases,
  type LoadStatsPoint,
  type LoadTimePercentiles,
  loadPhasesSchema,
  loadStatsPointSchema,
  loadTimePercentilesSchema,
  maxStatsDays,
  type SkillStats,
  skillStatsSchema,
} from './wire/load-stats-documents.js'
export {
  integrityHeader,
  maxDocumentsPerRequest,
  maxJsonAnswerBytes,
  maxTarballBytes,
  routes,
  tarballContentType,
} from './wire/routes.js'
export {
  type AddPublisherKeyRequest,
  addPublisherKeyRequestSchema,
  keyIdSchema,
  maxSignatureHeaderBytes,
  type PublisherKeyDocument,
  type PublisherKeyList,
  publisherKeyDocumentSchema,
  publisherKeyListSchema,
  type RegistryKeyDocument,
  type RegistryKeysResponse,
  type RegistrySignature,
  registryKeyDocumentSchema,
  registryKeysResponseSchema,
  registrySignatureSchema,
  registrySignedMessage,
  type ServedSignatures,
  servedSignaturesSchema,
  signatureHeader,
  signatureRoutes,
  signaturesMetaKey,
  type VersionSignatures,
  versionSignaturesSchema,
} from './wire/signature-documents.js'
export {
  maxVerdictsPerRequest,
  type VerdictRef,
  type VerdictsRequest,
  type VerdictsResponse,
  type VersionVerdict,
  verdictRefSchema,
  verdictsRequestSchema,
  verdictsResponseSchema,
  versionVerdictOf,
  versionVerdictSchema,
} from './wire/verdict-documents.js'
export {
  checkWire,
  formatWirePath,
  type WireCheck,
  type WireType,
} from './wire/wire-schema.js'
