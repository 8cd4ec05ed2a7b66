/*
 * The scenario section `resources.config`: AWS Config as the sandbox starts with it.
 *
 *   resources:
 *     config:
 *       recorders:                       # configuration recorders, per account and Region
 *         - accounts: all                # "all" (every account of the organization) or a list of account ids
 *           regions: [us-east-1]         # default: every Region of the scenario
 *           recording: true              # default true; false leaves the recorder stopped
 *           name: default                # default "default"
 *           roleArn: arn:aws:iam::...    # default the account's AWSServiceRoleForConfig
 *           resourceTypes: [AWS::RDS::DBInstance]   # default: every supported type
 *           deliveryChannel: true        # default true (bucket config-bucket-<account>); false for none;
 *                                        # or {s3BucketName, s3KeyPrefix, deliveryFrequency}
 *       conformancePacks:                # packs deployed in accounts, complete when the sandbox starts
 *         - name: rds-security
 *           catalog: rds-security        # a conformance pack of the Rampart catalog, by id ...
 *           template: ./my-pack.yaml     # ... or a template file (relative to the working directory)
 *           accounts: ["222222222222"]   # "all" or account ids
 *           regions: [us-east-1]         # default: every Region of the scenario
 *           parameters: {RdsBackupRetentionMinimum: "14"}
 *       organizationConformancePacks:    # organization packs, deployed from the management account
 *         - name: rampart-rds
 *           catalog: rds-security        # or template:
 *           regions: [us-east-1]
 *           excludedAccounts: ["333333333333"]
 *           parameters: {}
 *
 * Packs are deployed after the recorders: an account without a recorder gets a CREATE_FAILED pack, as in AWS.
 */
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { loadCatalog } from "@rampart/catalog"
import type { SeedContext } from "../../operation.ts"
import { ScenarioError } from "../../scenario/scenario-error.ts"
import { ServiceError } from "../../service-error.ts"
import { deployOrganizationPack } from "./organization-packs.ts"
import { type CheckedTemplate, checkTemplate } from "./pack-template.ts"
import { deployPack } from "./packs.ts"
import { putRecorder, setRecording } from "./recorders.ts"
import { executionFrequencies } from "./rule-definition.ts"
import { configState } from "./state.ts"

type Fields = Readonly<Record<string, unknown>>

const fieldsAt = (value: unknown, path: string): Fields => {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new ScenarioError(path, "expected a mapping")
  return value as Fields
}

const listAt = (value: unknown, path: string): ReadonlyArray<unknown> => {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new ScenarioError(path, "expected a list")
  return value
}

const textAt = (value: unknown, path: string): string => {
  if (typeof value !== "string" || value === "") throw new ScenarioError(path, "expected a non-empty string")
  return value
}

const optionalTextAt = (value: unknown, path: string): string | undefined =>
  value === undefined ? undefined : textAt(value, path)

const checkKeys = (fields: Fields, path: string, allowed: ReadonlyArray<string>): void => {
  for (const key of Object.keys(fields))
    if (!allowed.includes(key))
      throw new ScenarioError(`${path}.${key}`, `unknown key; expected one of ${allowed.join(", ")}`)
}

/** `accounts`: "all" (every account of the organization) or a list of the organization's account ids. */
const accountsAt = (value: unknown, path: string, context: SeedContext): ReadonlyArray<string> => {
  const known = Object.keys(context.store.organization?.accounts ?? {}).sort()
  if (value === "all") return known
  return listAt(value ?? [], path).map((entry, i) => {
    const id = textAt(entry, `${path}[${i}]`)
    if (!known.includes(id))
      throw new ScenarioError(`${path}[${i}]`, `${id} is not an account of the scenario's organization`)
    return id
  })
}

/** `regions`: Regions of the scenario; all of them when not given. */
const regionsAt = (value: unknown, path: string, context: SeedContext): ReadonlyArray<string> => {
  if (value === undefined) return context.regions
  return listAt(value, path).map((entry, i) => {
    const region = textAt(entry, `${path}[${i}]`)
    if (!context.regions.includes(region))
      throw new ScenarioError(`${path}[${i}]`, `${region} is not one of the scenario's regions`)
    return region
  })
}

const parametersAt = (value: unknown, path: string) =>
  value === undefined
    ? []
    : Object.entries(fieldsAt(value, path)).map(([name, v]) => {
        if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean")
          throw new ScenarioError(`${path}.${name}`, "expected a string value")
        return { ParameterName: name, ParameterValue: String(v) }
      })

const seedRecorders = (entries: ReadonlyArray<unknown>, path: string, context: SeedContext): void => {
  entries.forEach((raw, i) => {
    const at = `${path}[${i}]`
    const entry = fieldsAt(raw, at)
    checkKeys(entry, at, [
      "accounts",
      "regions",
      "recording",
      "name",
      "roleArn",
      "resourceTypes",
      "deliveryChannel",
    ])
    const accounts = accountsAt(entry.accounts, `${at}.accounts`, context)
    if (accounts.length === 0) throw new ScenarioError(`${at}.accounts`, 'name accounts, or "all"')
    const regions = regionsAt(entry.regions, `${at}.regions`, context)
    const recording = entry.recording ?? true
    if (typeof recording !== "boolean") throw new ScenarioError(`${at}.recording`, "expected true or false")
    const name = optionalTextAt(entry.name, `${at}.name`) ?? "default"
    const roleArn = optionalTextAt(entry.roleArn, `${at}.roleArn`)
    const types =
      entry.resourceTypes === undefined
        ? undefined
        : listAt(entry.resourceTypes, `${at}.resourceTypes`).map((t, j) =>
            textAt(t, `${at}.resourceTypes[${j}]`),
          )
    const channel = entry.deliveryChannel ?? true
    if (typeof channel !== "boolean")
      checkKeys(fieldsAt(channel, `${at}.deliveryChannel`), `${at}.deliveryChannel`, [
        "s3BucketName",
        "s3KeyPrefix",
        "deliveryFrequency",
      ])
    if (recording && channel === false)
      throw new ScenarioError(`${at}.deliveryChannel`, "a recorder cannot record without a delivery channel")
    const channelFields = typeof channel === "boolean" ? {} : (channel as Fields)
    const frequency = optionalTextAt(
      channelFields.deliveryFrequency,
      `${at}.deliveryChannel.deliveryFrequency`,
    )
    if (frequency !== undefined && !executionFrequencies.includes(frequency))
      throw new ScenarioError(
        `${at}.deliveryChannel.deliveryFrequency`,
        `expected one of ${executionFrequencies.join(", ")}`,
      )
    const bucket = optionalTextAt(channelFields.s3BucketName, `${at}.deliveryChannel.s3BucketName`)
    const prefix = optionalTextAt(channelFields.s3KeyPrefix, `${at}.deliveryChannel.s3KeyPrefix`)
    for (const account of accounts) {
      for (const region of regions) {
        const state = configState(context.store, account, region)
        if (Object.keys(state.recorders).some((n) => n !== name))
          throw new ScenarioError(at, `${account} already has a recorder in ${region}; AWS allows one`)
        const recorder = putRecorder(
          state,
          { account, region, partition: context.partition },
          {
            name,
            roleArn:
              roleArn ??
              `arn:${context.partition}:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
            ...(types === undefined
              ? {}
              : {
                  recordingGroup: {
                    allSupported: false,
                    includeGlobalResourceTypes: false,
                    resourceTypes: types,
                    recordingStrategy: { useOnly: "INCLUSION_BY_RESOURCE_TYPES" },
                  },
                }),
          },
          () => context.store.nextId("", 8),
        )
        if (channel !== false)
          state.deliveryChannels.default = {
            name: "default",
            s3BucketName: bucket ?? `config-bucket-${account}`,
            ...(prefix === undefined ? {} : { s3KeyPrefix: prefix }),
            ...(frequency === undefined ? {} : { deliveryFrequency: frequency }),
          }
        setRecording(recorder, recording, context.now)
        context.store.touch(account)
      }
    }
  })
}

/** Reads a pack's template: a catalog pack by id, or a file. */
const templateAt = (entry: Fields, at: string, catalog: () => ReturnType<typeof loadCatalog>): string => {
  if ((entry.catalog === undefined) === (entry.template === undefined))
    throw new ScenarioError(at, "give either catalog (a pack id) or template (a file)")
  if (entry.template !== undefined) {
    const file = textAt(entry.template, `${at}.template`)
    try {
      return readFileSync(resolve(file), "utf8")
    } catch (error) {
      throw new ScenarioError(
        `${at}.template`,
        `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  const id = textAt(entry.catalog, `${at}.catalog`)
  const loaded = catalog()
  if (!loaded.ok)
    throw new ScenarioError(
      `${at}.catalog`,
      `the catalog does not load: ${loaded.diagnostics[0]?.message ?? "unknown problem"}`,
    )
  const guardrail = loaded.catalog.byId.get(id)
  if (guardrail?.kind !== "conformance-pack") {
    const packs = loaded.catalog.guardrails.filter((g) => g.kind === "conformance-pack").map((g) => g.id)
    throw new ScenarioError(
      `${at}.catalog`,
      `${id} is not a conformance pack of the catalog; it has ${packs.join(", ")}`,
    )
  }
  return guardrail.template.body
}

const checkedAt = (body: string, inputs: ReturnType<typeof parametersAt>, at: string): CheckedTemplate => {
  try {
    return checkTemplate(body, inputs)
  } catch (error) {
    throw new ScenarioError(at, error instanceof ServiceError ? error.message : String(error))
  }
}

const packNameAt = (value: unknown, path: string): string => {
  const name = textAt(value, path)
  if (!/^[a-zA-Z][-a-zA-Z0-9]*$/.test(name))
    throw new ScenarioError(path, "a pack name starts with a letter and holds letters, digits and hyphens")
  return name
}

/** Loads `resources.config` into a new sandbox (see the top of this file). */
export const seedConfig = (section: unknown, context: SeedContext): void => {
  const root = "resources.config"
  const config = fieldsAt(section, root)
  checkKeys(config, root, ["recorders", "conformancePacks", "organizationConformancePacks"])
  let loaded: ReturnType<typeof loadCatalog> | undefined
  const catalog = () => {
    loaded ??= loadCatalog()
    return loaded
  }
  seedRecorders(listAt(config.recorders, `${root}.recorders`), `${root}.recorders`, context)

  listAt(config.conformancePacks, `${root}.conformancePacks`).forEach((raw, i) => {
    const at = `${root}.conformancePacks[${i}]`
    const entry = fieldsAt(raw, at)
    checkKeys(entry, at, ["name", "catalog", "template", "accounts", "regions", "parameters"])
    const name = packNameAt(entry.name, `${at}.name`)
    const body = templateAt(entry, at, catalog)
    const inputs = parametersAt(entry.parameters, `${at}.parameters`)
    const checked = checkedAt(body, inputs, at)
    const accounts = accountsAt(entry.accounts, `${at}.accounts`, context)
    if (accounts.length === 0) throw new ScenarioError(`${at}.accounts`, 'name accounts, or "all"')
    for (const account of accounts)
      for (const region of regionsAt(entry.regions, `${at}.regions`, context))
        deployPack(context.store, {
          account,
          region,
          partition: context.partition,
          name,
          templateBody: body,
          checked,
          inputParameters: inputs,
          now: context.now,
          readyAt: context.now,
        })
  })

  listAt(config.organizationConformancePacks, `${root}.organizationConformancePacks`).forEach((raw, i) => {
    const at = `${root}.organizationConformancePacks[${i}]`
    const entry = fieldsAt(raw, at)
    checkKeys(entry, at, ["name", "catalog", "template", "regions", "excludedAccounts", "parameters"])
    const org = context.store.organization
    if (!org) throw new ScenarioError(at, "the scenario has no organization")
    const name = packNameAt(entry.name, `${at}.name`)
    const body = templateAt(entry, at, catalog)
    const inputs = parametersAt(entry.parameters, `${at}.parameters`)
    const checked = checkedAt(body, inputs, at)
    const excluded = accountsAt(entry.excludedAccounts ?? [], `${at}.excludedAccounts`, context)
    for (const region of regionsAt(entry.regions, `${at}.regions`, context))
      deployOrganizationPack(context.store, {
        org,
        admin: org.managementAccountId,
        region,
        partition: context.partition,
        name,
        templateBody: body,
        checked,
        inputParameters: inputs,
        excludedAccounts: excluded,
        now: context.now,
        readyAt: context.now,
      })
  })
}
