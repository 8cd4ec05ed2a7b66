import { Effect, Schedule } from "effect"
import { type AwsError, classifyAwsError } from "./aws-error.ts"

/** How calls are retried, with exponential backoff and full jitter. */
export interface RetryPolicy {
  /** Retries of a throttled call after the first attempt. */
  readonly throttledRetries: number
  /** Retries of a transient failure (5xx, network) after the first attempt. */
  readonly transientRetries: number
  /** The first backoff; it doubles with each retry (before jitter). */
  readonly baseDelayMillis: number
}

/** Throttling is common at organization scale: retry it generously; transient failures a few times. */
export const defaultRetryPolicy: RetryPolicy = {
  throttledRetries: 8,
  transientRetries: 3,
  baseDelayMillis: 100,
}

const throttled = (error: AwsError): boolean => error._tag === "Throttled"
const transient = (error: AwsError): boolean => error._tag === "AwsFailure" && error.retryable
const backoff = (policy: RetryPolicy) =>
  Schedule.jittered(Schedule.exponential(`${policy.baseDelayMillis} millis`))

/**
 * One AWS SDK call as an Effect: errors become typed AwsErrors, throttling and transient failures are retried
 * with jittered exponential backoff, and interrupting the effect aborts the HTTP request.
 */
export const awsCall = <A>(
  service: string,
  operation: string,
  run: (signal: AbortSignal) => Promise<A>,
  policy: RetryPolicy = defaultRetryPolicy,
): Effect.Effect<A, AwsError> =>
  Effect.tryPromise({ try: run, catch: (error) => classifyAwsError(error, { service, operation }) }).pipe(
    Effect.retry({ while: throttled, times: policy.throttledRetries, schedule: backoff(policy) }),
    Effect.retry({ while: transient, times: policy.transientRetries, schedule: backoff(policy) }),
  )

/**
 * Every page of a paginated operation, in order. `page` fetches one page from a token; AWS may answer empty
 * pages with a next token (Organizations does), so only a missing token ends the walk.
 */
export const allPages = <P, T>(
  page: (token: string | undefined) => Effect.Effect<P, AwsError>,
  items: (page: P) => ReadonlyArray<T> | undefined,
  nextToken: (page: P) => string | undefined,
): Effect.Effect<ReadonlyArray<T>, AwsError> =>
  Effect.gen(function* () {
    const all: T[] = []
    let token: string | undefined
    for (let guard = 0; guard < 100_000; guard++) {
      const result = yield* page(token)
      all.push(...(items(result) ?? []))
      token = nextToken(result)
      if (token === undefined || token === "") break
    }
    return all
  })

/**
 * The outcome of a write that may already be done: `done` when the call succeeds, `already` when AWS refuses it
 * because what it asks is already so (`isAlreadySo` picks those errors: a duplicate attachment, a thing already
 * gone). A resumed rollout can then repeat the write and read what happened.
 */
export const idempotentWrite =
  <const Done extends string, const Already extends string>(
    done: Done,
    already: Already,
    isAlreadySo: (error: AwsError) => boolean,
  ) =>
  <A>(write: Effect.Effect<A, AwsError>): Effect.Effect<Done | Already, AwsError> =>
    write.pipe(
      Effect.as(done),
      Effect.catchIf(isAlreadySo, () => Effect.succeed(already)),
    )

/** Whether an AWS error carries one of these codes (NotFound, AwsFailure and the others that have one). */
export const hasCode =
  (...codes: ReadonlyArray<string>) =>
  (error: AwsError): boolean =>
    "code" in error && codes.includes(error.code)
