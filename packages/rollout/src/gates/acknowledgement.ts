import type { Acknowledgement } from "@rampart/model"
import { compileArnPattern, compileGlob } from "@rampart/scp"

/** A newly denied call, as the impact gate sees it: who called what. */
export interface DeniedCall {
  /** `aws:PrincipalArn`: for a role session, the role. */
  readonly principal: string
  /** `rds:CreateDBInstance`. */
  readonly action: string
}

/**
 * The first acknowledgement that covers a call: its principal pattern matches the caller's ARN as IAM's ArnLike
 * does (case-sensitive, a wildcard never spans the colons between the ARN's parts) and its action pattern, if
 * any, matches the action case-insensitively, as IAM compares action names.
 */
export const acknowledgementFor = (
  call: DeniedCall,
  acknowledgements: ReadonlyArray<Acknowledgement>,
): Acknowledgement | undefined =>
  acknowledgements.find(
    (acknowledgement) =>
      compileArnPattern(acknowledgement.principal)(call.principal) &&
      (acknowledgement.action === undefined ||
        compileGlob(acknowledgement.action, true)(call.action.toLowerCase())),
  )
