import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { SafeHtml } from '../html.js'
import type { Island } from '../layout.js'

/** What a page handler answers: the status, the title and the main content, and its islands. */
export interface PageResult {
  readonly status: ContentfulStatusCode
  readonly title: string
  readonly body: SafeHtml
  readonly islands?: readonly Island[]
}
