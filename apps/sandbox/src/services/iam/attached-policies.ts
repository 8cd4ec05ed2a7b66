import type { CallContext, Input, Operation } from "../../operation.ts"
import { ServiceError } from "../../service-error.ts"
import { changed, iamOf, refuseServiceLinked, roleOrThrow } from "./access.ts"
import { findPolicy, policyArnOf } from "./managed-policies.ts"
import { quotaExceeded, quotas } from "./policy-documents.ts"
import { roleNameOf, roleResource, roleTagKeys } from "./roles.ts"
import { splitPolicyArn } from "./shapes.ts"
import { iamPage, optionalPathPrefix } from "./validation.ts"

/** `iam:PolicyARN`, which SCPs use to forbid attaching, say, AdministratorAccess. */
const policyArnKeys = (input: Input, context: CallContext) => ({
  ...roleTagKeys(input, context),
  "iam:PolicyARN": policyArnOf(input),
})

const attachRolePolicy: Operation = {
  name: "AttachRolePolicy",
  readOnly: false,
  resource: roleResource,
  conditionKeys: policyArnKeys,
  handle: (input, context) => {
    const iam = iamOf(context)
    const role = roleOrThrow(iam, roleNameOf(input))
    const arn = policyArnOf(input)
    refuseServiceLinked(role)
    if (!findPolicy(iam, arn))
      throw new ServiceError("NoSuchEntity", `Policy ${arn} does not exist or is not attachable.`, {
        status: 404,
      })
    // Attaching a policy that is already attached succeeds without change, as in AWS.
    if (role.attachedPolicyArns.includes(arn)) return {}
    if (role.attachedPolicyArns.length >= quotas.PoliciesPerRole) throw quotaExceeded("PoliciesPerRole")
    role.attachedPolicyArns.push(arn)
    changed(context, iam)
    return {}
  },
}

const detachRolePolicy: Operation = {
  name: "DetachRolePolicy",
  readOnly: false,
  resource: roleResource,
  conditionKeys: policyArnKeys,
  handle: (input, context) => {
    const iam = iamOf(context)
    const role = roleOrThrow(iam, roleNameOf(input))
    const arn = policyArnOf(input)
    refuseServiceLinked(role)
    if (!role.attachedPolicyArns.includes(arn))
      throw new ServiceError("NoSuchEntity", `Policy ${arn} was not found.`, { status: 404 })
    role.attachedPolicyArns = role.attachedPolicyArns.filter((a) => a !== arn)
    changed(context, iam)
    return {}
  },
}

const listAttachedRolePolicies: Operation = {
  name: "ListAttachedRolePolicies",
  readOnly: true,
  resource: roleResource,
  conditionKeys: roleTagKeys,
  handle: (input, context) => {
    const role = roleOrThrow(iamOf(context), roleNameOf(input))
    const prefix = optionalPathPrefix(input)
    // Names come from the ARNs, so policies attached by AWS to service-linked roles are listed too.
    const attached = role.attachedPolicyArns
      .map((arn) => ({ arn, ...splitPolicyArn(arn) }))
      .filter((p) => p.path.startsWith(prefix))
      .map((p) => ({ PolicyName: p.name, PolicyArn: p.arn }))
    const page = iamPage(attached, input)
    return { AttachedPolicies: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker }
  },
}

/** Managed policies attached to roles: AttachRolePolicy, DetachRolePolicy, ListAttachedRolePolicies. */
export const attachedPolicyOperations: ReadonlyArray<Operation> = [
  attachRolePolicy,
  detachRolePolicy,
  listAttachedRolePolicies,
]
