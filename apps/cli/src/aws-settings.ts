import {
  CallLimits,
  clientSettingsFromEnvironment,
  defaultCallLimits,
  formatCallLimit,
  parseCallLimit,
  withCallLimits,
} from "@rampart/aws"
import { Layer } from "effect"
import { UsageError } from "./usage-error.ts"

/** The options of commands that call AWS. */
export const awsOptions = {
  "call-limit": {
    type: "string",
    multiple: true,
    valueName: "RULE",
    description:
      "Limit AWS calls per session and region: SERVICE[:OPERATION]=RATE/s[,burst=N][,concurrency=N], in place of " +
      `the default for that service and operation (${defaultCallLimits.map(formatCallLimit).join(" ")}).`,
  },
} as const

/** The call limits a command runs with: the defaults, with the `--call-limit` rules given in their place. */
export const callLimitsOf = (options: Readonly<Record<string, unknown>>) => {
  const given = ((options["call-limit"] as ReadonlyArray<string> | undefined) ?? []).map((text) => {
    const limit = parseCallLimit(text)
    if (typeof limit === "string") throw new UsageError({ message: `--call-limit: ${limit}` })
    return limit
  })
  return withCallLimits(defaultCallLimits, given)
}

/**
 * What the AWS clients of a command are built with: the standard AWS environment (region, profile, endpoint) and
 * the call limits. Reads the options first, so a bad `--call-limit` stops the command before anything is called.
 */
export const awsSettings = (options: Readonly<Record<string, unknown>>) => {
  const limits = callLimitsOf(options)
  return Layer.merge(clientSettingsFromEnvironment(), Layer.succeed(CallLimits, limits))
}
