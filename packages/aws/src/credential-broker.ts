import { Clock, Context, Deferred, Effect, Layer } from "effect"
import type { AwsError } from "./aws-error.ts"
import type { ClientCredentials } from "./client-settings.ts"
import type { Scope } from "./scope.ts"
import { Sts } from "./sts.ts"

/** A role session in one account, assumed from the hub identity (optionally through a chain of roles). */
export interface SessionRequest {
  readonly account: string
  readonly roleName: string
  /** The sts:ExternalId the role's trust policy requires. */
  readonly externalId?: string
  /** Role ARNs assumed in order before the target role; AWS caps chained sessions at one hour. */
  readonly chain?: ReadonlyArray<string>
  readonly region?: string
  readonly sessionName?: string
  readonly durationSeconds?: number
  readonly partition?: string
}

/** Gives temporary credentials for role sessions, cached and refreshed before they expire. */
export interface CredentialBrokerShape {
  readonly credentialsFor: (request: SessionRequest) => Effect.Effect<ClientCredentials, AwsError>
  /** How many AssumeRole calls the broker has made (sessions and chain hops): for tests and metrics. */
  readonly assumeCalls: Effect.Effect<number>
}

/** The credential broker. */
export class CredentialBroker extends Context.Service<CredentialBroker, CredentialBrokerShape>()(
  "rampart/aws/CredentialBroker",
) {}

export interface BrokerOptions {
  /**
   * Sessions kept (default 2,048); beyond that the least recently used are forgotten and assumed again if asked
   * for, so a scan of a large organization holds the sessions it is using, not every one it has used.
   */
  readonly maxSessions?: number
  /** Renew a session this long before it expires (default 5 minutes). */
  readonly refreshBeforeMillis?: number
  /** The session name Rampart's calls carry in the target's CloudTrail (default `rampart`). */
  readonly sessionName?: string
}

interface Entry {
  readonly result: Deferred.Deferred<ClientCredentials, AwsError>
  /** When the credentials expire; undefined while the session is being assumed. */
  expiresAt?: number
}

/**
 * The live broker: one session per (account, role, chain), assumed through STS and kept in memory only (never
 * logged or stored). Concurrent requests for the same session share one AssumeRole (single flight); a session is
 * renewed once it is within `refreshBeforeMillis` of expiring; a failed assumption is not cached, so the next
 * request tries again.
 */
export const credentialBrokerLive = (
  options: BrokerOptions = {},
): Layer.Layer<CredentialBroker, never, Sts> =>
  Layer.effect(
    CredentialBroker,
    Effect.gen(function* () {
      const sts = yield* Sts
      const refreshBefore = options.refreshBeforeMillis ?? 5 * 60_000
      const sessionName = options.sessionName ?? "rampart"
      const entries = new Map<string, Entry>()
      const maxSessions = options.maxSessions ?? 2_048
      let calls = 0

      const assume = (request: SessionRequest): Effect.Effect<ClientCredentials, AwsError> =>
        Effect.gen(function* () {
          const partition = request.partition ?? "aws"
          const hops = [
            ...(request.chain ?? []),
            `arn:${partition}:iam::${request.account}:role/${request.roleName}`,
          ]
          let credentials: ClientCredentials | undefined
          for (const [i, roleArn] of hops.entries()) {
            const last = i === hops.length - 1
            const scope: Scope | undefined = credentials
              ? { region: request.region ?? "us-east-1", credentials }
              : request.region
                ? { region: request.region }
                : undefined
            calls++
            credentials = yield* sts.assumeRole(
              {
                roleArn,
                sessionName: request.sessionName ?? sessionName,
                ...(last && request.externalId !== undefined ? { externalId: request.externalId } : {}),
                ...(last && request.durationSeconds !== undefined
                  ? {
                      durationSeconds:
                        hops.length > 1 ? Math.min(request.durationSeconds, 3600) : request.durationSeconds,
                    }
                  : {}),
              },
              scope,
            )
          }
          return credentials as ClientCredentials
        })

      const credentialsFor = (request: SessionRequest): Effect.Effect<ClientCredentials, AwsError> =>
        Effect.gen(function* () {
          const key = [
            request.account,
            request.roleName,
            request.externalId ?? "",
            ...(request.chain ?? []),
          ].join("|")
          const now = yield* Clock.currentTimeMillis
          const known = entries.get(key)
          if (known && (known.expiresAt === undefined || known.expiresAt - refreshBefore > now)) {
            // Most recently used last: a Map keeps insertion order.
            entries.delete(key)
            entries.set(key, known)
            return yield* Deferred.await(known.result)
          }
          const entry: Entry = { result: yield* Deferred.make<ClientCredentials, AwsError>() }
          entries.delete(key)
          entries.set(key, entry)
          for (const [oldest, old] of entries) {
            if (entries.size <= maxSessions) break
            // A session still being assumed stays: its waiters share it.
            if (old.expiresAt !== undefined) entries.delete(oldest)
          }
          // The assumption runs on its own fiber, so a waiter that is interrupted does not strand the others.
          yield* Effect.forkDetach(
            assume(request).pipe(
              Effect.tap((credentials) =>
                Effect.sync(() => {
                  entry.expiresAt = credentials.expiration?.getTime() ?? now + 15 * 60_000
                }),
              ),
              Effect.tapError(() => Effect.sync(() => entries.get(key) === entry && entries.delete(key))),
              Effect.exit,
              Effect.flatMap((exit) => Deferred.done(entry.result, exit)),
            ),
          )
          return yield* Deferred.await(entry.result)
        })

      return { credentialsFor, assumeCalls: Effect.sync(() => calls) }
    }),
  )
