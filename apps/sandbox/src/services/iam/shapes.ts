import { createHash } from "node:crypto"
import { awsManagedPolicies, type ManagedPolicyRecord, type RoleRecord } from "../../state/iam.ts"
import { encodeDocument } from "./policy-documents.ts"

/**
 * A role as IAM answers it. ListRoles leaves out tags and last use; GetRole and CreateRole carry the tags.
 * Empty descriptions are left out, as AWS does.
 */
export const roleShape = (role: RoleRecord, options: { readonly tags: boolean }) => ({
  Path: role.path,
  RoleName: role.roleName,
  RoleId: role.roleId,
  Arn: role.arn,
  CreateDate: new Date(role.createDate),
  AssumeRolePolicyDocument: encodeDocument(role.assumeRolePolicyDocument),
  Description: role.description === "" ? undefined : role.description,
  MaxSessionDuration: role.maxSessionDuration,
  Tags: options.tags && role.tags.length > 0 ? role.tags : undefined,
})

/** What IAM says of a managed policy, customer or AWS managed, in one form. */
export interface PolicyView {
  readonly name: string
  readonly id: string
  readonly arn: string
  readonly path: string
  readonly description: string
  readonly document: string
  readonly defaultVersionId: string
  readonly createDate: number
  readonly updateDate: number
  readonly awsManaged: boolean
}

/** AWS published its managed policies long before any sandbox; one fixed date stands for all of them. */
const awsManagedDate = Date.UTC(2015, 1, 6, 18, 39, 46)

/** AWS managed policies have `ANPA…` ids; the sandbox derives stable ones from the ARN. */
const awsManagedId = (arn: string): string => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
  const digest = createHash("sha256").update(arn).digest()
  let out = "ANPA"
  for (let i = 0; i < 17; i++) out += alphabet[(digest[i] ?? 0) % alphabet.length]
  return out
}

/** The name and path in a policy ARN (`arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`). */
export const splitPolicyArn = (arn: string): { path: string; name: string } => {
  const resource = arn.slice(arn.indexOf(":policy/") + ":policy".length)
  const cut = resource.lastIndexOf("/")
  return { path: resource.slice(0, cut + 1), name: resource.slice(cut + 1) }
}

/** An AWS managed policy the sandbox knows, by ARN. */
export const awsManagedView = (arn: string): PolicyView | undefined => {
  const document = awsManagedPolicies[arn]
  if (document === undefined) return undefined
  const { path, name } = splitPolicyArn(arn)
  return {
    name,
    id: awsManagedId(arn),
    arn,
    path,
    description: "",
    document,
    defaultVersionId: "v1",
    createDate: awsManagedDate,
    updateDate: awsManagedDate,
    awsManaged: true,
  }
}

/** A customer managed policy of the account. */
export const customerView = (p: ManagedPolicyRecord): PolicyView => ({
  name: p.policyName,
  id: p.policyId,
  arn: p.arn,
  path: p.path,
  description: p.description,
  document: p.document,
  defaultVersionId: p.defaultVersionId,
  createDate: p.createDate,
  updateDate: p.updateDate,
  awsManaged: false,
})

/** A policy as GetPolicy, CreatePolicy and ListPolicies answer it (ListPolicies leaves out the description). */
export const policyShape = (
  p: PolicyView,
  attachmentCount: number,
  options: { readonly description: boolean },
) => ({
  PolicyName: p.name,
  PolicyId: p.id,
  Arn: p.arn,
  Path: p.path,
  DefaultVersionId: p.defaultVersionId,
  AttachmentCount: attachmentCount,
  PermissionsBoundaryUsageCount: 0,
  IsAttachable: true,
  Description: options.description && p.description !== "" ? p.description : undefined,
  CreateDate: new Date(p.createDate),
  UpdateDate: new Date(p.updateDate),
})

/** The default (and only) version of a policy, its document URL-encoded as IAM answers it. */
export const policyVersionShape = (p: PolicyView) => ({
  Document: encodeDocument(p.document),
  VersionId: p.defaultVersionId,
  IsDefaultVersion: true,
  CreateDate: new Date(p.updateDate),
})
