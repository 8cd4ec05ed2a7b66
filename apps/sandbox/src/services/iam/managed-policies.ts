import type { CallContext, Input, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { awsManagedPolicies, type IamState, type ManagedPolicyRecord } from "../../state/iam.ts"
import { changed, iamOf } from "./access.ts"
import { checkPolicyDocument, policySize, quotaExceeded, quotas } from "./policy-documents.ts"
import { awsManagedView, customerView, type PolicyView, policyShape, policyVersionShape } from "./shapes.ts"
import {
  constraintError,
  iamPage,
  optionalBoolean,
  optionalPath,
  optionalPathPrefix,
  optionalText,
  requireName,
} from "./validation.ts"

/** The `PolicyArn` of a call: well formed (an IAM policy ARN), else InvalidInput as IAM answers. */
export const policyArnOf = (input: Input): string => {
  const arn = requireString(input, "PolicyArn", "ValidationError")
  if (arn.length < 20 || arn.length > 2048)
    throw constraintError("PolicyArn", arn, "Member must have length between 20 and 2048")
  if (!/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\u0021-\u007E]+$/.test(arn))
    throw new ServiceError("InvalidInput", `ARN ${arn} is not valid.`)
  return arn
}

/** A managed policy by ARN: an AWS managed one the sandbox knows, or a customer managed one of the account. */
export const findPolicy = (iam: IamState, arn: string): PolicyView | undefined => {
  const aws = awsManagedView(arn)
  if (aws) return aws
  const own = Object.values(iam.policies).find((p) => p.arn === arn)
  return own ? customerView(own) : undefined
}

/** How many roles of the account have the policy attached. */
export const attachmentCount = (iam: IamState, arn: string): number =>
  Object.values(iam.roles).filter((r) => r.attachedPolicyArns.includes(arn)).length

const policyOrThrow = (context: CallContext, arn: string): PolicyView => {
  const policy = findPolicy(iamOf(context), arn)
  if (!policy) throw new ServiceError("NoSuchEntity", `Policy ${arn} was not found.`, { status: 404 })
  return policy
}

const createPolicy: Operation = {
  name: "CreatePolicy",
  readOnly: false,
  resource: (input, context) =>
    `arn:${context.partition}:iam::${context.account}:policy${optionalPath(input)}${requireName(input, "PolicyName", 128)}`,
  handle: (input, context) => {
    const name = requireName(input, "PolicyName", 128)
    const path = optionalPath(input)
    const document = requireString(input, "PolicyDocument", "ValidationError")
    const description = optionalText(input, "Description", 1000) ?? ""
    if (policySize(document) > quotas.PolicySize) throw quotaExceeded("PolicySize")
    checkPolicyDocument(document, "identity")
    const iam = iamOf(context)
    // Policy names are unique in an account whatever their path (and, like role names, regardless of case).
    if (Object.values(iam.policies).some((p) => p.policyName.toLowerCase() === name.toLowerCase()))
      throw new ServiceError(
        "EntityAlreadyExists",
        `A policy called ${name} already exists. Duplicate names are not allowed.`,
        { status: 409 },
      )
    if (Object.keys(iam.policies).length >= quotas.PoliciesPerAccount)
      throw quotaExceeded("PoliciesPerAccount")
    const now = context.clock.now()
    // Tags on the request are accepted but not kept: the policy record has no place for them.
    const policy: ManagedPolicyRecord = {
      policyId: context.store.nextId("ANPA", 17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
      policyName: name,
      arn: `arn:${context.partition}:iam::${context.account}:policy${path}${name}`,
      path,
      description,
      document,
      defaultVersionId: "v1",
      createDate: now,
      updateDate: now,
    }
    iam.policies[name] = policy
    changed(context, iam)
    return { Policy: policyShape(customerView(policy), 0, { description: false }) }
  },
}

const getPolicy: Operation = {
  name: "GetPolicy",
  readOnly: true,
  resource: (input) => policyArnOf(input),
  handle: (input, context) => {
    const arn = policyArnOf(input)
    const policy = policyOrThrow(context, arn)
    return { Policy: policyShape(policy, attachmentCount(iamOf(context), arn), { description: true }) }
  },
}

const getPolicyVersion: Operation = {
  name: "GetPolicyVersion",
  readOnly: true,
  resource: (input) => policyArnOf(input),
  handle: (input, context) => {
    const policy = policyOrThrow(context, policyArnOf(input))
    const versionId = requireString(input, "VersionId", "ValidationError")
    if (!/^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/.test(versionId))
      throw constraintError(
        "VersionId",
        versionId,
        "Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
      )
    if (versionId !== policy.defaultVersionId)
      throw new ServiceError(
        "NoSuchEntity",
        `Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`,
        { status: 404 },
      )
    return { PolicyVersion: policyVersionShape(policy) }
  },
}

const listPolicyVersions: Operation = {
  name: "ListPolicyVersions",
  readOnly: true,
  resource: (input) => policyArnOf(input),
  handle: (input, context) => {
    const policy = policyOrThrow(context, policyArnOf(input))
    const { Document: _, ...version } = policyVersionShape(policy)
    const page = iamPage([version], input)
    return { Versions: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker }
  },
}

const deletePolicy: Operation = {
  name: "DeletePolicy",
  readOnly: false,
  resource: (input) => policyArnOf(input),
  handle: (input, context) => {
    const arn = policyArnOf(input)
    const iam = iamOf(context)
    if (awsManagedPolicies[arn] !== undefined)
      throw new ServiceError("AccessDenied", `Cannot delete the AWS managed policy ${arn}.`, { status: 403 })
    const entry = Object.entries(iam.policies).find(([, p]) => p.arn === arn)
    if (!entry) throw new ServiceError("NoSuchEntity", `Policy ${arn} was not found.`, { status: 404 })
    if (attachmentCount(iam, arn) > 0)
      throw new ServiceError("DeleteConflict", "Cannot delete a policy attached to entities.", {
        status: 409,
      })
    delete iam.policies[entry[0]]
    changed(context, iam)
    return {}
  },
}

const scopes = ["All", "AWS", "Local"] as const

const listPolicies: Operation = {
  name: "ListPolicies",
  readOnly: true,
  handle: (input, context) => {
    const scope = input.Scope ?? "All"
    if (!scopes.includes(scope as (typeof scopes)[number]))
      throw constraintError("Scope", scope, "Member must satisfy enum value set: [All, AWS, Local]")
    const usage = input.PolicyUsageFilter
    if (usage !== undefined && usage !== "PermissionsPolicy" && usage !== "PermissionsBoundary")
      throw constraintError(
        "PolicyUsageFilter",
        usage,
        "Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]",
      )
    const onlyAttached = optionalBoolean(input, "OnlyAttached") ?? false
    const prefix = optionalPathPrefix(input)
    const iam = iamOf(context)
    const candidates: PolicyView[] = [
      ...(scope === "Local" ? [] : Object.keys(awsManagedPolicies).map((arn) => awsManagedView(arn))),
      ...(scope === "AWS" ? [] : Object.values(iam.policies).map(customerView)),
    ].filter((p) => p !== undefined)
    const listed = candidates
      // The sandbox keeps no permissions boundaries, so no policy is in use as one.
      .filter(() => usage !== "PermissionsBoundary")
      .map((p) => ({ view: p, count: attachmentCount(iam, p.arn) }))
      .filter(({ view, count }) => view.path.startsWith(prefix) && (!onlyAttached || count > 0))
      .sort((a, b) => (a.view.name < b.view.name ? -1 : a.view.name > b.view.name ? 1 : 0))
    const page = iamPage(listed, input)
    return {
      Policies: page.items.map(({ view, count }) => policyShape(view, count, { description: false })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    }
  },
}

/** Customer managed policies (one default version each) and the AWS managed policies the sandbox knows. */
export const managedPolicyOperations: ReadonlyArray<Operation> = [
  createPolicy,
  getPolicy,
  getPolicyVersion,
  listPolicyVersions,
  deletePolicy,
  listPolicies,
]
