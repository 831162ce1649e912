/**
 * `JSON.parse(text)`, or undefined when `text` is not JSON: for files skillship wrote whose
 * corruption means "not ours" rather than an error (JSON itself never parses to undefined).
 */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    if (error instanceof SyntaxError) return undefined
    throw error
  }
}
