/** The remediation policy of rampart.yaml with its defaults applied (`remediation`). */
export type { RemediationPolicy } from "@rampart/config"

/** How remediation reaches a member account: the role it assumes there (`roles.remediation`) and its external id. */
export interface RemediationAccess {
  readonly roleName: string
  readonly externalId?: string
  readonly chain?: ReadonlyArray<string>
}
