import type { PublisherKeyList, RegistryKeysResponse } from '@skillship/registry-client'
import type { PageContext } from '../console-context.js'
import { html, type SafeHtml, segment } from '../html.js'

/**
 * Signing keys on the admin page (docs/signing.md): the registry's own keys (`GET /v1/keys`,
 * public) and the publisher keys the token may manage (`GET /v1/keys/publishers`: its own, an
 * admin's all), each with a revoke button. Nothing at all when the registry has no keys and the
 * token may not manage publisher keys: a server without signing shows no keys section.
 * `managesKeys`: the token may list (and so revoke) publisher keys.
 */
export async function keysSection(
  ctx: PageContext,
  csrf: SafeHtml,
): Promise<{ readonly markup: SafeHtml; readonly managesKeys: boolean }> {
  const [registry, publishers] = await Promise.all([
    ctx.api.get<RegistryKeysResponse>('/v1/keys'),
    ctx.api.get<PublisherKeyList>('/v1/keys/publishers'),
  ])
  const registryKeys = registry.body?.keys ?? []
  const publisherKeys = publishers.body?.keys
  if (registryKeys.length === 0 && publisherKeys === undefined) {
    return { markup: html``, managesKeys: false }
  }
  const registryRows = registryKeys.map(
    (key) =>
      html`<tr><th scope="row"><code>${key.keyId}</code></th><td>${key.validFrom.slice(0, 10)}</td><td>${key.validUntil === null ? 'in use' : `until ${key.validUntil.slice(0, 10)}`}</td></tr>`,
  )
  const publisherRows = (publisherKeys ?? []).map(
    (key) =>
      html`<tr><th scope="row"><code>${key.keyId}</code></th><td>${key.owner}</td><td>${key.scopes.join(' ')}</td><td>${key.createdAt.slice(0, 10)}</td><td>${key.revokedAt === null ? html`<form method="post" action="/admin/keys/${segment(key.keyId)}/revoke" class="inline">${csrf}<button type="submit" aria-label="Revoke key ${key.keyId}">Revoke</button></form>` : `revoked ${key.revokedAt.slice(0, 10)}`}</td></tr>`,
  )
  const markup = html`<section aria-labelledby="keys-h"><h2 id="keys-h">Signing keys</h2>
${registryRows.length === 0 ? '' : html`<div class="scroll"><table id="registry-keys"><caption>The registry's keys (it signs every version with the current one)</caption><thead><tr><th scope="col">Key id</th><th scope="col">Valid from</th><th scope="col">Valid until</th></tr></thead><tbody>${registryRows}</tbody></table></div>`}
${publisherKeys === undefined ? '' : publisherRows.length === 0 ? html`<p>No publisher keys registered (<code>skillship keys add</code>).</p>` : html`<div class="scroll"><table id="publisher-keys"><caption>Publisher keys (revoking one flags every version it signed)</caption><thead><tr><th scope="col">Key id</th><th scope="col">Owner</th><th scope="col">Scopes</th><th scope="col">Added</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>${publisherRows}</tbody></table></div>`}
</section>`
  return { markup, managesKeys: publisherKeys !== undefined }
}
