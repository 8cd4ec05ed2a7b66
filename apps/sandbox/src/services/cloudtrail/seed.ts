/*
 * The scenario section `resources.cloudtrail`: the trails the sandbox starts with.
 *
 *   resources:
 *     cloudtrail:
 *       trails:
 *         - name: org-trail
 *           accounts: ["999999999999"]   # "all" (every account of the organization) or account ids
 *           region: us-east-1            # the home Region; default the scenario's first Region
 *           s3BucketName: org-trail-logs # default aws-cloudtrail-logs-<account>
 *           isMultiRegionTrail: true     # default true
 *           isOrganizationTrail: false   # default false (only the management account may own one)
 *           logging: true                # default true
 *           snsTopicName: ...            # optional
 *           cloudWatchLogsLogGroupArn: ...   # optional, with cloudWatchLogsRoleArn
 *           cloudWatchLogsRoleArn: ...
 *           kmsKeyId: ...                # optional
 */
import type { SeedContext } from "../../operation.ts"
import { ScenarioError } from "../../scenario/scenario-error.ts"
import { cloudTrailState } from "./state.ts"
import { addTrail, trailNameProblem } from "./trails.ts"

type Fields = Readonly<Record<string, unknown>>

const fieldsAt = (value: unknown, path: string): Fields => {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new ScenarioError(path, "expected a mapping")
  return value as Fields
}

const textAt = (value: unknown, path: string): string | undefined => {
  if (value === undefined) return undefined
  if (typeof value !== "string" || value === "") throw new ScenarioError(path, "expected a non-empty string")
  return value
}

const flagAt = (value: unknown, path: string, fallback: boolean): boolean => {
  if (value === undefined) return fallback
  if (typeof value !== "boolean") throw new ScenarioError(path, "expected true or false")
  return value
}

const keys = [
  "name",
  "accounts",
  "region",
  "s3BucketName",
  "s3KeyPrefix",
  "isMultiRegionTrail",
  "isOrganizationTrail",
  "logging",
  "snsTopicName",
  "cloudWatchLogsLogGroupArn",
  "cloudWatchLogsRoleArn",
  "kmsKeyId",
]

/** Loads `resources.cloudtrail` into a new sandbox (see the top of this file). */
export const seedCloudTrail = (section: unknown, context: SeedContext): void => {
  const root = "resources.cloudtrail"
  const config = fieldsAt(section, root)
  for (const key of Object.keys(config))
    if (key !== "trails") throw new ScenarioError(`${root}.${key}`, "unknown key; expected trails")
  const trails = config.trails ?? []
  if (!Array.isArray(trails)) throw new ScenarioError(`${root}.trails`, "expected a list")
  const org = context.store.organization
  const known = Object.keys(org?.accounts ?? {}).sort()
  trails.forEach((raw, i) => {
    const at = `${root}.trails[${i}]`
    const entry = fieldsAt(raw, at)
    for (const key of Object.keys(entry))
      if (!keys.includes(key))
        throw new ScenarioError(`${at}.${key}`, `unknown key; expected one of ${keys.join(", ")}`)
    const name = textAt(entry.name, `${at}.name`)
    if (name === undefined) throw new ScenarioError(`${at}.name`, "every trail needs a name")
    const problem = trailNameProblem(name)
    if (problem !== undefined) throw new ScenarioError(`${at}.name`, problem)
    const accounts =
      entry.accounts === "all"
        ? known
        : Array.isArray(entry.accounts)
          ? entry.accounts.map((a, j) => {
              const id = textAt(a, `${at}.accounts[${j}]`) as string
              if (!known.includes(id))
                throw new ScenarioError(
                  `${at}.accounts[${j}]`,
                  `${id} is not an account of the scenario's organization`,
                )
              return id
            })
          : undefined
    if (!accounts || accounts.length === 0)
      throw new ScenarioError(`${at}.accounts`, 'name accounts, or "all"')
    const region = textAt(entry.region, `${at}.region`) ?? context.regions[0]
    if (region === undefined || !context.regions.includes(region))
      throw new ScenarioError(`${at}.region`, `${String(region)} is not one of the scenario's regions`)
    const organization = flagAt(entry.isOrganizationTrail, `${at}.isOrganizationTrail`, false)
    if (organization && accounts.some((a) => a !== org?.managementAccountId))
      throw new ScenarioError(
        `${at}.isOrganizationTrail`,
        "only the management account owns organization trails",
      )
    const optional = (key: string) => {
      const value = textAt(entry[key], `${at}.${key}`)
      return value === undefined ? {} : { [key]: value }
    }
    for (const account of accounts) {
      if (cloudTrailState(context.store, account, region).trails[name])
        throw new ScenarioError(`${at}.name`, `${account} already has a trail ${name} in ${region}`)
      addTrail(
        context.store,
        { account, region, partition: context.partition, now: context.now },
        {
          name,
          s3BucketName: textAt(entry.s3BucketName, `${at}.s3BucketName`) ?? `aws-cloudtrail-logs-${account}`,
          isMultiRegionTrail: flagAt(entry.isMultiRegionTrail, `${at}.isMultiRegionTrail`, true),
          isOrganizationTrail: organization,
          logging: flagAt(entry.logging, `${at}.logging`, true),
          ...optional("s3KeyPrefix"),
          ...optional("snsTopicName"),
          ...optional("cloudWatchLogsLogGroupArn"),
          ...optional("cloudWatchLogsRoleArn"),
          ...optional("kmsKeyId"),
        },
      )
    }
  })
}
