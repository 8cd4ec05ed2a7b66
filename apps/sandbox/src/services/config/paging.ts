import type { Input } from "../../operation.ts"
import { ServiceError } from "../../service-error.ts"
import { type Page, paginate } from "../pagination.ts"

/** How one Config list operation pages: its largest `Limit` and the page size when none (or 0) is given. */
export interface PageRule {
  readonly max: number
  readonly default: number
}

/**
 * Pages a Config list: `Limit` from 0 to the operation's maximum (0 or absent means its default page size,
 * anything else is InvalidLimitException), and `NextToken` as handed out (else InvalidNextTokenException).
 */
export const configPage = <T>(items: ReadonlyArray<T>, input: Input, rule: PageRule): Page<T> => {
  const raw = input.Limit
  let size = rule.default
  if (raw !== undefined && raw !== null) {
    const limit = Number(raw)
    if (!Number.isInteger(limit) || limit < 0 || limit > rule.max)
      throw new ServiceError(
        "InvalidLimitException",
        `1 validation error detected: Value '${String(raw)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${rule.max}`,
      )
    if (limit > 0) size = limit
  }
  return paginate(
    items,
    { NextToken: input.NextToken, MaxResults: size },
    { limit: size, invalidTokenCode: "InvalidNextTokenException" },
  )
}
