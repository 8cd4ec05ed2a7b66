import type { Request } from "../request.ts"

/** What `lookup` answers for a key nobody recorded in an open-world request. */
export const unknownValue: unique symbol = Symbol("unknown")

/** A request made ready for many evaluations: lower-case action and keys, values as lists. */
export interface PreparedRequest {
  /** `rds:createdbinstance` */
  readonly action: string
  /** `rds` */
  readonly service: string
  readonly resource: string
  readonly principalArn: string
  readonly account: string
  /** The values of a key, undefined when absent, `unknownValue` when not known. */
  readonly lookup: (key: string) => ReadonlyArray<string> | undefined | typeof unknownValue
  readonly request: Request
}

/** Lower-cases keys once so that each condition costs a map look-up. */
export const prepareRequest = (request: Request): PreparedRequest => {
  const values = new Map<string, ReadonlyArray<string>>()
  for (const key in request.context) {
    const value = request.context[key]
    if (value !== undefined) values.set(key.toLowerCase(), typeof value === "string" ? [value] : value)
  }
  const open = request.world === "open"
  const absent =
    open && request.absentKeys ? new Set(request.absentKeys.map((k) => k.toLowerCase())) : undefined
  const action = request.action.toLowerCase()
  const colon = action.indexOf(":")
  return {
    action,
    service: colon < 0 ? action : action.slice(0, colon),
    resource: request.resource ?? "*",
    principalArn: request.principalArn,
    account: request.account,
    request,
    lookup: open
      ? (key) => {
          const found = values.get(key)
          if (found !== undefined) return found
          return absent?.has(key) ? undefined : unknownValue
        }
      : (key) => values.get(key),
  }
}
