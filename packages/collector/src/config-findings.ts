import { type AwsError, AwsFailure, ConfigService, CredentialBroker } from "@rampart/aws"
import type { Finding } from "@rampart/model"
import { Effect } from "effect"
import { evaluationFinding } from "./evaluation-finding.ts"
import type { ScanTarget } from "./scan.ts"

/** How to reach an account: the role the hub assumes there, and its external id. */
export interface AuditAccess {
  readonly roleName: string
  readonly externalId?: string
  readonly chain?: ReadonlyArray<string>
}

/**
 * The findings of one account and region from its AWS Config, through the audit role: every conformance pack's
 * evaluation results. An account and region where no recorder is recording is a collection failure ("Config not
 * enabled"), never an empty, compliant-looking answer.
 */
export const collectFromConfig =
  (access: AuditAccess) =>
  (target: ScanTarget): Effect.Effect<ReadonlyArray<Finding>, AwsError, CredentialBroker | ConfigService> =>
    Effect.gen(function* () {
      const broker = yield* CredentialBroker
      const config = yield* ConfigService
      const credentials = yield* broker.credentialsFor({
        account: target.accountId,
        roleName: access.roleName,
        region: target.region,
        ...(access.externalId !== undefined ? { externalId: access.externalId } : {}),
        ...(access.chain !== undefined ? { chain: access.chain } : {}),
      })
      const reader = config.reader({ region: target.region, credentials })
      const recorders = yield* reader.describeConfigurationRecorderStatus()
      if (!recorders.some((r) => r.recording === true)) {
        return yield* Effect.fail(
          new AwsFailure({
            service: "config",
            operation: "DescribeConfigurationRecorderStatus",
            code: "NoRecordingConfigurationRecorder",
            message: `AWS Config is not recording in ${target.accountId} ${target.region}`,
            retryable: false,
          }),
        )
      }
      const packs = yield* reader.describeConformancePacks
      const perPack = yield* Effect.forEach(
        packs,
        (pack) =>
          reader
            .getConformancePackComplianceDetails(pack.ConformancePackName ?? "")
            .pipe(
              Effect.map((results) =>
                results.map((result) => evaluationFinding(target, pack.ConformancePackName ?? "", result)),
              ),
            ),
        { concurrency: 2 },
      )
      return perPack.flat()
    })
