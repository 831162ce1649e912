// The Node.js edge of @skillship/signing: digests of folders and archives, key files, git sources.
export { readGitSource } from './node/git-source.js'
export {
  type PassphraseSource,
  readAnyKeyFile,
  readSigningKeyFile,
  readTrustedKeyFile,
  writeNewKeyFile,
} from './node/key-files.js'
export { skillDigestOfArchive, skillDigestOfFolder } from './node/skill-digest-of.js'
