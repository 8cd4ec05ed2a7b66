import type { ConfigService, CredentialBroker } from "@rampart/aws"
import { type AuditAccess, collectFromConfig, collectionFailure } from "@rampart/collector"
import type { Finding } from "@rampart/model"
import { Clock, Effect } from "effect"

/** Which findings to collect: the wave's accounts in these Regions, through the audit role. */
export interface WaveFindingsRequest {
  readonly accounts: ReadonlyArray<string>
  readonly regions: ReadonlyArray<string>
  readonly access: AuditAccess
  /** Account and Region pairs collected at once (default 8). */
  readonly concurrency?: number
}

/**
 * The current findings of a wave's accounts and Regions from their AWS Config, as a scan collects them (the
 * collector's `collectFromConfig`), without storing them: the compliance gate compares them with the findings at
 * the wave's start. A pair that cannot be collected gives a collection-failure finding, never nothing.
 */
export const collectWaveFindings = (
  request: WaveFindingsRequest,
): Effect.Effect<ReadonlyArray<Finding>, never, CredentialBroker | ConfigService> =>
  Effect.forEach(
    request.accounts.flatMap((accountId) => request.regions.map((region) => ({ accountId, region }))),
    (target) =>
      collectFromConfig(request.access)(target).pipe(
        Effect.catch((error) =>
          Clock.currentTimeMillis.pipe(
            Effect.map((now) => [collectionFailure(target, error, new Date(now))]),
          ),
        ),
      ),
    { concurrency: request.concurrency ?? 8 },
  ).pipe(Effect.map((perTarget) => perTarget.flat()))
