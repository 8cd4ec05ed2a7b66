/** The remediation policy of rampart.yaml with its defaults applied (`remediation`). */
export type { RemediationPolicy } from "@rampart/config"

/** How remediation reaches a member account: the remediation role, with its external id and chain. */
export type { MemberAccess as RemediationAccess } from "../read-state.ts"
