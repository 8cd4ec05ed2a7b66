import { type AwsError, AwsFailure, ConfigService, type Scope } from "@rampart/aws"
import { guardrailOfPack } from "@rampart/catalog"
import type { Finding } from "@rampart/model"
import { Effect } from "effect"
import { evaluationFinding } from "./evaluation-finding.ts"
import type { ScanTarget } from "./scan.ts"

/** How to read findings centrally, through a Config aggregator in the hub. */
export interface AggregatorAccess {
  readonly aggregatorName: string
  /** The hub's session and the Region the aggregator lives in. */
  readonly hub: Scope
  /** The rules of each conformance pack of the catalog, by guardrail id, as the pack's template names them. */
  readonly packRules: ReadonlyMap<string, ReadonlyArray<string>>
}

/** AWS names a pack's rule as its template does, or with `-conformance-pack-<id>` appended. */
const isRuleOf = (deployedRule: string, templateRule: string): boolean =>
  deployedRule === templateRule || deployedRule.startsWith(`${templateRule}-conformance-pack-`)

const notAggregated = (access: AggregatorAccess, target: ScanTarget): AwsError =>
  new AwsFailure({
    service: "config",
    operation: "GetAggregateDiscoveredResourceCounts",
    code: "NotAggregated",
    message:
      `the aggregator ${access.aggregatorName} holds no Config data for ${target.accountId} ${target.region}: ` +
      "AWS Config is not recording there, or the account and Region are not among its sources",
    retryable: false,
  })

/**
 * Findings read centrally through a Config aggregator in the hub instead of a role in every account: the
 * aggregator's conformance packs per account and Region (read once), then, per target, its rules and each Rampart
 * pack rule's evaluation results. Findings are the ones the audit role reads in the account (a pack's results
 * leave out NOT_APPLICABLE, so these do too); a target the aggregator knows nothing about is a collection failure.
 */
export const collectFromAggregator = (
  access: AggregatorAccess,
): Effect.Effect<
  (target: ScanTarget) => Effect.Effect<ReadonlyArray<Finding>, AwsError>,
  AwsError,
  ConfigService
> =>
  Effect.gen(function* () {
    const reader = (yield* ConfigService).reader(access.hub)
    const packs = yield* reader.describeAggregateComplianceByConformancePacks(access.aggregatorName)
    const packsBySource = new Map<string, string[]>()
    for (const pack of packs) {
      const key = `${pack.AccountId}/${pack.AwsRegion}`
      packsBySource.set(key, [...(packsBySource.get(key) ?? []), pack.ConformancePackName ?? ""])
    }
    return (target) =>
      Effect.gen(function* () {
        const source = {
          aggregatorName: access.aggregatorName,
          accountId: target.accountId,
          region: target.region,
        }
        const deployed = packsBySource.get(`${target.accountId}/${target.region}`) ?? []
        const rules = yield* reader.describeAggregateComplianceByConfigRules(source)
        // Nothing deployed: tell an account that records but has no rules from one Config does not report on.
        if (rules.length === 0 && deployed.length === 0) {
          const resources = yield* reader.countAggregateDiscoveredResources(source)
          if (resources === 0) return yield* Effect.fail(notAggregated(access, target))
          return []
        }
        const packRules = deployed.flatMap((pack) => {
          const guardrail = guardrailOfPack(pack)
          const templateRules = guardrail === undefined ? [] : (access.packRules.get(guardrail) ?? [])
          return rules
            .map((r) => r.ConfigRuleName ?? "")
            .filter((rule) => templateRules.some((templateRule) => isRuleOf(rule, templateRule)))
            .map((rule) => ({ pack, rule }))
        })
        const perRule = yield* Effect.forEach(
          packRules,
          ({ pack, rule }) =>
            reader
              .getAggregateComplianceDetailsByConfigRule({ ...source, ruleName: rule })
              .pipe(
                Effect.map((results) =>
                  results
                    .filter((result) => result.ComplianceType !== "NOT_APPLICABLE")
                    .map((result) => evaluationFinding(target, pack, result)),
                ),
              ),
          { concurrency: 2 },
        )
        return perRule.flat()
      })
  })
