import type { CallContext, Input, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import type { RoleRecord } from "../../state/iam.ts"
import { changed, findRole, iamOf, refuseServiceLinked, roleArnFor, roleOrThrow } from "./access.ts"
import { checkPolicyDocument, policySize, quotaExceeded, quotas } from "./policy-documents.ts"
import { roleShape } from "./shapes.ts"
import { requestTagKeys, requestTags, resourceTagKeys } from "./tags.ts"
import {
  iamPage,
  optionalInteger,
  optionalPath,
  optionalPathPrefix,
  optionalText,
  requireName,
} from "./validation.ts"

/** The role name of a call, checked (1..64 characters of `[\w+=,.@-]`). */
export const roleNameOf = (input: Input): string => requireName(input, "RoleName", 64)

/** The ARN a call on an existing role is authorized against. */
export const roleResource = (input: Input, context: CallContext): string =>
  roleArnFor(context, roleNameOf(input))

/** `aws:ResourceTag/...` of the role a call acts on (none when it does not exist). */
export const roleTagKeys = (input: Input, context: CallContext) =>
  resourceTagKeys(findRole(iamOf(context), roleNameOf(input))?.tags ?? [])

/** A trust policy, checked for grammar and IAM's size quota. */
export const checkTrustPolicy = (text: string): void => {
  if (policySize(text) > quotas.ACLSizePerRole) throw quotaExceeded("ACLSizePerRole")
  checkPolicyDocument(text, "trust")
}

/** How long sessions of a role may last: 1 to 12 hours. */
const sessionDuration = (input: Input): number | undefined =>
  optionalInteger(input, "MaxSessionDuration", 3600, 43_200)

/** Puts a new role into the account, refusing a name already used (IAM compares role names case-insensitively). */
export const addRole = (
  context: CallContext,
  role: Omit<RoleRecord, "roleId" | "arn" | "createDate">,
  exists: (name: string) => ServiceError,
): RoleRecord => {
  const iam = iamOf(context)
  if (findRole(iam, role.roleName)) throw exists(role.roleName)
  if (Object.keys(iam.roles).length >= quotas.RolesPerAccount) throw quotaExceeded("RolesPerAccount")
  const record: RoleRecord = {
    ...role,
    roleId: context.store.nextId("AROA", 17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
    arn: `arn:${context.partition}:iam::${context.account}:role${role.path}${role.roleName}`,
    createDate: context.clock.now(),
  }
  iam.roles[record.roleName] = record
  changed(context, iam)
  return record
}

const createRole: Operation = {
  name: "CreateRole",
  readOnly: false,
  resource: (input, context) =>
    `arn:${context.partition}:iam::${context.account}:role${optionalPath(input)}${roleNameOf(input)}`,
  conditionKeys: (input) => requestTagKeys(requestTags(input)),
  handle: (input, context) => {
    const roleName = roleNameOf(input)
    const path = optionalPath(input)
    const trust = requireString(input, "AssumeRolePolicyDocument", "ValidationError")
    checkTrustPolicy(trust)
    const description = optionalText(input, "Description", 1000) ?? ""
    const maxSessionDuration = sessionDuration(input) ?? 3600
    const tags = requestTags(input)
    // PermissionsBoundary is accepted but neither stored nor enforced: the role record has no place for it.
    const role = addRole(
      context,
      {
        roleName,
        path,
        assumeRolePolicyDocument: trust,
        description,
        maxSessionDuration,
        inlinePolicies: {},
        attachedPolicyArns: [],
        tags,
      },
      (name) =>
        new ServiceError("EntityAlreadyExists", `Role with name ${name} already exists.`, { status: 409 }),
    )
    return { Role: roleShape(role, { tags: true }) }
  },
}

const getRole: Operation = {
  name: "GetRole",
  readOnly: true,
  resource: roleResource,
  conditionKeys: roleTagKeys,
  handle: (input, context) => ({
    Role: roleShape(roleOrThrow(iamOf(context), roleNameOf(input)), { tags: true }),
  }),
}

const updateRole: Operation = {
  name: "UpdateRole",
  readOnly: false,
  resource: roleResource,
  conditionKeys: roleTagKeys,
  handle: (input, context) => {
    const iam = iamOf(context)
    const role = roleOrThrow(iam, roleNameOf(input))
    const description = optionalText(input, "Description", 1000)
    const duration = sessionDuration(input)
    if (description !== undefined) role.description = description
    if (duration !== undefined) role.maxSessionDuration = duration
    changed(context, iam)
    return {}
  },
}

const updateRoleDescription: Operation = {
  name: "UpdateRoleDescription",
  readOnly: false,
  resource: roleResource,
  conditionKeys: roleTagKeys,
  handle: (input, context) => {
    const iam = iamOf(context)
    const role = roleOrThrow(iam, roleNameOf(input))
    const description = optionalText(input, "Description", 1000)
    if (description === undefined) requireString(input, "Description", "ValidationError")
    role.description = description ?? ""
    changed(context, iam)
    return { Role: roleShape(role, { tags: true }) }
  },
}

const updateAssumeRolePolicy: Operation = {
  name: "UpdateAssumeRolePolicy",
  readOnly: false,
  resource: roleResource,
  conditionKeys: roleTagKeys,
  handle: (input, context) => {
    const iam = iamOf(context)
    const role = roleOrThrow(iam, roleNameOf(input))
    refuseServiceLinked(role)
    const trust = requireString(input, "PolicyDocument", "ValidationError")
    checkTrustPolicy(trust)
    role.assumeRolePolicyDocument = trust
    changed(context, iam)
    return {}
  },
}

/** Deletes a role that has no policies left, as DeleteRole and DeleteServiceLinkedRole require. */
export const removeRole = (context: CallContext, role: RoleRecord): void => {
  if (role.attachedPolicyArns.length > 0)
    throw new ServiceError("DeleteConflict", "Cannot delete entity, must detach all policies first.", {
      status: 409,
    })
  if (Object.keys(role.inlinePolicies).length > 0)
    throw new ServiceError("DeleteConflict", "Cannot delete entity, must delete policies first.", {
      status: 409,
    })
  const iam = iamOf(context)
  delete iam.roles[role.roleName]
  changed(context, iam)
}

const deleteRole: Operation = {
  name: "DeleteRole",
  readOnly: false,
  resource: roleResource,
  conditionKeys: roleTagKeys,
  handle: (input, context) => {
    const role = roleOrThrow(iamOf(context), roleNameOf(input))
    refuseServiceLinked(role)
    removeRole(context, role)
    return {}
  },
}

const listRoles: Operation = {
  name: "ListRoles",
  readOnly: true,
  handle: (input, context) => {
    const prefix = optionalPathPrefix(input)
    const roles = Object.values(iamOf(context).roles)
      .filter((r) => r.path.startsWith(prefix))
      .sort((a, b) => (a.roleName < b.roleName ? -1 : a.roleName > b.roleName ? 1 : 0))
    const page = iamPage(roles, input)
    return {
      Roles: page.items.map((r) => roleShape(r, { tags: false })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    }
  },
}

/** CreateRole, GetRole, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy, DeleteRole, ListRoles. */
export const roleOperations: ReadonlyArray<Operation> = [
  createRole,
  getRole,
  updateRole,
  updateRoleDescription,
  updateAssumeRolePolicy,
  deleteRole,
  listRoles,
]
