import type { ContextValue } from "../request.ts"
import { isRecord, textOf } from "./cloudtrail-event.ts"
import type { SkipReason } from "./skip-reason.ts"

/** `aws:PrincipalType` values. */
export type PrincipalType = "Account" | "User" | "FederatedUser" | "AssumedRole"

/** The caller of an event as SCP evaluation sees it. */
export interface Principal {
  /** `aws:PrincipalArn`: the user, the root, the federated user, or for a role session the role itself. */
  readonly arn: string
  /** The principal's account, when the identity records it. */
  readonly account?: string
  readonly type: PrincipalType
  /** `aws`, `aws-cn`, `aws-us-gov`: from the ARN. */
  readonly partition: string
  /** SCPs do not restrict service-linked roles (`role/aws-service-role/...`); the evaluator exempts them. */
  readonly serviceLinkedRole: boolean
  /** The service that made the call with the principal's credentials (`invokedBy`), if any. */
  readonly invokedBy?: string
  /** Condition keys the identity determines. */
  readonly context: Readonly<Record<string, ContextValue>>
  /** Keys the identity shows to be absent from the request. */
  readonly absentKeys: ReadonlyArray<string>
}

/** A principal, or why the event has none SCPs apply to. */
export type PrincipalOf =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: SkipReason }

const skip = (reason: SkipReason): PrincipalOf => ({ ok: false, reason })

const arnPart = (arn: string, index: number): string | undefined => arn.split(":")[index]

/** `arn:aws:sts::111111111111:assumed-role/Name/session` -> `arn:aws:iam::111111111111:role/Name` (path unknown). */
const roleFromSessionArn = (arn: string): string | undefined => {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn)
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : undefined
}

/** CloudTrail's session creation dates are ISO 8601, or `20131102T010628Z` in old events. */
const isoDate = (text: string): string => {
  const compact = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text)
  return compact
    ? `${compact[1]}-${compact[2]}-${compact[3]}T${compact[4]}:${compact[5]}:${compact[6]}Z`
    : text
}

const cache = new WeakMap<object, PrincipalOf>()

/**
 * Reads the caller from a `userIdentity` member. An assumed-role session is evaluated as its role (the session
 * issuer's ARN, path included), as `aws:PrincipalArn` names the role for role sessions. Callers SCPs do not
 * restrict, or that are not principals of an account yet, give a skip reason. Results are cached per identity
 * object, which the reader shares between the events of a session.
 */
export const principalOf = (identity: unknown): PrincipalOf => {
  if (!isRecord(identity)) return skip("unidentified-principal")
  const cached = cache.get(identity)
  if (cached !== undefined) return cached
  const result = readPrincipal(identity)
  cache.set(identity, result)
  return result
}

const readPrincipal = (identity: Readonly<Record<string, unknown>>): PrincipalOf => {
  const type = textOf(identity.type)
  const arn = textOf(identity.arn)
  const invokedBy = textOf(identity.invokedBy)
  const session = isRecord(identity.sessionContext) ? identity.sessionContext : undefined
  const issuer = session && isRecord(session.sessionIssuer) ? session.sessionIssuer : undefined
  const attributes = session && isRecord(session.attributes) ? session.attributes : undefined
  switch (type) {
    case "AWSService":
      return skip("aws-service-principal")
    case "IdentityCenterUser":
      return skip("identity-center-user")
    case "SAMLUser":
    case "WebIdentityUser":
      return skip("federated-sign-in")
    case "Root":
    case "IAMUser":
    case "AssumedRole":
    case "FederatedUser":
      break
    default:
      return skip("unidentified-principal")
  }
  let principalArn: string | undefined
  let principalType: PrincipalType
  if (type === "AssumedRole") {
    const issuerArn = issuer ? textOf(issuer.arn) : undefined
    principalArn = issuerArn ?? (arn ? roleFromSessionArn(arn) : undefined)
    principalType = "AssumedRole"
  } else if (type === "Root") {
    const account = textOf(identity.accountId) ?? (arn ? arnPart(arn, 4) : undefined)
    principalArn = arn ?? (account ? `arn:aws:iam::${account}:root` : undefined)
    principalType = "Account"
  } else {
    principalArn = arn
    principalType = type === "IAMUser" ? "User" : "FederatedUser"
  }
  if (principalArn === undefined) return skip("unidentified-principal")
  const account = textOf(identity.accountId) ?? arnPart(principalArn, 4)
  const context: Record<string, ContextValue> = {
    "aws:PrincipalArn": principalArn,
    "aws:PrincipalType": principalType,
    // Calls by service principals are skipped above, so every caller here is not one.
    "aws:PrincipalIsAWSService": "false",
  }
  const absentKeys: string[] = []
  const principalId = textOf(identity.principalId)
  if (principalId) context["aws:userid"] = principalId
  const userName = textOf(identity.userName)
  if (type === "IAMUser" && userName) context["aws:username"] = userName
  // aws:username is only ever set for IAM users.
  else if (type === "AssumedRole" || type === "Root") absentKeys.push("aws:username")
  const mfa = attributes ? textOf(attributes.mfaAuthenticated) : undefined
  const created = attributes ? textOf(attributes.creationDate) : undefined
  if (mfa === "true" || mfa === "false") context["aws:MultiFactorAuthPresent"] = mfa
  if (created) context["aws:TokenIssueTime"] = isoDate(created)
  const accessKey = textOf(identity.accessKeyId) ?? ""
  if (accessKey.startsWith("AKIA") && session === undefined && invokedBy === undefined) {
    // Long-term access keys: AWS sets neither key for such requests.
    absentKeys.push("aws:MultiFactorAuthPresent", "aws:TokenIssueTime")
  }
  return {
    ok: true,
    principal: {
      arn: principalArn,
      type: principalType,
      partition: arnPart(principalArn, 1) ?? "aws",
      serviceLinkedRole: principalArn.includes(":role/aws-service-role/"),
      context,
      absentKeys,
      ...(account ? { account } : {}),
      ...(invokedBy ? { invokedBy } : {}),
    },
  }
}
