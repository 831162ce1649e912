/** The `code` of what `run` throws, or undefined when it returns: tests assert codes, never messages. */
export function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    return (error as { code?: string }).code
  }
  return undefined
}
