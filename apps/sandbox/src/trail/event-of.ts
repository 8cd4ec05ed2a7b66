import { randomUUID } from "node:crypto"
import type { Credential } from "../identity/principal.ts"
import type { ServiceError } from "../service-error.ts"
import type { CloudTrailEvent } from "./cloudtrail-event.ts"

const secretKeys = new Set(["secretaccesskey", "sessiontoken", "password", "masteruserpassword"])

/** Secrets never reach CloudTrail: known secret fields, and the fields an operation names. */
export const redactSecrets = (value: unknown, extra: ReadonlyArray<string> = []): unknown => {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, extra))
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        secretKeys.has(k.toLowerCase()) || extra.includes(k)
          ? "HIDDEN_DUE_TO_SECURITY_REASONS"
          : redactSecrets(v, extra),
      ]),
    )
  }
  return value
}

/** CloudTrail writes parameters with a lower-case first letter and dates as ISO text. */
const lowerFirstKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(lowerFirstKeys)
  if (value instanceof Date) return value.toISOString()
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), lowerFirstKeys(v)]),
    )
  }
  return value
}

/** The `userIdentity` block of an event made with this credential. */
const userIdentityOf = (credential: Credential, time: string): Record<string, unknown> => {
  const principal = credential.principal
  return principal.type === "AssumedRole"
    ? {
        type: "AssumedRole",
        principalId: principal.userId,
        arn: principal.callerArn,
        accountId: principal.account,
        accessKeyId: credential.accessKeyId,
        sessionContext: {
          sessionIssuer: {
            type: "Role",
            principalId: principal.userId.split(":")[0],
            arn: principal.arn,
            accountId: principal.account,
            userName: principal.roleName,
          },
          attributes: { creationDate: time, mfaAuthenticated: "false" },
        },
      }
    : {
        type: principal.type,
        principalId: principal.userId,
        arn: principal.callerArn,
        accountId: principal.account,
        accessKeyId: credential.accessKeyId,
      }
}

/** What one call leaves in CloudTrail. */
export interface CallRecord {
  readonly eventSource: string
  readonly eventName: string
  readonly readOnly: boolean
  readonly credential: Credential
  readonly region: string
  readonly time: number
  readonly requestId: string
  readonly userAgent: string
  /** The call's parameters (secrets are hidden here). */
  readonly input: unknown
  /** Fields of the input the operation wants hidden. */
  readonly redact?: ReadonlyArray<string>
  readonly error?: ServiceError | { readonly code: string; readonly message: string }
  /** The answer of a successful write, recorded as responseElements. */
  readonly result?: unknown
}

/** The CloudTrail management event of one call, allowed or refused. */
export const cloudTrailEventOf = (call: CallRecord): CloudTrailEvent => {
  const time = new Date(call.time).toISOString()
  const input = redactSecrets(call.input, call.redact ?? [])
  return {
    eventVersion: "1.09",
    userIdentity: userIdentityOf(call.credential, time),
    eventTime: time.replace(/\.\d{3}Z$/, "Z"),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: call.region,
    sourceIPAddress: "127.0.0.1",
    userAgent: call.userAgent,
    requestParameters:
      input && typeof input === "object" && Object.keys(input).length > 0
        ? (lowerFirstKeys(input) as Record<string, unknown>)
        : null,
    responseElements:
      !call.readOnly && call.error === undefined && call.result && typeof call.result === "object"
        ? (lowerFirstKeys(redactSecrets(call.result)) as Record<string, unknown>)
        : null,
    ...(call.error ? { errorCode: call.error.code, errorMessage: call.error.message } : {}),
    requestID: call.requestId,
    eventID: randomUUID(),
    readOnly: call.readOnly,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: call.credential.principal.account,
    eventCategory: "Management",
  }
}
