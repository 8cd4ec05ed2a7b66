/**
 * An error answered the way AWS answers it: the error code the SDKs map to an exception class, the HTTP status,
 * and the message. Thrown by operation handlers; the protocol layer writes it in the service's wire format.
 */
export class ServiceError extends Error {
  readonly code: string
  readonly status: number
  /** `Sender` for the caller's mistakes, `Receiver` for the service's own (awsQuery error Type). */
  readonly fault: "Sender" | "Receiver"
  /** Extra fields some services put beside the message (Organizations' `Reason`, for example). */
  readonly fields: Readonly<Record<string, unknown>>

  constructor(
    code: string,
    message: string,
    options: { status?: number; fault?: "Sender" | "Receiver"; fields?: Record<string, unknown> } = {},
  ) {
    super(message)
    this.code = code
    this.status = options.status ?? 400
    this.fault =
      options.fault ?? (options.status !== undefined && options.status >= 500 ? "Receiver" : "Sender")
    this.fields = options.fields ?? {}
  }
}

/** A missing or malformed parameter, as most services report it. */
export const validationError = (message: string, code = "ValidationException"): ServiceError =>
  new ServiceError(code, message)

/** Reads a required string parameter or fails the way the service would. */
export const requireString = (
  input: Readonly<Record<string, unknown>>,
  name: string,
  code = "ValidationException",
): string => {
  const value = input[name]
  if (typeof value !== "string" || value === "") {
    throw validationError(
      `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
      code,
    )
  }
  return value
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1)
