import { recorded } from "@rampart/model"

/*
 * How AWS Config writes what a describe call answered: field names with the first letter lowered
 * (`storageEncrypted`, `dBInstanceIdentifier`, `iAMDatabaseAuthenticationEnabled`), instants as ISO text, absent
 * fields left out, and the tag list moved out of the configuration into the item's `tags`.
 */

/** The top level of a describe answer as Config records it. */
export const recordedFields = (value: object): Readonly<Record<string, unknown>> =>
  recorded(value) as Readonly<Record<string, unknown>>

/** An instant as Config writes it. */
export const iso = (instant: Date | undefined): string | undefined => instant?.toISOString()

/** The members that are present, so a recorded configuration reads like Config's JSON; undefined when none is. */
export const defined = (record: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined => {
  const present = Object.entries(record).filter(([, value]) => value !== undefined)
  return present.length === 0 ? undefined : Object.fromEntries(present)
}

/** A `[{ Key, Value }]` tag list as the item's `tags` map. */
export const tagsOf = (
  tags: ReadonlyArray<{ readonly Key?: string | undefined; readonly Value?: string | undefined }> | undefined,
): Record<string, string> =>
  Object.fromEntries(
    (tags ?? []).flatMap((tag) => (tag.Key === undefined ? [] : [[tag.Key, tag.Value ?? ""]])),
  )
