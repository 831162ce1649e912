// SQL LIKE treats `%`, `_` and the escape character itself as special; every query using these
// patterns must say `ESCAPE '\'` so user text can never widen a match.
const likeSpecial = /[\\%_]/g

/** `text` with LIKE's special characters escaped for `ESCAPE '\'`. */
export function escapeLike(text: string): string {
  return text.replace(likeSpecial, (character) => `\\${character}`)
}

/** A LIKE pattern (for `ESCAPE '\'`) matching any value that contains `text` literally. */
export function containsLikePattern(text: string): string {
  return `%${escapeLike(text)}%`
}

/**
 * A LIKE pattern (for `ESCAPE '\'`) matching the whole value against a glob in which `*` stands for
 * any run of characters and every other character, `%` and `_` included, stands for itself.
 */
export function globToLikePattern(glob: string): string {
  return glob.split('*').map(escapeLike).join('%')
}
