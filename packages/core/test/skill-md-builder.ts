/** Builds SKILL.md text for tests: frontmatter lines, then a body. */
export function skillMd(frontmatter: string, body = '# Title\n\nInstructions.\n'): string {
  return `---\n${frontmatter}${frontmatter.endsWith('\n') ? '' : '\n'}---\n${body}`
}

/** A valid frontmatter for the skill `demo-skill`, with extra lines appended. */
export function validFrontmatter(extra = ''): string {
  return `name: demo-skill\ndescription: Does a demo thing. Use when a demo is needed.\n${extra}`
}
