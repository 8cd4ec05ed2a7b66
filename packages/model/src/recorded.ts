/** A field name as AWS Config and CloudTrail write it: the first letter lowered (`storageEncrypted`, `multiAZ`). */
export const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1)

/**
 * A describe answer as AWS Config records it in a configuration item: field names with the first letter lowered
 * at every level, instants as ISO text, absent fields left out, and the `TagList` dropped (tags live beside the
 * configuration).
 */
export const recorded = (value: unknown): unknown => {
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(recorded)
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, field]) => field !== undefined && key !== "TagList")
        .map(([key, field]) => [lowerFirst(key), recorded(field)]),
    )
  return value
}
