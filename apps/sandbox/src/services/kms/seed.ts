/**
 * The scenario's `resources.kms` section: KMS keys (with their aliases) that exist when the sandbox starts.
 *
 * ```yaml
 * resources:
 *   kms:
 *     keys:
 *       - account: "222222222222"        # one account id, or a list of them
 *         region: us-east-1              # optional: one region or a list; every scenario region when absent
 *         id: 0b7c1f3e-5d2a-4c8e-9f10-2a3b4c5d6e7f   # optional fixed key id (else generated)
 *         description: Application data
 *         aliases: [alias/app-data]      # optional
 *         keySpec: SYMMETRIC_DEFAULT     # optional, with keyUsage; SYMMETRIC_DEFAULT/ENCRYPT_DECRYPT by default
 *         keyUsage: ENCRYPT_DECRYPT
 *         enabled: false                 # optional, true by default
 *         rotation: true                 # optional: true (every 365 days) or a period in days (90..2560)
 *         policy: { Version: ..., Statement: [...] }   # optional key policy (object or JSON text)
 *         tags: { team: data }           # optional
 *         pendingDeletionDays: 7         # optional: the key starts PendingDeletion, deleted after 7..30 days
 *     awsManaged:                        # optional: AWS managed keys that exist from the start
 *       - account: "222222222222"        # (they are otherwise created when first used, as in AWS)
 *         region: us-east-1              # optional, as above
 *         services: [rds, backup]
 * ```
 *
 * Each key is created separately in every account and region it names (one key id per account and region).
 */
import type { SeedContext } from "../../operation.ts"
import { ScenarioError } from "../../scenario/scenario-error.ts"
import { awsManagedServices, ensureAwsManagedKey } from "./aws-managed.ts"
import { checkKeyPolicyText } from "./key-policy-documents.ts"
import { specUsageProblem } from "./key-specs.ts"
import { putAlias, putKey } from "./state.ts"

const root = "resources.kms"
const day = 86_400_000

type Fields = Record<string, unknown>

const isRecord = (value: unknown): value is Fields =>
  value !== null && typeof value === "object" && !Array.isArray(value)

const allowedKeys = (value: Fields, path: string, allowed: ReadonlyArray<string>): void => {
  for (const key of Object.keys(value))
    if (!allowed.includes(key))
      throw new ScenarioError(`${path}.${key}`, `unknown field; expected one of ${allowed.join(", ")}`)
}

const accountsOf = (value: unknown, path: string): string[] => {
  const list = Array.isArray(value) ? value : [value]
  if (list.length === 0) throw new ScenarioError(path, "name at least one account")
  return list.map((account, index) => {
    if (typeof account !== "string" || !/^\d{12}$/.test(account))
      throw new ScenarioError(
        Array.isArray(value) ? `${path}[${index}]` : path,
        "a 12-digit account id in quotes",
      )
    return account
  })
}

const regionsOf = (value: unknown, path: string, context: SeedContext): ReadonlyArray<string> => {
  if (value === undefined) return context.regions
  const list = Array.isArray(value) ? value : [value]
  return list.map((region, index) => {
    if (typeof region !== "string" || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
      throw new ScenarioError(Array.isArray(value) ? `${path}[${index}]` : path, "a region such as us-east-1")
    return region
  })
}

const optionalText = (value: unknown, path: string): string | undefined => {
  if (value === undefined) return undefined
  if (typeof value !== "string") throw new ScenarioError(path, "text expected")
  return value
}

/** One `keys[i]` entry, checked, ready to create in each of its accounts and regions. */
const readKey = (entry: unknown, path: string, context: SeedContext) => {
  if (!isRecord(entry)) throw new ScenarioError(path, "a key is an object with at least `account`")
  allowedKeys(entry, path, [
    "account",
    "region",
    "id",
    "description",
    "aliases",
    "keySpec",
    "keyUsage",
    "enabled",
    "rotation",
    "policy",
    "tags",
    "pendingDeletionDays",
  ])
  const accounts = accountsOf(entry.account, `${path}.account`)
  const regions = regionsOf(entry.region, `${path}.region`, context)
  const id = optionalText(entry.id, `${path}.id`)
  if (
    id !== undefined &&
    !/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/.test(id)
  )
    throw new ScenarioError(`${path}.id`, "a key id such as 1234abcd-12ab-34cd-56ef-1234567890ab")
  const aliases = entry.aliases ?? []
  if (!Array.isArray(aliases)) throw new ScenarioError(`${path}.aliases`, "a list of alias names")
  aliases.forEach((alias, index) => {
    if (
      typeof alias !== "string" ||
      !/^alias\/[a-zA-Z0-9/_-]+$/.test(alias) ||
      alias.startsWith("alias/aws/")
    )
      throw new ScenarioError(
        `${path}.aliases[${index}]`,
        "an alias such as alias/app-data (not alias/aws/...)",
      )
  })
  const keySpec = optionalText(entry.keySpec, `${path}.keySpec`) ?? "SYMMETRIC_DEFAULT"
  const keyUsage = optionalText(entry.keyUsage, `${path}.keyUsage`)
  const problem = specUsageProblem(keySpec, keyUsage)
  if (problem !== undefined) throw new ScenarioError(`${path}.keySpec`, problem)
  if (entry.enabled !== undefined && typeof entry.enabled !== "boolean")
    throw new ScenarioError(`${path}.enabled`, "true or false")
  const rotation = entry.rotation
  if (
    rotation !== undefined &&
    typeof rotation !== "boolean" &&
    !(typeof rotation === "number" && Number.isInteger(rotation) && rotation >= 90 && rotation <= 2560)
  )
    throw new ScenarioError(`${path}.rotation`, "true, false or a period of 90 to 2560 days")
  if (rotation !== undefined && rotation !== false && keySpec !== "SYMMETRIC_DEFAULT")
    throw new ScenarioError(`${path}.rotation`, "only symmetric encryption keys rotate")
  const policy =
    entry.policy === undefined
      ? undefined
      : typeof entry.policy === "string"
        ? entry.policy
        : JSON.stringify(entry.policy)
  if (policy !== undefined) {
    const problem = checkKeyPolicyText(policy)
    if (problem !== undefined) throw new ScenarioError(`${path}.policy`, problem)
  }
  const tags = entry.tags ?? {}
  if (!isRecord(tags) || Object.values(tags).some((v) => typeof v !== "string"))
    throw new ScenarioError(`${path}.tags`, "a map of tag keys to text values")
  const pending = entry.pendingDeletionDays
  if (
    pending !== undefined &&
    !(typeof pending === "number" && Number.isInteger(pending) && pending >= 7 && pending <= 30)
  )
    throw new ScenarioError(`${path}.pendingDeletionDays`, "a whole number of days from 7 to 30")
  return {
    accounts,
    regions,
    aliases: aliases as string[],
    spec: {
      ...(id !== undefined ? { keyId: id } : {}),
      description: optionalText(entry.description, `${path}.description`) ?? "",
      keySpec,
      keyUsage: keyUsage ?? "ENCRYPT_DECRYPT",
      keyManager: "CUSTOMER" as const,
      multiRegion: id?.startsWith("mrk-") ?? false,
      ...(policy !== undefined ? { policy } : {}),
      tags: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue: String(TagValue) })),
      enabled: entry.enabled !== false,
      ...(rotation === undefined || rotation === false
        ? {}
        : { rotation: { periodInDays: rotation === true ? 365 : rotation } }),
    },
    pendingDeletionDays: pending as number | undefined,
  }
}

/** Loads `resources.kms` into a new sandbox: the keys and aliases, and AWS managed keys asked for up front. */
export const seedKms = (section: unknown, context: SeedContext): void => {
  if (!isRecord(section)) throw new ScenarioError(root, "an object with `keys` and/or `awsManaged`")
  allowedKeys(section, root, ["keys", "awsManaged"])
  const keys = section.keys ?? []
  if (!Array.isArray(keys)) throw new ScenarioError(`${root}.keys`, "a list of keys")
  const managed = section.awsManaged ?? []
  if (!Array.isArray(managed))
    throw new ScenarioError(`${root}.awsManaged`, "a list of { account, region, services }")
  // Every entry is read before anything is created.
  const readKeys = keys.map((entry, index) => readKey(entry, `${root}.keys[${index}]`, context))
  const readManaged = managed.map((entry, index) => {
    const path = `${root}.awsManaged[${index}]`
    if (!isRecord(entry)) throw new ScenarioError(path, "an object with account and services")
    allowedKeys(entry, path, ["account", "region", "services"])
    const services = entry.services
    if (!Array.isArray(services) || services.length === 0)
      throw new ScenarioError(`${path}.services`, "a list of services such as [rds, backup]")
    services.forEach((service, i) => {
      if (typeof service !== "string" || !awsManagedServices[service])
        throw new ScenarioError(
          `${path}.services[${i}]`,
          `one of ${Object.keys(awsManagedServices).join(", ")}`,
        )
    })
    return {
      accounts: accountsOf(entry.account, `${path}.account`),
      regions: regionsOf(entry.region, `${path}.region`, context),
      services: services as string[],
    }
  })
  // Duplicates are found before anything is created, so a refused scenario leaves no half-loaded state.
  const taken = new Set<string>()
  for (const [index, key] of readKeys.entries())
    for (const account of key.accounts)
      for (const region of key.regions) {
        for (const alias of key.aliases) {
          if (taken.has(`${account} ${region} ${alias}`))
            throw new ScenarioError(
              `${root}.keys[${index}].aliases`,
              `${alias} is used twice in ${account} ${region}`,
            )
          taken.add(`${account} ${region} ${alias}`)
        }
        const id = key.spec.keyId
        if (id !== undefined && taken.has(`${account} ${region} ${id}`))
          throw new ScenarioError(
            `${root}.keys[${index}].id`,
            `key ${id} is defined twice in ${account} ${region}`,
          )
        if (id !== undefined) taken.add(`${account} ${region} ${id}`)
      }
  for (const key of readKeys)
    for (const account of key.accounts)
      for (const region of key.regions) {
        const place = { partition: context.partition, account, region }
        const record = putKey(context.store, place, key.spec, context.now)
        if (key.pendingDeletionDays !== undefined)
          record.deletionDate = context.now + key.pendingDeletionDays * day
        for (const alias of key.aliases) putAlias(context.store, place, alias, record.keyId, context.now)
      }
  for (const entry of readManaged)
    for (const account of entry.accounts)
      for (const region of entry.regions)
        for (const service of entry.services)
          ensureAwsManagedKey(
            context.store,
            { partition: context.partition, account, region },
            service,
            context.now,
          )
}
