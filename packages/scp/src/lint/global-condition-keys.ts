/*
 * The AWS global condition keys, from "AWS global condition context keys" in the IAM User Guide
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html), with what the page
 * says about each key's availability and whether it holds several values. Names compare case-insensitively.
 */

/** What the linter needs to know about one global condition key. */
export interface GlobalConditionKey {
  readonly name: string
  /** The page says the key is always in the request context (for SCP-governed, signed requests). */
  readonly alwaysPresent?: true
  /** The key can hold several values, so `ForAnyValue` / `ForAllValues` apply to it. */
  readonly multivalued?: true
}

export const globalConditionKeys: ReadonlyArray<GlobalConditionKey> = [
  // Properties of the principal
  { name: "aws:PrincipalArn", alwaysPresent: true },
  { name: "aws:PrincipalAccount", alwaysPresent: true },
  { name: "aws:PrincipalOrgID" },
  { name: "aws:PrincipalOrgPaths", multivalued: true },
  { name: "aws:PrincipalType", alwaysPresent: true },
  { name: "aws:PrincipalIsAWSService", alwaysPresent: true },
  { name: "aws:PrincipalServiceName" },
  { name: "aws:PrincipalServiceNamesList", multivalued: true },
  { name: "aws:userid", alwaysPresent: true },
  { name: "aws:username" },
  // Properties of a role session
  { name: "aws:AssumedRoot" },
  { name: "aws:FederatedProvider" },
  { name: "aws:TokenIssueTime" },
  { name: "aws:MultiFactorAuthAge" },
  { name: "aws:MultiFactorAuthPresent" },
  { name: "aws:ChatbotSourceArn" },
  { name: "aws:Ec2InstanceSourceVpc" },
  { name: "aws:Ec2InstanceSourcePrivateIPv4" },
  { name: "aws:SourceIdentity" },
  // Properties of the network
  { name: "aws:SourceIp" },
  { name: "aws:SourceVpc" },
  { name: "aws:SourceVpcArn" },
  { name: "aws:SourceVpce" },
  { name: "aws:VpcSourceIp" },
  { name: "aws:VpceAccount" },
  { name: "aws:VpceOrgID" },
  { name: "aws:VpceOrgPaths", multivalued: true },
  // Properties of the resource
  { name: "aws:ResourceAccount" },
  { name: "aws:ResourceOrgID" },
  { name: "aws:ResourceOrgPaths", multivalued: true },
  // Properties of the request
  { name: "aws:CalledVia", multivalued: true },
  { name: "aws:CalledViaFirst" },
  { name: "aws:CalledViaLast" },
  { name: "aws:ViaAWSService", alwaysPresent: true },
  { name: "aws:CurrentTime", alwaysPresent: true },
  { name: "aws:EpochTime", alwaysPresent: true },
  { name: "aws:Referer" },
  { name: "aws:RequestedRegion", alwaysPresent: true },
  { name: "aws:TagKeys", multivalued: true },
  { name: "aws:SecureTransport", alwaysPresent: true },
  { name: "aws:SourceAccount" },
  { name: "aws:SourceArn" },
  { name: "aws:SourceOrgID" },
  { name: "aws:SourceOrgPaths", multivalued: true },
  { name: "aws:UserAgent", alwaysPresent: true },
  { name: "aws:IsMcpServiceAction" },
]

/** Keys written as `<prefix><tag-key>`: one context key per tag, each single-valued. */
export const globalTagKeyPrefixes: ReadonlyArray<string> = [
  "aws:PrincipalTag/",
  "aws:RequestTag/",
  "aws:ResourceTag/",
]

const byName = new Map(globalConditionKeys.map((k) => [k.name.toLowerCase(), k]))

/** The global key a condition key names (tag keys resolve to their prefix), if it is one. */
export const globalConditionKey = (key: string): GlobalConditionKey | undefined => {
  const lower = key.toLowerCase()
  const exact = byName.get(lower)
  if (exact) return exact
  const prefix = globalTagKeyPrefixes.find(
    (p) => lower.startsWith(p.toLowerCase()) && lower.length > p.length,
  )
  return prefix === undefined ? undefined : { name: prefix }
}

/** Whether the key starts with the `aws:` prefix that global keys use. */
export const isGlobalNamespace = (key: string): boolean => key.toLowerCase().startsWith("aws:")
