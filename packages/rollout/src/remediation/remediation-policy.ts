import type { Quantity } from "@rampart/model"
import type { MaintenanceWindow } from "./maintenance-window.ts"

/** The remediation policy of rampart.yaml with its defaults applied (`remediation`). */
export interface RemediationPolicy {
  /** The KMS key (an alias of each account's Region) encrypted copies are made with. */
  readonly kmsKeyAlias: string
  /** The automated backup retention enable-backups sets, in days. */
  readonly backupRetentionDays: number
  /** Resources remediated at once (a count, or a share of the plan's resources). */
  readonly maxConcurrency: Quantity
  /** Failed actions tolerated; one more stops remediation from starting anything new. */
  readonly maxErrors: Quantity
  /** When remediation may start actions (UTC); any time when absent. */
  readonly maintenanceWindow?: MaintenanceWindow
  /** The action ids that may run. */
  readonly actions: ReadonlyArray<string>
}

/** How remediation reaches a member account: the role it assumes there (`roles.remediation`) and its external id. */
export interface RemediationAccess {
  readonly roleName: string
  readonly externalId?: string
  readonly chain?: ReadonlyArray<string>
}
