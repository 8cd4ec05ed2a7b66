import { Context } from "effect"

/**
 * A limit on the calls Rampart makes to one AWS service, or to one of its operations, per account session and
 * Region (each SDK client Rampart makes is one session in one Region). Every rule that matches a call applies: a
 * service-wide rule and an operation rule both hold.
 */
export interface CallLimit {
  /** The service as IAM names it: `config`, `sts`, `organizations`, `rds`, `backup`, `cloudtrail`. */
  readonly service: string
  /** One operation (`GetConformancePackComplianceDetails`); every operation of the service when absent. */
  readonly operation?: string
  /** Calls started per second, on average (a token bucket's refill rate). */
  readonly perSecond?: number
  /** Calls that may start at once after a quiet spell (the bucket's size); `perSecond` (at least 1) when absent. */
  readonly burst?: number
  /** Calls in flight at once. */
  readonly concurrency?: number
}

/**
 * The limits Rampart keeps to unless told otherwise. AWS publishes no rates for these reads; they throttle with
 * token buckets per account and Region. The defaults stay under what accounts are commonly granted, so a scan
 * runs at the speed AWS allows without spending its time in throttling retries: 20 Config reads per second per
 * account and Region, 100 STS calls per second from the hub (AssumeRole rates cannot be raised), Organizations
 * (global, concurrency-sensitive) 20 per second with 8 in flight, and 20 per second for RDS, Backup and CloudTrail
 * reads. Tune them with `--call-limit` when an account's quotas differ.
 */
export const defaultCallLimits: ReadonlyArray<CallLimit> = [
  { service: "config", perSecond: 20 },
  { service: "sts", perSecond: 100 },
  { service: "organizations", perSecond: 20, concurrency: 8 },
  { service: "rds", perSecond: 20 },
  { service: "backup", perSecond: 20 },
  { service: "cloudtrail", perSecond: 20 },
]

/** The call limits in force: the defaults, or the ones a command was given. */
export const CallLimits = Context.Reference<ReadonlyArray<CallLimit>>("rampart/aws/CallLimits", {
  defaultValue: () => defaultCallLimits,
})

/** The rules in `given` replace those of `base` with the same service and operation; the rest of `base` stays. */
export const withCallLimits = (
  base: ReadonlyArray<CallLimit>,
  given: ReadonlyArray<CallLimit>,
): ReadonlyArray<CallLimit> => {
  const key = (limit: CallLimit) => `${limit.service}:${limit.operation ?? "*"}`
  const replaced = new Set(given.map(key))
  return [...base.filter((limit) => !replaced.has(key(limit))), ...given]
}

const positive = /^\d+(\.\d+)?$/
const whole = /^\d+$/

/**
 * Reads a limit as written on the command line: `SERVICE[:OPERATION]=RATE/s[,burst=N][,concurrency=N]`, or
 * `SERVICE[:OPERATION]=concurrency=N` for a concurrency limit alone. `config=20/s`,
 * `sts:AssumeRole=50/s,burst=10`, `organizations=concurrency=2`. An error message when the text is not one.
 */
export const parseCallLimit = (text: string): CallLimit | string => {
  const equals = text.indexOf("=")
  const usage = `"${text}" is not a limit: write SERVICE[:OPERATION]=RATE/s[,burst=N][,concurrency=N], e.g. config=20/s`
  if (equals <= 0) return usage
  const [service, operation, extra] = text.slice(0, equals).split(":")
  if (service === undefined || !/^[a-z][a-z0-9-]*$/.test(service) || extra !== undefined) return usage
  if (operation !== undefined && !/^[A-Z][A-Za-z0-9]*$/.test(operation))
    return `"${operation}" is not an operation name (operations are written as AWS names them, e.g. AssumeRole)`
  let limit: CallLimit = { service, ...(operation !== undefined ? { operation } : {}) }
  for (const part of text.slice(equals + 1).split(",")) {
    const rate = /^(.+)\/s$/.exec(part)?.[1]
    const [name, value] = part.split("=")
    if (rate !== undefined && positive.test(rate) && Number(rate) > 0)
      limit = { ...limit, perSecond: Number(rate) }
    else if (
      (name === "burst" || name === "concurrency") &&
      value !== undefined &&
      whole.test(value) &&
      Number(value) >= 1
    )
      limit = { ...limit, [name]: Number(value) }
    else return usage
  }
  if (limit.perSecond === undefined && limit.burst !== undefined) return `${usage} (a burst needs a rate)`
  if (limit.perSecond === undefined && limit.concurrency === undefined) return usage
  return limit
}

/** A limit as `parseCallLimit` reads it. */
export const formatCallLimit = (limit: CallLimit): string =>
  `${limit.service}${limit.operation !== undefined ? `:${limit.operation}` : ""}=${[
    ...(limit.perSecond !== undefined ? [`${limit.perSecond}/s`] : []),
    ...(limit.burst !== undefined ? [`burst=${limit.burst}`] : []),
    ...(limit.concurrency !== undefined ? [`concurrency=${limit.concurrency}`] : []),
  ].join(",")}`
