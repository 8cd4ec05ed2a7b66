import type { Request } from "../request.ts"

/** What `lookup` answers for a key nobody recorded in an open-world request. */
export const unknownValue: unique symbol = Symbol("unknown")

/** A request made ready for many statement checks: lower-case action and keys, values as lists. */
export interface PreparedRequest {
  /** `rds:createdbinstance` */
  readonly action: string
  /** `rds` */
  readonly service: string
  readonly resource: string
  readonly principalArn: string
  readonly account: string
  /** A number no other prepared request has, for remembering condition results within this request. */
  readonly stamp: number
  /** The values of a key (given in lower case): undefined when absent, `unknownValue` when not known. */
  lookup(key: string): ReadonlyArray<string> | undefined | typeof unknownValue
  readonly request: Request
}

// Condition keys and actions repeat across millions of requests: lower-case each spelling once.
const lowered = new Map<string, string>()
const lower = (text: string): string => {
  let found = lowered.get(text)
  if (found === undefined) {
    found = text.toLowerCase()
    if (lowered.size < 100_000) lowered.set(text, found)
  }
  return found
}

let requests = 0

class Prepared implements PreparedRequest {
  readonly stamp: number
  readonly action: string
  readonly service: string
  readonly resource: string
  readonly principalArn: string
  readonly account: string
  readonly request: Request
  readonly #values: Map<string, ReadonlyArray<string>>
  readonly #open: boolean
  readonly #absent: ReadonlySet<string> | undefined

  constructor(request: Request) {
    requests = requests === Number.MAX_SAFE_INTEGER ? 1 : requests + 1
    this.stamp = requests
    this.request = request
    this.action = lower(request.action)
    const colon = this.action.indexOf(":")
    this.service = colon < 0 ? this.action : this.action.slice(0, colon)
    this.resource = request.resource ?? "*"
    this.principalArn = request.principalArn
    this.account = request.account
    this.#values = new Map()
    const context = request.context
    for (const key in context) {
      const value = context[key]
      if (value !== undefined) this.#values.set(lower(key), typeof value === "string" ? [value] : value)
    }
    this.#open = request.world === "open"
    this.#absent = this.#open && request.absentKeys ? new Set(request.absentKeys.map(lower)) : undefined
  }

  lookup(key: string): ReadonlyArray<string> | undefined | typeof unknownValue {
    const found = this.#values.get(key)
    if (found !== undefined || !this.#open) return found
    return this.#absent?.has(key) ? undefined : unknownValue
  }
}

/** Lower-cases the action and keys once so that each condition costs a map look-up. */
export const prepareRequest = (request: Request): PreparedRequest => new Prepared(request)
