import {
  hiddenTextPayloads,
  obfuscationPayloads,
  promptInjectionPayloads,
} from './deception-payloads.js'
import {
  destructivePayloads,
  persistencePayloads,
  remoteExecPayloads,
  reverseShellPayloads,
} from './execution-payloads.js'
import type { Payload } from './payload.js'
import { dependencyPayloads, permissionsPayloads } from './supply-chain-payloads.js'
import {
  agentConfigPayloads,
  credentialAccessPayloads,
  exfiltrationPayloads,
  walletTheftPayloads,
} from './theft-payloads.js'

/**
 * The labelled malicious additions, written for this corpus, one array per category in the
 * `*-payloads.ts` files. write-corpus.ts gives the payload at index i the cover i mod the covers'
 * count, so this order decides each committed case's cover: keep it.
 */
export const payloads: readonly Payload[] = [
  ...promptInjectionPayloads,
  ...hiddenTextPayloads,
  ...obfuscationPayloads,
  ...remoteExecPayloads,
  ...reverseShellPayloads,
  ...credentialAccessPayloads,
  ...exfiltrationPayloads,
  ...agentConfigPayloads,
  ...persistencePayloads,
  ...destructivePayloads,
  ...walletTheftPayloads,
  ...dependencyPayloads,
  ...permissionsPayloads,
]
