import { compileTrustPolicy, type DecisionKind, type PolicyDocument, parsePolicy } from "@rampart/scp"
import type { CallContext } from "../../operation.ts"
import { ServiceError } from "../../service-error.ts"
import type { KeyRecord } from "./state.ts"

/** KMS's limit on the size of a key policy. */
export const maxKeyPolicyBytes = 32_768

/**
 * Parses a key policy. Key policies are resource policies (each statement names its principals), so they follow
 * the trust grammar, except that KMS allows any text in `Sid` (its own default policy says
 * "Enable IAM User Permissions"), so statement ids are left out of the check.
 */
const parseKeyPolicy = (text: string): { document?: PolicyDocument; problem?: string } => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { problem: "The policy is not valid JSON." }
  }
  const withoutSids =
    json !== null && typeof json === "object" && !Array.isArray(json)
      ? {
          ...json,
          ...(Array.isArray((json as { Statement?: unknown }).Statement)
            ? {
                Statement: ((json as { Statement: unknown[] }).Statement as unknown[]).map((s) => {
                  if (s === null || typeof s !== "object" || Array.isArray(s)) return s
                  const { Sid: _, ...rest } = s as Record<string, unknown>
                  return rest
                }),
              }
            : {}),
        }
      : json
  const parsed = parsePolicy(withoutSids, { kind: "trust", file: "key-policy" })
  if (parsed.document) return { document: parsed.document }
  const first = parsed.diagnostics[0]
  return { problem: first ? `${first.path === "" ? "" : `${first.path}: `}${first.message}` : "malformed" }
}

/** What is wrong with a key policy's grammar, or undefined when nothing is (for the scenario seed too). */
export const checkKeyPolicyText = (text: string): string | undefined => parseKeyPolicy(text).problem

/** Checks a key policy before KMS stores it: size, then grammar (MalformedPolicyDocumentException). */
export const checkKeyPolicy = (text: string): void => {
  if (Buffer.byteLength(text) > maxKeyPolicyBytes)
    throw new ServiceError(
      "LimitExceededException",
      `Policy exceeds the maximum size of ${maxKeyPolicyBytes} bytes.`,
    )
  const problem = checkKeyPolicyText(text)
  if (problem !== undefined)
    throw new ServiceError("MalformedPolicyDocumentException", `The new key policy is not valid: ${problem}`)
}

/** What the key policy says of the caller doing `action` on the key. */
export const keyPolicyDecision = (
  context: CallContext,
  policy: string,
  keyArn: string,
  action: string,
): DecisionKind => {
  const { document } = parseKeyPolicy(policy)
  if (!document) return "ImplicitDeny"
  const caller = context.caller
  const org = context.store.organization
  const inOrg = org && (org.accounts[caller.account] || org.managementAccountId === caller.account)
  return compileTrustPolicy(document, keyArn).evaluate({
    action,
    resource: keyArn,
    principalArn: caller.arn,
    account: caller.account,
    region: context.region,
    context: {
      "aws:PrincipalArn": caller.arn,
      "aws:PrincipalAccount": caller.account,
      "aws:PrincipalType": caller.type === "Root" ? "Account" : caller.type,
      "aws:userid": caller.userId,
      "kms:CallerAccount": caller.account,
      ...(inOrg && org ? { "aws:PrincipalOrgID": org.id } : {}),
    },
  }).decision
}

/**
 * Refuses a call the key policy does not allow, as KMS does whatever IAM says (identity policies and SCPs were
 * checked before the handler ran). Conditions the sandbox cannot decide are given the benefit of the doubt.
 */
export const requireKeyPolicy = (context: CallContext, key: KeyRecord, action: string): void => {
  const decision = keyPolicyDecision(context, key.policy, key.arn, action)
  if (decision === "Allow" || decision === "Unknown") return
  throw new ServiceError(
    "AccessDeniedException",
    `User: ${context.caller.callerArn} is not authorized to perform: ${action} on resource: ${key.arn} ${
      decision === "ExplicitDeny"
        ? "with an explicit deny in a resource-based policy"
        : `because no resource-based policy allows the ${action} action`
    }`,
  )
}
