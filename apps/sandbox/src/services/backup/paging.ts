import type { Input } from "../../operation.ts"
import { type Page, paginate } from "../pagination.ts"
import { optionalInteger } from "./input.ts"

/** Backup's list operations take `maxResults` from 1 to 1000. */
const largestPage = 1000

/**
 * One page of a Backup list: `MaxResults` (1..1000, from the query string) and the `NextToken` of the previous
 * page; a bad size or a token that was not handed out is an InvalidParameterValueException.
 */
export const backupPage = <T>(items: ReadonlyArray<T>, input: Input): Page<T> => {
  const size = optionalInteger(input, "MaxResults", { min: 1, max: largestPage })
  return paginate(
    items,
    { MaxResults: size ?? largestPage, NextToken: input.NextToken },
    { limit: largestPage, invalidTokenCode: "InvalidParameterValueException" },
  )
}
