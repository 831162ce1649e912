import type { DoctorContext } from './doctor-context.js'
import type { Finding } from './finding.js'

/** One diagnosis: reads what it needs from the context, changes nothing, reports findings. */
export interface DoctorCheck {
  readonly name: string
  run(context: DoctorContext): Promise<Finding[]>
}
