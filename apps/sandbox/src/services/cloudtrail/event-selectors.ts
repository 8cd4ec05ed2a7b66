import type { Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { defaultEventSelectors } from "./state.ts"
import { findTrail } from "./trail-lookup.ts"

const invalidSelectors = (message: string): ServiceError =>
  new ServiceError("InvalidEventSelectorsException", message)

const listOfObjects = (
  value: unknown,
  name: string,
): ReadonlyArray<Readonly<Record<string, unknown>>> | undefined => {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.some((v) => v === null || typeof v !== "object" || Array.isArray(v)))
    throw invalidSelectors(`${name} must be a list of selectors.`)
  return value as ReadonlyArray<Readonly<Record<string, unknown>>>
}

const readWriteTypes = ["All", "ReadOnly", "WriteOnly"]

/** PutEventSelectors and GetEventSelectors (basic or advanced selectors, stored as given). */
export const eventSelectorOperations: ReadonlyArray<Operation> = [
  {
    name: "PutEventSelectors",
    readOnly: false,
    handle: (input, context) => {
      const { trail, account } = findTrail(
        context,
        requireString(input, "TrailName", "InvalidTrailNameException"),
        true,
      )
      const basic = listOfObjects(input.EventSelectors, "EventSelectors")
      const advanced = listOfObjects(input.AdvancedEventSelectors, "AdvancedEventSelectors")
      if (basic !== undefined && advanced !== undefined)
        throw new ServiceError(
          "InvalidParameterCombinationException",
          "You cannot specify both EventSelectors and AdvancedEventSelectors in the same request.",
        )
      if (basic === undefined && advanced === undefined)
        throw invalidSelectors("Specify EventSelectors or AdvancedEventSelectors.")
      if (basic !== undefined) {
        if (basic.length === 0 || basic.length > 5)
          throw invalidSelectors("A trail takes from 1 to 5 event selectors.")
        for (const selector of basic) {
          const type = selector.ReadWriteType
          if (type !== undefined && !readWriteTypes.includes(String(type)))
            throw invalidSelectors(
              `ReadWriteType ${String(type)} is invalid; use All, ReadOnly or WriteOnly.`,
            )
        }
        trail.eventSelectors = basic.map((s) => ({
          ReadWriteType: s.ReadWriteType ?? "All",
          IncludeManagementEvents: s.IncludeManagementEvents ?? true,
          DataResources: s.DataResources ?? [],
          ExcludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
        }))
        delete trail.advancedEventSelectors
      } else if (advanced !== undefined) {
        if (advanced.length === 0 || advanced.length > 500)
          throw invalidSelectors("A trail takes from 1 to 500 advanced event selectors.")
        if (advanced.some((s) => !Array.isArray(s.FieldSelectors) || s.FieldSelectors.length === 0))
          throw invalidSelectors("Every advanced event selector needs FieldSelectors.")
        trail.advancedEventSelectors = advanced
        delete trail.eventSelectors
      }
      trail.changedAt = context.clock.now()
      context.store.touch(account)
      return {
        TrailARN: trail.arn,
        ...(trail.eventSelectors === undefined ? {} : { EventSelectors: trail.eventSelectors }),
        ...(trail.advancedEventSelectors === undefined
          ? {}
          : { AdvancedEventSelectors: trail.advancedEventSelectors }),
      }
    },
  },
  {
    name: "GetEventSelectors",
    readOnly: true,
    handle: (input, context) => {
      const { trail } = findTrail(
        context,
        requireString(input, "TrailName", "InvalidTrailNameException"),
        false,
      )
      return {
        TrailARN: trail.arn,
        ...(trail.advancedEventSelectors === undefined
          ? { EventSelectors: trail.eventSelectors ?? defaultEventSelectors }
          : { AdvancedEventSelectors: trail.advancedEventSelectors }),
      }
    },
  },
]
