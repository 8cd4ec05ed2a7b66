import type { CallContext } from "../../operation.ts"
import { ServiceError } from "../../service-error.ts"
import { cloudTrailState, parseTrailArn, type TrailRecord, trailArn } from "./state.ts"

/** The error CloudTrail answers for a trail it cannot find. */
export const trailNotFound = (context: CallContext, name: string): ServiceError =>
  new ServiceError(
    "TrailNotFoundException",
    `Unknown trail: ${name.startsWith("arn:") ? name : trailArn(context.partition, context.region, context.account, name)} for the user: ${context.account}`,
  )

/** A trail and where it lives. */
export interface FoundTrail {
  readonly trail: TrailRecord
  readonly account: string
  readonly region: string
}

/** Whether the caller sees another account's trail: organization trails are visible to every member account. */
const visibleTo = (context: CallContext, found: FoundTrail): boolean => {
  if (found.account === context.account) return true
  const org = context.store.organization
  return (
    found.trail.isOrganizationTrail &&
    org !== undefined &&
    org.managementAccountId === found.account &&
    org.accounts[context.account] !== undefined
  )
}

/**
 * Finds a trail by name (in the caller's Region) or by ARN (any Region, or the management account's
 * organization trail). `forChange` requires the caller's own trail in its home Region, as CloudTrail changes a
 * trail only there (InvalidHomeRegionException otherwise).
 */
export const findTrail = (context: CallContext, nameOrArn: string, forChange: boolean): FoundTrail => {
  const parsed = parseTrailArn(nameOrArn)
  const where = parsed ?? { account: context.account, region: context.region, name: nameOrArn }
  const trail = context.store.accounts.get(where.account)?.regions[where.region]
    ? cloudTrailState(context.store, where.account, where.region).trails[where.name]
    : undefined
  const found = trail ? { trail, account: where.account, region: where.region } : undefined
  if (!found || !visibleTo(context, found)) throw trailNotFound(context, nameOrArn)
  if (forChange && found.account !== context.account) throw trailNotFound(context, nameOrArn)
  if (forChange && found.region !== context.region)
    throw new ServiceError(
      "InvalidHomeRegionException",
      `This operation must be called from the trail's home region, ${found.region}.`,
    )
  return found
}
