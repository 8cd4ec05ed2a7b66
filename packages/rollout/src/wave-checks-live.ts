import {
  type CloudTrail,
  type ConfigService,
  type CredentialBroker,
  type OrganizationTree,
  Sts,
} from "@rampart/aws"
import { effectiveScps } from "@rampart/collector"
import type { Finding } from "@rampart/model"
import { Effect, Layer } from "effect"
import { complianceRegression, evaluateComplianceGate } from "./gates/compliance-regression.ts"
import { impactGate, summarizeImpactGate } from "./gates/impact-gate.ts"
import { evaluateDenialGate, newScpDenials } from "./gates/scp-denials.ts"
import type { ScopeFor } from "./gates/wave-events.ts"
import { collectWaveFindings } from "./gates/wave-findings.ts"
import { hierarchiesOfTree, treeAfter } from "./proposed-hierarchies.ts"
import { memberScope } from "./read-state.ts"
import type { RolloutInputs } from "./rollout-inputs.ts"
import { WaveChecks } from "./wave-checks.ts"

/** Global services (IAM, STS, Organizations) record their calls in us-east-1, so the gates always read it. */
const regionsOf = (inputs: RolloutInputs): ReadonlyArray<string> => [
  ...new Set([...inputs.config.organization.regions, "us-east-1"]),
]

/** The accounts under the targets a wave's SCP changes attach to. */
const accountsUnder = (targets: ReadonlySet<string>, tree: OrganizationTree): ReadonlyArray<string> =>
  Object.entries(effectiveScps(tree))
    .filter(([, hierarchy]) => hierarchy.levels.some((level) => targets.has(level.id)))
    .map(([account]) => account)

/**
 * The wave checks against AWS: the impact gate replays the CloudTrail of the accounts under the wave's SCP
 * targets (read through the member access role, over the rollout's lookback) against their SCPs before and
 * after the wave; the health gates count SCP denials in the wave's accounts since it started and compare the
 * accounts' Config findings after the soak with those at the wave's start.
 */
export const waveChecksLive = Layer.effect(
  WaveChecks,
  Effect.gen(function* () {
    const context = yield* Effect.context<CloudTrail | CredentialBroker | ConfigService | Sts>()
    const awsNow = Sts.use((sts) => sts.serverTime()).pipe(Effect.provideContext(context))
    const scopeFor =
      (inputs: RolloutInputs): ScopeFor =>
      (account, region) =>
        memberScope(inputs.converge.access, account, region).pipe(Effect.provideContext(context))
    const findings = (inputs: RolloutInputs, accounts: ReadonlyArray<string>) =>
      collectWaveFindings({
        accounts,
        regions: inputs.config.organization.regions,
        access: inputs.converge.access,
      }).pipe(Effect.provideContext(context))
    return {
      impact: (inputs, wave, changes, tree) =>
        Effect.gen(function* () {
          const targets = new Set(
            changes.flatMap((c) => (c.after.kind === "scp-attachment" ? [c.after.targetId] : [])),
          )
          const accounts = accountsUnder(targets, tree).filter((a) => a !== tree.managementAccountId)
          const current = hierarchiesOfTree(tree)
          const proposed = hierarchiesOfTree(treeAfter(tree, changes))
          if (typeof current === "string" || typeof proposed === "string")
            return {
              gate: "impact" as const,
              passed: false,
              reason: typeof current === "string" ? current : (proposed as string),
            }
          const until = yield* awsNow
          const since = new Date(until.getTime() - inputs.settings.impactLookbackHours * 3_600_000)
          const result = yield* impactGate({
            accounts,
            regions: regionsOf(inputs),
            window: { since, until },
            current,
            proposed,
            acknowledgements: wave.acknowledgements,
            scopeFor: scopeFor(inputs),
          }).pipe(Effect.provideContext(context))
          return {
            ...result.decision,
            reason: summarizeImpactGate(result),
            detail: {
              newlyDenied: result.newlyDenied.map((g) => ({
                account: g.account,
                principal: g.principal,
                action: g.action,
                count: g.count,
                disposition: g.disposition,
                lastSeen: g.lastSeen,
              })),
              unknown: result.unknown.length,
              unreadable: result.unreadable,
              totals: result.totals,
            },
          }
        }),
      baseline: (inputs, _wave, accounts) => findings(inputs, accounts),
      health: (inputs, wave, accounts, startedAt, baseline) =>
        Effect.gen(function* () {
          const denials = yield* newScpDenials({
            accounts,
            regions: regionsOf(inputs),
            since: startedAt,
            until: yield* awsNow,
            scopeFor: scopeFor(inputs),
          }).pipe(Effect.provideContext(context))
          const denialGate = {
            ...evaluateDenialGate(denials, wave.gates.maxNewScpDenials),
            detail: { total: denials.total, groups: denials.groups.slice(0, 10) },
          }
          const before = (baseline ?? []) as ReadonlyArray<Finding>
          // A pair that could not be collected at the wave's start either (Config off there) is no regression.
          const failedBefore = new Set(
            before.filter((f) => f.kind === "collection-failure").map((f) => `${f.accountId}|${f.region}`),
          )
          const after = (yield* findings(inputs, accounts)).filter(
            (f) => !(f.kind === "collection-failure" && failedBefore.has(`${f.accountId}|${f.region}`)),
          )
          const regression = complianceRegression(before, after)
          const complianceGate = {
            ...evaluateComplianceGate(regression, wave.gates.maxComplianceRegression),
            detail: {
              before: regression.before,
              after: regression.after,
              regression: regression.regression,
              turnedNonCompliant: regression.turnedNonCompliant.length,
            },
          }
          return [denialGate, complianceGate]
        }),
    }
  }),
)
