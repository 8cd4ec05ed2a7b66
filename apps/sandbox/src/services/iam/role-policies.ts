import type { Input, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { changed, iamOf, refuseServiceLinked, roleOrThrow } from "./access.ts"
import { checkPolicyDocument, encodeDocument, policySize, quotaExceeded, quotas } from "./policy-documents.ts"
import { roleNameOf, roleResource, roleTagKeys } from "./roles.ts"
import { iamPage, requireName } from "./validation.ts"

const policyNameOf = (input: Input): string => requireName(input, "PolicyName", 128)

const noSuchPolicy = (name: string): ServiceError =>
  new ServiceError("NoSuchEntity", `The role policy with name ${name} cannot be found.`, { status: 404 })

const putRolePolicy: Operation = {
  name: "PutRolePolicy",
  readOnly: false,
  resource: roleResource,
  conditionKeys: roleTagKeys,
  handle: (input, context) => {
    const iam = iamOf(context)
    const role = roleOrThrow(iam, roleNameOf(input))
    const name = policyNameOf(input)
    const document = requireString(input, "PolicyDocument", "ValidationError")
    refuseServiceLinked(role)
    checkPolicyDocument(document, "identity")
    // The quota counts every inline policy of the role together, the one being replaced excepted.
    const others = Object.entries(role.inlinePolicies)
      .filter(([other]) => other !== name)
      .reduce((sum, [, text]) => sum + policySize(text), 0)
    if (others + policySize(document) > quotas.RolePolicySize) throw quotaExceeded("RolePolicySize")
    role.inlinePolicies[name] = document
    changed(context, iam)
    return {}
  },
}

const getRolePolicy: Operation = {
  name: "GetRolePolicy",
  readOnly: true,
  resource: roleResource,
  conditionKeys: roleTagKeys,
  handle: (input, context) => {
    const role = roleOrThrow(iamOf(context), roleNameOf(input))
    const name = policyNameOf(input)
    const document = role.inlinePolicies[name]
    if (document === undefined) throw noSuchPolicy(name)
    return { RoleName: role.roleName, PolicyName: name, PolicyDocument: encodeDocument(document) }
  },
}

const deleteRolePolicy: Operation = {
  name: "DeleteRolePolicy",
  readOnly: false,
  resource: roleResource,
  conditionKeys: roleTagKeys,
  handle: (input, context) => {
    const iam = iamOf(context)
    const role = roleOrThrow(iam, roleNameOf(input))
    const name = policyNameOf(input)
    refuseServiceLinked(role)
    if (role.inlinePolicies[name] === undefined) throw noSuchPolicy(name)
    delete role.inlinePolicies[name]
    changed(context, iam)
    return {}
  },
}

const listRolePolicies: Operation = {
  name: "ListRolePolicies",
  readOnly: true,
  resource: roleResource,
  conditionKeys: roleTagKeys,
  handle: (input, context) => {
    const role = roleOrThrow(iamOf(context), roleNameOf(input))
    const page = iamPage(Object.keys(role.inlinePolicies).sort(), input)
    return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker }
  },
}

/** The inline policies of roles: PutRolePolicy, GetRolePolicy, DeleteRolePolicy, ListRolePolicies. */
export const rolePolicyOperations: ReadonlyArray<Operation> = [
  putRolePolicy,
  getRolePolicy,
  deleteRolePolicy,
  listRolePolicies,
]
