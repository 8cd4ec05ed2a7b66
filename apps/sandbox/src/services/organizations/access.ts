import type { CallContext } from "../../operation.ts"
import { ServiceError } from "../../service-error.ts"
import type { OrganizationState } from "../../state/organization.ts"

/** The organization, or the error AWS gives when the caller's account is in none. */
export const organizationOf = (context: CallContext): OrganizationState => {
  const org = context.store.organization
  if (!org || (org.managementAccountId !== context.account && !org.accounts[context.account])) {
    throw new ServiceError(
      "AWSOrganizationsNotInUseException",
      "Your account is not a member of an organization.",
    )
  }
  return org
}

/** Only the management account may change the organization. */
export const managementOnly = (context: CallContext): OrganizationState => {
  const org = organizationOf(context)
  if (context.account !== org.managementAccountId) {
    throw new ServiceError("AccessDeniedException", "You don't have permissions to access this resource.")
  }
  return org
}

/** The management account and delegated administrators may read the organization. */
export const readerOnly = (context: CallContext): OrganizationState => {
  const org = organizationOf(context)
  if (
    context.account !== org.managementAccountId &&
    !org.delegatedAdministrators.some((d) => d.accountId === context.account)
  ) {
    throw new ServiceError("AccessDeniedException", "You don't have permissions to access this resource.")
  }
  return org
}

/** Records a change of the organization: persisted, and compiled SCPs are rebuilt. */
export const changed = (context: CallContext, org: OrganizationState): void => {
  org.revision++
  context.store.touch("organization")
}

/** Epoch seconds, as the JSON protocol sends timestamps. */
export const seconds = (milliseconds: number): number => milliseconds / 1000
