import type { Input } from "../operation.ts"
import { ServiceError } from "../service-error.ts"

/** One page of a list, and the token of the next one. */
export interface Page<T> {
  readonly items: ReadonlyArray<T>
  readonly nextToken?: string
}

/**
 * Pages a list the way AWS does: `MaxResults` (or `MaxItems`/`MaxRecords`) up to `limit`, an opaque token to
 * resume. A token that was not handed out is refused with `InvalidNextTokenException` (or the given code).
 */
export const paginate = <T>(
  items: ReadonlyArray<T>,
  input: Input,
  options: {
    readonly limit: number
    readonly tokenField?: string
    readonly sizeField?: string
    readonly invalidTokenCode?: string
  } = { limit: 20 },
): Page<T> => {
  const sizeField = options.sizeField ?? "MaxResults"
  const tokenField = options.tokenField ?? "NextToken"
  const requested = input[sizeField]
  const size = requested === undefined ? options.limit : Math.min(Number(requested), options.limit)
  if (!Number.isInteger(size) || size < 1)
    throw new ServiceError(
      "InvalidInputException",
      `${sizeField} must be a whole number from 1 to ${options.limit}`,
    )
  const token = input[tokenField]
  let start = 0
  if (token !== undefined && token !== "") {
    const decoded = /^rp1:(\d+)$/.exec(Buffer.from(String(token), "base64url").toString("utf8"))
    if (!decoded)
      throw new ServiceError(
        options.invalidTokenCode ?? "InvalidNextTokenException",
        "The specified token is invalid",
      )
    start = Number(decoded[1])
  }
  const end = start + size
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: Buffer.from(`rp1:${end}`).toString("base64url") } : {}),
  }
}
