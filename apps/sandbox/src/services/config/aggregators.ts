import type { CallContext, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import type { SandboxStore } from "../../state/store.ts"
import { objectListMember, objectMember, stringListMember } from "./input.ts"
import { organizationAdmin } from "./organization-packs.ts"
import { configPage } from "./paging.ts"
import { type AggregatorRecord, configRegions, configState } from "./state.ts"

/** The service principal delegated administrators of Config aggregators are registered for. */
export const configServicePrincipal = "config.amazonaws.com"

const invalid = (message: string): ServiceError => new ServiceError("InvalidParameterValueException", message)

/** The aggregator of the caller's account and Region, or NoSuchConfigurationAggregatorException. */
export const aggregatorOrThrow = (context: CallContext, name: string): AggregatorRecord => {
  const aggregator = configState(context.store, context.account, context.region).aggregators[name]
  if (!aggregator)
    throw new ServiceError(
      "NoSuchConfigurationAggregatorException",
      "The configuration aggregator does not exist. Check the configuration aggregator name and try again.",
    )
  return aggregator
}

/** One account and Region an aggregator collects from. */
export interface SourceScope {
  readonly account: string
  readonly region: string
}

/**
 * The accounts and Regions an aggregator collects from: its listed accounts, or every active account of the
 * organization now (accounts that join later are picked up, as in AWS). "All Regions" means every Region in
 * which the account has Config state, which is every Region Config could report on in the sandbox.
 */
export const sourceScopes = (
  store: SandboxStore,
  aggregator: AggregatorRecord,
): ReadonlyArray<SourceScope> => {
  const scopes = new Map<string, SourceScope>()
  const add = (
    accounts: ReadonlyArray<string>,
    all: boolean | undefined,
    regions: ReadonlyArray<string> = [],
  ) => {
    for (const account of accounts)
      for (const region of all ? configRegions(store, account) : regions)
        scopes.set(`${account}/${region}`, { account, region })
  }
  for (const source of aggregator.accountSources ?? [])
    add(source.AccountIds, source.AllAwsRegions, source.AwsRegions)
  const org = aggregator.organizationSource
  if (org && store.organization) {
    const accounts = Object.values(store.organization.accounts)
      .filter((a) => a.status === "ACTIVE")
      .map((a) => a.id)
    add(accounts, org.AllAwsRegions, org.AwsRegions)
  }
  return [...scopes.values()].sort(
    (a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region),
  )
}

/** Reads the "AllAwsRegions or AwsRegions" choice every source makes. */
const regionsOf = (
  source: Readonly<Record<string, unknown>>,
): { AllAwsRegions?: boolean; AwsRegions?: string[] } => {
  const all = source.AllAwsRegions === true
  const regions = Array.isArray(source.AwsRegions) ? source.AwsRegions.map(String) : []
  if (all === regions.length > 0)
    throw invalid(
      "Specify either AllAwsRegions or AwsRegions for each aggregation source, not both or neither.",
    )
  return all ? { AllAwsRegions: true } : { AwsRegions: regions }
}

const aggregatorShape = (aggregator: AggregatorRecord) => ({
  ConfigurationAggregatorName: aggregator.name,
  ConfigurationAggregatorArn: aggregator.arn,
  ...(aggregator.accountSources === undefined
    ? {}
    : { AccountAggregationSources: aggregator.accountSources }),
  ...(aggregator.organizationSource === undefined
    ? {}
    : { OrganizationAggregationSource: aggregator.organizationSource }),
  CreationTime: new Date(aggregator.createdAt),
  LastUpdatedTime: new Date(aggregator.updatedAt),
})

/** PutConfigurationAggregator, DescribeConfigurationAggregators, DeleteConfigurationAggregator. */
export const aggregatorOperations: ReadonlyArray<Operation> = [
  {
    name: "PutConfigurationAggregator",
    readOnly: false,
    handle: (input, context) => {
      const name = requireString(input, "ConfigurationAggregatorName")
      if (!/^[\w-]{1,256}$/.test(name))
        throw new ServiceError(
          "ValidationException",
          `1 validation error detected: Value '${name}' at 'configurationAggregatorName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\-]+`,
        )
      const accountSources = objectListMember(input, "AccountAggregationSources")
      const organizationSource = objectMember(input, "OrganizationAggregationSource")
      if ((accountSources !== undefined && accountSources.length > 0) === (organizationSource !== undefined))
        throw invalid(
          "Specify either AccountAggregationSources or OrganizationAggregationSource, not both or neither.",
        )
      if (accountSources && accountSources.length > 1)
        throw invalid("AccountAggregationSources takes a single source with every account in it.")
      const state = configState(context.store, context.account, context.region)
      const existing = state.aggregators[name]
      const now = context.clock.now()
      let record: AggregatorRecord
      if (organizationSource) {
        organizationAdmin(context, configServicePrincipal)
        const roleArn = organizationSource.RoleArn
        if (typeof roleArn !== "string" || !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(roleArn))
          throw invalid(
            `The RoleArn '${String(roleArn ?? "")}' of the organization aggregation source is not valid.`,
          )
        record = {
          name,
          arn:
            existing?.arn ??
            `arn:${context.partition}:config:${context.region}:${context.account}:config-aggregator/${context.store.nextId("config-aggregator-", 8)}`,
          organizationSource: { RoleArn: roleArn, ...regionsOf(organizationSource) },
          createdAt: existing?.createdAt ?? now,
          updatedAt: now,
        }
      } else {
        const source = accountSources?.[0] ?? {}
        const accounts = stringListMember(source, "AccountIds") ?? []
        if (accounts.length === 0 || accounts.some((a) => !/^\d{12}$/.test(a)))
          throw invalid("AccountIds must list 12-digit account ids.")
        record = {
          name,
          arn:
            existing?.arn ??
            `arn:${context.partition}:config:${context.region}:${context.account}:config-aggregator/${context.store.nextId("config-aggregator-", 8)}`,
          accountSources: [{ AccountIds: [...accounts], ...regionsOf(source) }],
          createdAt: existing?.createdAt ?? now,
          updatedAt: now,
        }
      }
      state.aggregators[name] = record
      context.store.touch(context.account)
      return { ConfigurationAggregator: aggregatorShape(record) }
    },
  },
  {
    name: "DescribeConfigurationAggregators",
    readOnly: true,
    handle: (input, context) => {
      const names = stringListMember(input, "ConfigurationAggregatorNames")
      const state = configState(context.store, context.account, context.region)
      const aggregators =
        names && names.length > 0
          ? names.map((n) => aggregatorOrThrow(context, n))
          : Object.values(state.aggregators).sort((a, b) => a.name.localeCompare(b.name))
      const page = configPage(aggregators.map(aggregatorShape), input, { max: 100, default: 100 })
      return { ConfigurationAggregators: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "DeleteConfigurationAggregator",
    readOnly: false,
    handle: (input, context) => {
      const aggregator = aggregatorOrThrow(context, requireString(input, "ConfigurationAggregatorName"))
      delete configState(context.store, context.account, context.region).aggregators[aggregator.name]
      context.store.touch(context.account)
      return {}
    },
  },
]
