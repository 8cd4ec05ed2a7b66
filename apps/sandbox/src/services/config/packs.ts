import type { SandboxStore } from "../../state/store.ts"
import type { CheckedTemplate, ResolvedPack } from "./pack-template.ts"
import { resolvePack } from "./pack-template.ts"
import { storedRemediation } from "./remediation-record.ts"
import { ruleProblem, storedRule } from "./rule-definition.ts"
import { type ConfigState, configState, conformsService, type PackRecord, recorderOf } from "./state.ts"

/** How long (simulated) Config takes to create or update a conformance pack. */
export const packDeploymentMilliseconds = 60_000

/** AWS's limit on conformance packs per account and Region. */
export const maxPacksPerRegion = 50

/** One deployment of a pack into an account and Region. */
export interface PackDeployment {
  readonly account: string
  readonly region: string
  readonly partition: string
  readonly name: string
  readonly templateBody: string
  readonly checked: CheckedTemplate
  readonly inputParameters: ReadonlyArray<{ readonly ParameterName: string; readonly ParameterValue: string }>
  readonly deliveryS3Bucket?: string
  readonly deliveryS3KeyPrefix?: string
  /** The service deploying it for an organization pack. */
  readonly createdBy?: string
  readonly now: number
  /** When the deployment completes (simulated). */
  readonly readyAt: number
}

/** The state of a pack at simulated time `now`, as DescribeConformancePackStatus reports it. */
export const packState = (pack: PackRecord, now: number): string =>
  pack.readyAt > now ? "CREATE_IN_PROGRESS" : pack.failure ? "CREATE_FAILED" : "CREATE_COMPLETE"

/** Removes what a pack created (rules, their results and remediations), except the rules it keeps. */
const removeOwned = (state: ConfigState, pack: string, keep: ReadonlySet<string>): void => {
  for (const rule of Object.values(state.rules)) {
    if (rule.pack !== pack || keep.has(rule.name)) continue
    delete state.rules[rule.name]
    delete state.evaluations[rule.name]
  }
  for (const remediation of Object.values(state.remediations))
    if (remediation.pack === pack && !keep.has(remediation.configRuleName))
      delete state.remediations[remediation.configRuleName]
}

/** Why a pack cannot be created in this account and Region, as the error code and message Config records. */
const deploymentFailure = (
  state: ConfigState,
  name: string,
  resolved: ResolvedPack,
): { readonly code: string; readonly message: string } | undefined => {
  if (!recorderOf(state))
    return {
      code: "NoAvailableConfigurationRecorderException",
      message:
        "There are no configuration recorders available to provide the role needed to describe your resources. Create a configuration recorder.",
    }
  for (const rule of resolved.rules) {
    const existing = state.rules[rule.name]
    if (existing && existing.pack !== name)
      return {
        code: "ResourceInUseException",
        message: `The Config rule ${rule.name} already exists in this account and Region outside conformance pack ${name}.`,
      }
    const problem = ruleProblem(rule)
    if (problem !== undefined) return { code: "InvalidParameterValueException", message: problem }
  }
  return undefined
}

/**
 * Creates or updates a conformance pack in one account and Region: its rules (named as the template says,
 * created by config-conforms.amazonaws.com) and remediations. The pack reads CREATE_IN_PROGRESS until `readyAt`.
 * A pack that cannot be created (no configuration recorder, a rule name taken by a rule outside the pack, rule
 * parameters the rule cannot read) is CREATE_FAILED and holds no rules, as Config rolls the pack's stack back.
 */
export const deployPack = (store: SandboxStore, deployment: PackDeployment): PackRecord => {
  const { account, region, partition, name } = deployment
  const state = configState(store, account, region)
  const previous = state.packs[name]
  const suffix = store.nextId("", 8)
  const stackName = `awsconfigconforms-${name}-${suffix}`
  const resolved = resolvePack(deployment.checked, { account, region, partition, stackName })
  const failure = deploymentFailure(state, name, resolved)
  const where = { account, region, partition, now: deployment.now }
  removeOwned(state, name, new Set(failure ? [] : resolved.rules.map((r) => r.name)))
  if (!failure) {
    for (const definition of resolved.rules) {
      const before = state.rules[definition.name]
      const rule = storedRule(store, where, definition, before, { createdBy: conformsService, pack: name })
      const same =
        before !== undefined &&
        JSON.stringify([before.sourceIdentifier, before.parameters, before.scope]) ===
          JSON.stringify([rule.sourceIdentifier, rule.parameters, rule.scope])
      if (!same) delete state.evaluations[definition.name]
      state.rules[definition.name] = rule
    }
    for (const definition of resolved.remediations)
      state.remediations[definition.configRuleName] = storedRemediation(
        store,
        where,
        definition,
        state.remediations[definition.configRuleName],
        { createdByService: conformsService, pack: name },
      )
  }
  const id = previous?.id ?? store.nextId("conformance-pack-", 9)
  const pack: PackRecord = {
    name,
    id,
    arn: previous?.arn ?? `arn:${partition}:config:${region}:${account}:conformance-pack/${name}/${id}`,
    stackArn:
      previous?.stackArn ??
      `arn:${partition}:cloudformation:${region}:${account}:stack/${stackName}/${store.nextId("", 36, "0123456789abcdef")}`,
    templateBody: deployment.templateBody,
    inputParameters: deployment.inputParameters.map((p) => ({
      ParameterName: p.ParameterName,
      ParameterValue: p.ParameterValue,
    })),
    requestedAt: deployment.now,
    readyAt: deployment.readyAt,
    ruleNames: failure ? [] : resolved.rules.map((r) => r.name),
    ...(deployment.deliveryS3Bucket === undefined ? {} : { deliveryS3Bucket: deployment.deliveryS3Bucket }),
    ...(deployment.deliveryS3KeyPrefix === undefined
      ? {}
      : { deliveryS3KeyPrefix: deployment.deliveryS3KeyPrefix }),
    ...(deployment.createdBy === undefined ? {} : { createdBy: deployment.createdBy }),
    ...(failure === undefined ? {} : { failure }),
  }
  state.packs[name] = pack
  store.touch(account)
  return pack
}

/** Deletes a pack and everything it created. */
export const removePack = (store: SandboxStore, account: string, region: string, name: string): void => {
  const state = configState(store, account, region)
  removeOwned(state, name, new Set())
  delete state.packs[name]
  store.touch(account)
}
