import { SkillshipError } from '@skillship/core/errors'
import { skillDigestAlgorithm } from '../digest/skill-digest.js'
import { SignatureErrorCode } from '../errors/signature-error-codes.js'
import {
  type PublishPredicate,
  publishPredicateType,
  type SkillStatement,
  statementType,
} from './skill-statement.js'
import { boundedString, exactRecord } from './strict-json.js'

const hex64 = /^[0-9a-f]{64}$/
const hex128 = /^[0-9a-f]{128}$/
const commitId = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/
const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/

const fail = (what: string) =>
  new SkillshipError(
    SignatureErrorCode.StatementInvalid,
    `The signed statement is invalid: ${what}`,
    {
      hint: 'Sign again with skillship; the bundle was not made for a skill version.',
    },
  )

/**
 * The statement in a verified DSSE payload: JSON, exactly the fields of an in-toto Statement v1
 * with one subject and skillship's publish predicate (SIGNATURE_STATEMENT_INVALID otherwise).
 */
export function parseSkillStatement(payload: Uint8Array): SkillStatement {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload))
  } catch {
    throw fail('the payload is not UTF-8 JSON')
  }
  const doc = exactRecord(
    json,
    'statement',
    ['_type', 'subject', 'predicateType', 'predicate'],
    [],
    fail,
  )
  if (doc['_type'] !== statementType) throw fail('_type is not in-toto Statement v1')
  if (doc['predicateType'] !== publishPredicateType)
    throw fail('predicateType is not skillship publish v1')
  const subjects = doc['subject']
  if (!Array.isArray(subjects) || subjects.length !== 1)
    throw fail('subject must hold exactly one entry')
  const subject = exactRecord(subjects[0], 'subject[0]', ['name', 'digest'], [], fail)
  const digest = exactRecord(
    subject['digest'],
    'subject[0].digest',
    [skillDigestAlgorithm, 'sha512'],
    [],
    fail,
  )
  return {
    _type: statementType,
    subject: [
      {
        name: boundedString(subject['name'], 'subject[0].name', 512, fail, /^[^@]+@[^@]+$/),
        digest: {
          [skillDigestAlgorithm]: boundedString(
            digest[skillDigestAlgorithm],
            'digest',
            64,
            fail,
            hex64,
          ),
          sha512: boundedString(digest['sha512'], 'digest.sha512', 128, fail, hex128),
        },
      },
    ],
    predicateType: publishPredicateType,
    predicate: parsePredicate(doc['predicate']),
  }
}

function parsePredicate(value: unknown): PublishPredicate {
  const predicate = exactRecord(value, 'predicate', ['publisher', 'publishedAt'], ['source'], fail)
  const publishedAt = boundedString(
    predicate['publishedAt'],
    'predicate.publishedAt',
    40,
    fail,
    isoUtc,
  )
  if (Number.isNaN(Date.parse(publishedAt))) throw fail('predicate.publishedAt is not a date')
  const base = {
    publisher: boundedString(predicate['publisher'], 'predicate.publisher', 256, fail, /^\S/),
    publishedAt,
  }
  if (predicate['source'] === undefined) return base
  const source = exactRecord(
    predicate['source'],
    'predicate.source',
    ['repository', 'commit'],
    [],
    fail,
  )
  return {
    ...base,
    source: {
      repository: boundedString(
        source['repository'],
        'predicate.source.repository',
        2048,
        fail,
        /^\S+$/,
      ),
      commit: boundedString(source['commit'], 'predicate.source.commit', 64, fail, commitId),
    },
  }
}
