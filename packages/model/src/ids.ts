import { Schema } from "effect"

/** A 12-digit AWS account id. */
export const AccountId = Schema.String.check(
  Schema.isPattern(/^\d{12}$/, { expected: "a 12-digit AWS account id" }),
).pipe(Schema.brand("AccountId"))
export type AccountId = typeof AccountId.Type

/** True when the text is a 12-digit AWS account id. */
export const isAccountId = (text: string): boolean => /^\d{12}$/.test(text)

/**
 * An OU addressed by its names from the root: `/Workloads/Prod`. `/` is the root itself. Names are the OU names
 * as Organizations shows them (1..128 characters, no `/`).
 */
export const isOuPath = (text: string): boolean => text === "/" || /^(\/[^/]{1,128})+$/.test(text)

/** Splits `/Workloads/Prod` into `["Workloads", "Prod"]`. */
export const ouPathSegments = (path: string): ReadonlyArray<string> => path.split("/").filter((s) => s !== "")

/** An AWS Region name such as `eu-west-1` or `us-gov-west-1`. */
export const isRegion = (text: string): boolean => /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(text)
