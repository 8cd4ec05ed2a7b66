import type { CallContext } from "../../operation.ts"
import { ServiceError } from "../../service-error.ts"
import type { IamState, RoleRecord } from "../../state/iam.ts"

/** The caller's account IAM state (IAM acts in the caller's own account). */
export const iamOf = (context: CallContext): IamState => context.store.account(context.account).iam

/**
 * Records a change of IAM: the revision moves so the authorizer recompiles the account's identity policies, and
 * the account is written before the answer is sent.
 */
export const changed = (context: CallContext, iam: IamState): void => {
  iam.revision++
  context.store.touch(context.account)
}

/**
 * A role by name. IAM does not distinguish role names by case, so an exact match is tried first and then a
 * case-insensitive one.
 */
export const findRole = (iam: IamState, name: string): RoleRecord | undefined => {
  const exact = iam.roles[name]
  if (exact) return exact
  const lower = name.toLowerCase()
  return Object.values(iam.roles).find((r) => r.roleName.toLowerCase() === lower)
}

/** A role by name, or IAM's NoSuchEntity. */
export const roleOrThrow = (iam: IamState, name: string): RoleRecord => {
  const role = findRole(iam, name)
  if (!role)
    throw new ServiceError("NoSuchEntity", `The role with name ${name} cannot be found.`, { status: 404 })
  return role
}

/** Service-linked roles are changed only by their service (AWS answers UnmodifiableEntity). */
export const isServiceLinked = (role: RoleRecord): boolean => role.path.startsWith("/aws-service-role/")

/** Refuses changes to a service-linked role the way IAM does. */
export const refuseServiceLinked = (role: RoleRecord): void => {
  if (isServiceLinked(role))
    throw new ServiceError(
      "UnmodifiableEntity",
      `Cannot perform the operation on the protected role '${role.roleName}' - this role is only modifiable by AWS`,
    )
}

/**
 * The ARN a call on a role is authorized against: the stored role's (it carries the path), or the ARN the role
 * would have at the root path when it does not exist (yet).
 */
export const roleArnFor = (context: CallContext, name: string, path = "/"): string =>
  findRole(iamOf(context), name)?.arn ?? `arn:${context.partition}:iam::${context.account}:role${path}${name}`
