import {
  type DocumentsResponse,
  documentsResponseSchema,
  resolveResponseSchema,
  type SkillDocument,
  searchResponseSchema,
  skillDocumentSchema,
} from '../wire/documents.js'
import { maxDocumentsPerRequest, routes } from '../wire/routes.js'
import { readJsonAnswer } from './read-json-answer.js'
import type { GetSkillResult, RegistryClient } from './registry-client.js'
import type { RegistryTransport } from './registry-transport.js'

/** The skill-level methods of `RegistryClient`: search, read (one or many), update, resolve. */
export function createSkillMethods(
  transport: RegistryTransport,
): Pick<RegistryClient, 'search' | 'getSkill' | 'getSkills' | 'updateSkill' | 'resolve'> {
  return {
    search: (options = {}) =>
      transport.json(searchResponseSchema, {
        method: 'GET',
        path: routes.skills(),
        query: { q: options.q, limit: options.limit, cursor: options.cursor },
      }),
    async getSkill(name, options = {}): Promise<GetSkillResult> {
      const answer = await transport.send({
        method: 'GET',
        path: routes.skill(name),
        headers: options.etag === undefined ? {} : { 'if-none-match': options.etag },
        answers: [304],
      })
      if (answer.status === 304) return { notModified: true }
      const document = readJsonAnswer(skillDocumentSchema, answer)
      const etag = answer.headers.get('etag') ?? undefined
      return { notModified: false, document, etag }
    },
    async getSkills(names): Promise<DocumentsResponse> {
      const unique = [...new Set(names)]
      const documents: Record<string, SkillDocument> = {}
      const missing: string[] = []
      for (let start = 0; start < unique.length; start += maxDocumentsPerRequest) {
        const page = await transport.json(documentsResponseSchema, {
          method: 'POST',
          path: routes.documents(),
          idempotent: true,
          json: { names: unique.slice(start, start + maxDocumentsPerRequest) },
        })
        Object.assign(documents, page.documents)
        missing.push(...page.missing)
      }
      return { documents, missing }
    },
    updateSkill: (name, patch) =>
      transport.json(skillDocumentSchema, {
        method: 'PATCH',
        path: routes.skill(name),
        json: patch,
      }),
    resolve: (name, range) =>
      transport.json(resolveResponseSchema, {
        method: 'GET',
        path: routes.resolve(name),
        query: { range },
      }),
  }
}
