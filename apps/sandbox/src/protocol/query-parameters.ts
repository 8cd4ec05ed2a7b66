/**
 * Turns awsQuery form parameters into a nested value: `RoleName=x`, `Tags.member.1.Key=k`,
 * `VpcSecurityGroupIds.VpcSecurityGroupId.2=sg-1`, `Attributes.entry.1.key=a`. A segment followed by a number is
 * a list's member name; the number is its 1-based position.
 */
export const decodeQueryParameters = (params: URLSearchParams): Record<string, unknown> => {
  const root: Record<string, unknown> = {}
  for (const [key, value] of params) {
    if (key === "Action" || key === "Version") continue
    const segments = key.split(".")
    let node: Record<string, unknown> | unknown[] = root
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i] as string
      const last = i === segments.length - 1
      const next = segments[i + 1]
      const nextIsIndex = next !== undefined && /^\d+$/.test(next)
      const afterIsIndex = segments[i + 2] !== undefined && /^\d+$/.test(segments[i + 2] as string)
      if (Array.isArray(node)) {
        const index = Number(segment) - 1
        if (last) node[index] = value
        else {
          node[index] ??= {}
          node = node[index] as Record<string, unknown>
        }
        continue
      }
      if (last) {
        node[segment] = value
      } else if (nextIsIndex) {
        // `Key.1` directly numbered (no member name)
        node[segment] ??= []
        node = node[segment] as unknown[]
      } else if (afterIsIndex) {
        // `Key.member.1`: skip the member name
        node[segment] ??= []
        node = node[segment] as unknown[]
        i++
      } else {
        node[segment] ??= {}
        node = node[segment] as Record<string, unknown>
      }
    }
  }
  return compact(root) as Record<string, unknown>
}

/** Lists written with gaps (1, 3) are closed up. */
const compact = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact)
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]))
  return value
}
