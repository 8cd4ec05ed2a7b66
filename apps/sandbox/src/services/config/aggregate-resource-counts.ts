import { accountResourceType } from "@rampart/catalog"
import type { Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { aggregatorOrThrow, sourceScopes } from "./aggregators.ts"
import { recordedItems } from "./evaluations.ts"
import { objectMember, stringMember } from "./input.ts"
import { configPage } from "./paging.ts"
import { existingConfigState, recorderOf } from "./state.ts"

const groupKeys: Readonly<
  Record<string, (item: { type: string; account: string; region: string }) => string>
> = {
  RESOURCE_TYPE: (item) => item.type,
  ACCOUNT_ID: (item) => item.account,
  AWS_REGION: (item) => item.region,
}

/**
 * GetAggregateDiscoveredResourceCounts: how many resources the aggregator's sources record, optionally filtered by
 * account, Region and resource type and grouped by one of them. Sources whose recorder is not recording count none.
 */
export const aggregateResourceCountOperations: ReadonlyArray<Operation> = [
  {
    name: "GetAggregateDiscoveredResourceCounts",
    readOnly: true,
    handle: (input, context) => {
      const aggregator = aggregatorOrThrow(context, requireString(input, "ConfigurationAggregatorName"))
      const filters = objectMember(input, "Filters") ?? {}
      const account = stringMember(filters, "AccountId")
      const region = stringMember(filters, "Region")
      const type = stringMember(filters, "ResourceType")
      const groupBy = stringMember(input, "GroupByKey")
      const groupKey = groupBy === undefined ? undefined : groupKeys[groupBy]
      if (groupBy !== undefined && groupKey === undefined)
        throw new ServiceError(
          "ValidationException",
          `1 validation error detected: Value '${groupBy}' at 'groupByKey' failed to satisfy constraint: Member must satisfy enum value set: [RESOURCE_TYPE, ACCOUNT_ID, AWS_REGION]`,
        )
      const scope = { store: context.store, services: context.services, now: context.clock.now() }
      const items = sourceScopes(context.store, aggregator)
        .filter(
          (s) =>
            (account === undefined || s.account === account) && (region === undefined || s.region === region),
        )
        .flatMap((source) => {
          const recorder = recorderOf(existingConfigState(context.store, source.account, source.region))
          if (recorder === undefined || !recorder.recording) return []
          return recordedItems(scope, source.account, source.region, recorder)
            .filter((item) => item.resourceType !== accountResourceType)
            .filter((item) => type === undefined || item.resourceType === type)
            .map((item) => ({ type: item.resourceType, account: source.account, region: source.region }))
        })
      const counts = new Map<string, number>()
      if (groupKey !== undefined)
        for (const item of items) counts.set(groupKey(item), (counts.get(groupKey(item)) ?? 0) + 1)
      const groups = [...counts.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([GroupName, ResourceCount]) => ({ GroupName, ResourceCount }))
      const page = configPage(groups, input, { max: 1000, default: 1000 })
      return {
        TotalDiscoveredResources: items.length,
        ...(groupBy === undefined ? {} : { GroupByKey: groupBy, GroupedResourceCounts: page.items }),
        NextToken: page.nextToken,
      }
    },
  },
]
