import { Data } from "effect"

/** The statements one guardrail contributes to a target, as rendered JSON. */
export interface GuardrailStatements {
  readonly guardrail: string
  /** A rendered policy document (`{"Version": …, "Statement": […]}`). */
  readonly document: unknown
}

/** One SCP produced by packing. */
export interface PackedPolicy {
  /** Position among the target's packed policies, from 1. */
  readonly index: number
  /** The minified JSON text to send, exactly as counted. */
  readonly text: string
  readonly characters: number
  /** Guardrails with statements in this policy, in catalog order. */
  readonly guardrails: ReadonlyArray<string>
}

export interface PackLimits {
  /** Policies that may still be attached to the target. */
  readonly freeSlots: number
  /** The character quota of one SCP. */
  readonly maxCharacters: number
}

/** Packing could not fit the statements in the free slots. */
export class PackOverflow extends Data.TaggedError("PackOverflow")<{
  readonly reason: "statement-too-large" | "not-enough-slots"
  readonly message: string
  /** Policies needed, and slots free. */
  readonly policiesNeeded: number
  readonly freeSlots: number
  /** Characters that do not fit in the free slots. */
  readonly overflowCharacters: number
}> {}

interface Item {
  readonly guardrailOrder: number
  readonly guardrail: string
  readonly order: number
  readonly statement: Readonly<Record<string, unknown>>
  readonly text: string
}

const header = '{"Version":"2012-10-17","Statement":['
const footer = "]}"
const overhead = header.length + footer.length

const pascal = (id: string): string =>
  id
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== "")
    .map((p) => p[0]?.toUpperCase() + p.slice(1))
    .join("")

/** Statements with Sids unique across guardrails: a Sid already taken gets the guardrail's name in front. */
const itemsOf = (inputs: ReadonlyArray<GuardrailStatements>): Item[] => {
  const taken = new Set<string>()
  const items: Item[] = []
  inputs.forEach((input, g) => {
    const raw = (input.document as { Statement?: unknown }).Statement
    const statements = (Array.isArray(raw) ? raw : [raw]) as Array<Record<string, unknown>>
    statements.forEach((statement, s) => {
      const sid =
        typeof statement.Sid === "string" && statement.Sid !== ""
          ? statement.Sid
          : `${pascal(input.guardrail)}${s + 1}`
      let unique = taken.has(sid) ? `${pascal(input.guardrail)}${sid}` : sid
      for (let n = 2; taken.has(unique); n++) unique = `${pascal(input.guardrail)}${sid}${n}`
      taken.add(unique)
      const renamed = {
        Sid: unique,
        ...Object.fromEntries(Object.entries(statement).filter(([k]) => k !== "Sid")),
      }
      items.push({
        guardrailOrder: g,
        guardrail: input.guardrail,
        order: s,
        statement: renamed,
        text: JSON.stringify(renamed),
      })
    })
  })
  return items
}

/** Characters of a policy holding these items. */
const sizeOf = (items: ReadonlyArray<Item>): number =>
  overhead + items.reduce((sum, item) => sum + item.text.length, 0) + Math.max(0, items.length - 1)

/** First-fit decreasing: each item, largest first, into the first bin with room. */
const firstFitDecreasing = (sorted: ReadonlyArray<Item>, capacity: number): Item[][] => {
  const bins: Item[][] = []
  const used: number[] = []
  for (const item of sorted) {
    const cost = item.text.length + 1
    const bin = used.findIndex((u) => u + cost <= capacity)
    if (bin >= 0) {
      bins[bin]?.push(item)
      used[bin] = (used[bin] ?? 0) + cost
    } else {
      bins.push([item])
      used.push(overhead - 1 + cost)
    }
  }
  return bins
}

/** Exact search for a packing into `count` bins, bounded in effort; undefined when none is found in time. */
const packInto = (sorted: ReadonlyArray<Item>, count: number, capacity: number): Item[][] | undefined => {
  const bins: Item[][] = Array.from({ length: count }, () => [])
  const used: number[] = Array.from({ length: count }, () => overhead - 1)
  let budget = 200_000
  const place = (i: number): boolean => {
    if (i === sorted.length) return true
    if (--budget < 0) return false
    const item = sorted[i] as Item
    const cost = item.text.length + 1
    const tried = new Set<number>()
    for (let b = 0; b < count; b++) {
      const load = used[b] as number
      if (load + cost > capacity || tried.has(load)) continue
      tried.add(load) // bins with the same load are interchangeable
      used[b] = load + cost
      bins[b]?.push(item)
      if (place(i + 1)) return true
      bins[b]?.pop()
      used[b] = load
    }
    return false
  }
  return place(0) ? bins : undefined
}

/**
 * Packs the statements of the guardrails aimed at one target into as few SCPs as fit the character quota, for
 * the target's free attachment slots. Statements at one level combine the same whichever policy holds them, so
 * packing never changes a decision. The result is deterministic: the same input gives the same policies, Sids and
 * order. Fails with PackOverflow naming the shortfall in characters and slots.
 */
export const packStatements = (
  inputs: ReadonlyArray<GuardrailStatements>,
  limits: PackLimits,
): ReadonlyArray<PackedPolicy> => {
  const items = itemsOf(inputs)
  if (items.length === 0) return []
  const capacity = limits.maxCharacters
  const tooLarge = items.find((item) => overhead + item.text.length > capacity)
  if (tooLarge) {
    const size = overhead + tooLarge.text.length
    throw new PackOverflow({
      reason: "statement-too-large",
      message: `statement ${tooLarge.statement.Sid} of ${tooLarge.guardrail} needs ${size} characters on its own; one SCP holds ${capacity}`,
      policiesNeeded: Number.POSITIVE_INFINITY,
      freeSlots: limits.freeSlots,
      overflowCharacters: size - capacity,
    })
  }
  const sorted = [...items].sort(
    (a, b) => b.text.length - a.text.length || a.guardrailOrder - b.guardrailOrder || a.order - b.order,
  )
  let bins = firstFitDecreasing(sorted, capacity)
  const total = items.reduce((sum, item) => sum + item.text.length + 1, 0)
  const lowerBound = Math.ceil(total / (capacity - overhead + 1))
  for (let count = lowerBound; count < bins.length; count++) {
    const exact = packInto(sorted, count, capacity)
    if (exact) {
      bins = exact
      break
    }
  }
  if (bins.length > limits.freeSlots) {
    const room = limits.freeSlots * (capacity - overhead + 1)
    throw new PackOverflow({
      reason: "not-enough-slots",
      message: `the statements need ${bins.length} SCPs (${sizeOf(items)} characters) but only ${limits.freeSlots} slot(s) are free; ${Math.max(1, total - room)} characters do not fit`,
      policiesNeeded: bins.length,
      freeSlots: limits.freeSlots,
      overflowCharacters: Math.max(1, total - room),
    })
  }
  const ordered = bins
    .map((bin) => [...bin].sort((a, b) => a.guardrailOrder - b.guardrailOrder || a.order - b.order))
    .sort(
      (a, b) =>
        (a[0]?.guardrailOrder ?? 0) - (b[0]?.guardrailOrder ?? 0) || (a[0]?.order ?? 0) - (b[0]?.order ?? 0),
    )
  return ordered.map((bin, i) => {
    const text = `${header}${bin.map((item) => item.text).join(",")}${footer}`
    return {
      index: i + 1,
      text,
      characters: text.length,
      guardrails: [...new Set(bin.map((item) => item.guardrail))],
    }
  })
}
