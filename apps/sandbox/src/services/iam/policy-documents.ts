import { type PolicyKind, parsePolicy } from "@rampart/scp"
import { ServiceError } from "../../service-error.ts"

/** IAM counts policy sizes without white space. */
export const policySize = (text: string): number => text.replace(/\s/g, "").length

/** IAM's size quotas on documents, by the quota names its LimitExceeded messages use. */
export const quotas = {
  /** Trust policy of a role. */
  ACLSizePerRole: 2048,
  /** All inline policies of a role together. */
  RolePolicySize: 10_240,
  /** One customer managed policy version. */
  PolicySize: 6144,
  PoliciesPerRole: 10,
  RolesPerAccount: 1000,
  PoliciesPerAccount: 1500,
} as const

/** The LimitExceeded IAM answers when a quota would be passed. */
export const quotaExceeded = (quota: keyof typeof quotas): ServiceError =>
  new ServiceError("LimitExceeded", `Cannot exceed quota for ${quota}: ${quotas[quota]}`, { status: 409 })

/**
 * Checks a policy document the way IAM does before storing it: JSON, then the grammar of its kind (a trust policy
 * names principals; an identity policy must not). Answers MalformedPolicyDocument with the first problem found.
 */
export const checkPolicyDocument = (text: string, kind: PolicyKind): void => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new ServiceError("MalformedPolicyDocument", "Syntax errors in policy.")
  }
  const parsed = parsePolicy(json, { kind, file: "policy" })
  if (!parsed.document) {
    const first = parsed.diagnostics[0]
    throw new ServiceError(
      "MalformedPolicyDocument",
      first
        ? `${first.path === "" ? "" : `${first.path}: `}${first.message}`
        : "The policy document is malformed.",
    )
  }
}

/** IAM answers documents URL-encoded (RFC 3986) inside its XML; the SDKs hand that text back unchanged. */
export const encodeDocument = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
