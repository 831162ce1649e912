import { declarationsCheck } from './check-declarations.js'
import { envsCheck } from './check-envs.js'
import { leftoversCheck } from './check-leftovers.js'
import { linksCheck } from './check-links.js'
import { modifiedCheck } from './check-modified.js'
import { nodeCheck } from './check-node.js'
import { permissionsCheck } from './check-permissions.js'
import { pipConfigCheck } from './check-pip-config.js'
import { projectCheck } from './check-project.js'
import { pythonCheck } from './check-python.js'
import { skillMdCheck } from './check-skill-md.js'
import type { DoctorCheck } from './doctor-check.js'

/** Every check, in report order: the shared inputs first, then runtimes, then the disk. */
export const doctorChecks: readonly DoctorCheck[] = [
  projectCheck,
  declarationsCheck,
  nodeCheck,
  pythonCheck,
  pipConfigCheck,
  permissionsCheck,
  leftoversCheck,
  linksCheck,
  modifiedCheck,
  envsCheck,
  skillMdCheck,
]
