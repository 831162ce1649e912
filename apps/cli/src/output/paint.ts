const codes = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  dim: [2, 22],
  bold: [1, 22],
  cyan: [36, 39],
} as const

/** Wraps text in an ANSI style when `enabled` (a TTY without NO_COLOR), else returns it as is. */
export function paint(style: keyof typeof codes, text: string, enabled: boolean): string {
  if (!enabled) return text
  const [open, close] = codes[style]
  return `\u001b[${open}m${text}\u001b[${close}m`
}
