import { Data } from "effect"

/** Which AWS call failed. */
interface CallSite {
  readonly service: string
  readonly operation: string
}

/** AWS throttled the call (ThrottlingException, TooManyRequestsException, Throttling, RequestLimitExceeded ...). */
export class Throttled extends Data.TaggedError("Throttled")<CallSite & { readonly message: string }> {}

/**
 * AWS refused the call. `by` says what refused it, read from AWS's message: a service control policy, an
 * identity-based policy, a role's trust policy (AssumeRole), or something the message does not name.
 */
export class AccessDenied extends Data.TaggedError("AccessDenied")<
  CallSite & {
    readonly by: "scp" | "identity" | "trust" | "unknown"
    readonly explicit: boolean
    readonly message: string
  }
> {}

/** The thing the call names does not exist. */
export class NotFound extends Data.TaggedError("NotFound")<
  CallSite & { readonly code: string; readonly message: string }
> {}

/** The credentials are expired or were never valid. */
export class CredentialsRejected extends Data.TaggedError("CredentialsRejected")<
  CallSite & { readonly code: string; readonly message: string }
> {}

/** Any other error AWS answered, or the network failed. */
export class AwsFailure extends Data.TaggedError("AwsFailure")<
  CallSite & {
    readonly code: string
    readonly message: string
    readonly status?: number
    readonly retryable: boolean
  }
> {}

/** Every way an AWS call fails. */
export type AwsError = Throttled | AccessDenied | NotFound | CredentialsRejected | AwsFailure

const throttlingCodes = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "ProvisionedThroughputExceededException",
  "SlowDown",
  "PriorRequestNotComplete",
])
const accessDeniedCodes = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "AuthorizationError",
])
const credentialCodes = new Set([
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "SignatureDoesNotMatch",
  "InvalidSignatureException",
  "CredentialsProviderError",
])

/**
 * What refused a call, read from AWS's access-denied message (as the caller got it, or as CloudTrail recorded it
 * in `errorMessage`): "... with an explicit deny in a service control policy", "... because no service control
 * policy allows ...", "... in an identity-based policy", or a role's trust policy for sts:AssumeRole.
 */
export const refusedBy = (message: string): AccessDenied["by"] =>
  /service control polic/i.test(message)
    ? "scp"
    : /sts:AssumeRole/.test(message)
      ? "trust"
      : /identity-based polic/i.test(message)
        ? "identity"
        : "unknown"

/**
 * Turns whatever an SDK v3 call threw into one of Rampart's typed AWS errors. The SDK puts the error code in
 * `name` and the HTTP status in `$metadata.httpStatusCode`; messages are AWS's own.
 */
export const classifyAwsError = (error: unknown, site: CallSite): AwsError => {
  const e = (error ?? {}) as {
    name?: string
    Code?: string
    message?: string
    $metadata?: { httpStatusCode?: number }
    $retryable?: unknown
  }
  const code = e.Code ?? e.name ?? "Unknown"
  const message = e.message ?? String(error)
  const status = e.$metadata?.httpStatusCode
  if (throttlingCodes.has(code) || status === 429) return new Throttled({ ...site, message })
  if (accessDeniedCodes.has(code)) {
    return new AccessDenied({
      ...site,
      by: refusedBy(message),
      explicit: /explicit deny/i.test(message),
      message,
    })
  }
  if (credentialCodes.has(code)) return new CredentialsRejected({ ...site, code, message })
  if (/NotFound|NoSuch|DoesNotExist/.test(code) || status === 404)
    return new NotFound({ ...site, code, message })
  return new AwsFailure({
    ...site,
    code,
    message,
    ...(status !== undefined ? { status } : {}),
    retryable: status === undefined || status >= 500 || e.$retryable !== undefined,
  })
}

/** Whether AWS said the thing asked about is not there. */
export const isNotFound = (error: AwsError): boolean => error._tag === "NotFound"
