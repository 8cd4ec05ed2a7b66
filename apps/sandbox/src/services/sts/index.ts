import { randomBytes } from "node:crypto"
import { compileTrustPolicy, parsePolicy } from "@rampart/scp"
import { type Credential, sessionPrincipal } from "../../identity/principal.ts"
import type { CallContext, Operation, ServiceDefinition } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"

const keyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
const randomText = (length: number, alphabet: string): string => {
  const bytes = randomBytes(length)
  let out = ""
  for (let i = 0; i < length; i++) out += alphabet[(bytes[i] ?? 0) % alphabet.length]
  return out
}

/** Removes temporary credentials that expired more than an hour ago, so the credential table stays small. */
const pruneExpired = (context: CallContext): void => {
  const cutoff = context.clock.now() - 3_600_000
  for (const [key, credential] of context.store.credentials) {
    if (credential.expiresAt !== undefined && credential.expiresAt < cutoff)
      context.store.credentials.delete(key)
  }
}

const parseRoleArn = (arn: string): { account: string; roleName: string } => {
  const match = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/.exec(arn)
  if (!match) throw new ServiceError("ValidationError", `${arn} is not a valid role ARN`)
  return { account: match[1] as string, roleName: match[2] as string }
}

const assumeRole: Operation = {
  name: "AssumeRole",
  readOnly: true,
  resource: (input) => requireString(input, "RoleArn", "ValidationError"),
  redact: ["Policy"],
  xmlMembers: {},
  handle: (input, context) => {
    const roleArn = requireString(input, "RoleArn", "ValidationError")
    const sessionName = requireString(input, "RoleSessionName", "ValidationError")
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName))
      throw new ServiceError(
        "ValidationError",
        "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      )
    const { account, roleName } = parseRoleArn(roleArn)
    const caller = context.caller
    const denied = new ServiceError(
      "AccessDenied",
      `User: ${caller.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      { status: 403 },
    )
    const role = context.store.accounts.get(account)?.iam.roles[roleName]
    if (!role) throw denied
    const trust = parsePolicy(JSON.parse(role.assumeRolePolicyDocument), { kind: "trust", file: roleArn })
    if (!trust.document) throw denied
    const org = context.store.organization
    const externalId = input.ExternalId
    const decision = compileTrustPolicy(trust.document, roleArn).evaluate({
      action: "sts:AssumeRole",
      resource: roleArn,
      principalArn: caller.arn,
      account: caller.account,
      context: {
        "aws:PrincipalArn": caller.arn,
        "aws:PrincipalAccount": caller.account,
        "aws:userid": caller.userId,
        ...(org && (org.accounts[caller.account] || org.managementAccountId === caller.account)
          ? { "aws:PrincipalOrgID": org.id }
          : {}),
        ...(typeof externalId === "string" ? { "sts:ExternalId": externalId } : {}),
        "sts:RoleSessionName": sessionName,
      },
    })
    if (decision.decision !== "Allow") throw denied
    const chained = caller.type === "AssumedRole"
    const requested = input.DurationSeconds === undefined ? 3600 : Number(input.DurationSeconds)
    const maximum = chained ? 3600 : role.maxSessionDuration
    if (!Number.isInteger(requested) || requested < 900 || requested > maximum) {
      throw new ServiceError(
        "ValidationError",
        `The requested DurationSeconds exceeds the ${chained ? "1 hour session limit for roles assumed by role chaining" : "MaxSessionDuration set for this role"}.`,
      )
    }
    pruneExpired(context)
    const expiresAt = context.clock.now() + requested * 1000
    const credential: Credential = {
      accessKeyId: `ASIA${randomText(16, keyAlphabet)}`,
      secretAccessKey: randomBytes(30).toString("base64").slice(0, 40),
      sessionToken: `FwoGZXIvYXdzE${randomBytes(96).toString("base64")}`,
      expiresAt,
      principal: {
        ...sessionPrincipal(account, roleName, role.roleId, sessionName, context.partition),
        chained,
      },
    }
    context.store.credentials.set(credential.accessKeyId, credential)
    context.store.touch("credentials")
    return {
      Credentials: {
        AccessKeyId: credential.accessKeyId,
        SecretAccessKey: credential.secretAccessKey,
        SessionToken: credential.sessionToken,
        Expiration: new Date(expiresAt),
      },
      AssumedRoleUser: { AssumedRoleId: credential.principal.userId, Arn: credential.principal.callerArn },
      PackedPolicySize: 0,
      SourceIdentity: undefined,
    }
  },
}

const getCallerIdentity: Operation = {
  name: "GetCallerIdentity",
  readOnly: true,
  handle: (_, context) => ({
    UserId: context.caller.userId,
    Account: context.caller.account,
    Arn: context.caller.callerArn,
  }),
}

/** AWS STS: awsQuery with XML answers. */
export const stsService: ServiceDefinition = {
  signingName: "sts",
  actionPrefix: "sts",
  eventSource: "sts.amazonaws.com",
  protocol: "awsQuery",
  xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/",
  operations: [assumeRole, getCallerIdentity],
}
