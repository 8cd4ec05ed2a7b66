import {
  type EventFacts,
  parametersOf,
  type RequestDetails,
  type ServiceKnowledge,
  textParameter,
} from "./service-knowledge.ts"

/** IAM actions whose resource is the role named by `roleName`. */
const roleActions = new Set([
  "AttachRolePolicy",
  "CreateRole",
  "DeleteRole",
  "DeleteRolePermissionsBoundary",
  "DeleteRolePolicy",
  "DeleteServiceLinkedRole",
  "DetachRolePolicy",
  "GetRole",
  "GetRolePolicy",
  "ListAttachedRolePolicies",
  "ListInstanceProfilesForRole",
  "ListRolePolicies",
  "ListRoleTags",
  "PassRole",
  "PutRolePermissionsBoundary",
  "PutRolePolicy",
  "TagRole",
  "UntagRole",
  "UpdateAssumeRolePolicy",
  "UpdateRole",
  "UpdateRoleDescription",
])

/**
 * IAM: the role ARN of role actions, `arn:PARTITION:iam::ACCOUNT:role/NAME`. Events record the role's name but
 * not its path, except `CreateRole` (`path`): for a role created with a path elsewhere, the ARN derived here
 * lacks it.
 */
export const iam: ServiceKnowledge = {
  prefix: "iam",
  eventSources: ["iam.amazonaws.com"],
  actionsWithDetails: roleActions,
  details: (facts: EventFacts): RequestDetails => {
    const parameters = parametersOf(facts.parameters)
    const name = parameters && textParameter(parameters, "roleName")
    if (parameters === undefined || name === undefined) return {}
    const path = textParameter(parameters, "path") ?? "/"
    const normalised = path.endsWith("/") ? path : `${path}/`
    return { resource: `arn:${facts.partition}:iam::${facts.resourceAccount}:role${normalised}${name}` }
  },
}
