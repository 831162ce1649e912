// What `skillship install|add|remove|update` load: the install lifecycle alone. A bundle evaluates
// every module an index re-exports, and the package index also carries gc, doctor and the runtime
// builders (loaded here only when an install prepares environments).
export { type AddRequest, addSkills } from './install/add-skills.js'
export type { InstallRequest, InstallResult } from './install/install-request.js'
export { listRepositorySkills } from './install/list-repository-skills.js'
export { removeSkills } from './install/remove-skills.js'
export { runInstall } from './install/run-install.js'
export { updateSkills } from './install/update-skills.js'
