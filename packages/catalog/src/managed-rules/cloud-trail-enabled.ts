/*
 * CLOUD_TRAIL_ENABLED (rule name cloudtrail-enabled) — https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-enabled.html
 * Evaluates the AWS::::Account item against every AWS::CloudTrail::Trail in the inventory, reading
 * `configuration.name`, `configuration.s3BucketName`, `configuration.snsTopicARN` (or `snsTopicArn`),
 * `configuration.cloudWatchLogsLogGroupArn`, and the logging status `configuration.isLogging` or
 * `supplementaryConfiguration.TrailStatus.isLogging` when recorded (a recorded trail without a status counts as
 * logging). Config records a trail in its home Region only, so a multi-Region trail homed elsewhere, or an
 * organization trail owned by the management account, is not in this account+Region's inventory.
 */
import type { ConfigurationItem, ParameterSpec } from "@rampart/model"
import type { ManagedRule } from "./managed-rule.ts"
import { asBoolean, asText, configField, field, supplementaryField } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant } from "./private/evaluation.ts"
import { textParameter } from "./private/parameters.ts"

const identifier = "CLOUD_TRAIL_ENABLED"

const s3BucketName: ParameterSpec = {
  name: "s3BucketName",
  type: "string",
  description: "Optional. Name of the S3 bucket a trail must deliver log files to.",
}
const snsTopicArn: ParameterSpec = {
  name: "snsTopicArn",
  type: "string",
  description: "Optional. ARN of the SNS topic a trail must notify.",
}
const cloudWatchLogsLogGroupArn: ParameterSpec = {
  name: "cloudWatchLogsLogGroupArn",
  type: "string",
  description: "Optional. ARN of the CloudWatch Logs log group a trail must send events to.",
}

/** CloudTrail records log group ARNs with a trailing `:*`; people often write them without. */
const logGroupKey = (arn: string): string => arn.replace(/:\*$/, "")

const isLogging = (trail: ConfigurationItem): boolean =>
  asBoolean(
    configField(trail, "isLogging") ?? field(supplementaryField(trail, "TrailStatus"), "isLogging"),
  ) !== false

const trailName = (trail: ConfigurationItem): string =>
  asText(configField(trail, "name")) ?? trail.resourceName ?? trail.resourceId

/** Checks that the account has a logging CloudTrail trail, optionally delivering to given destinations. */
export const cloudTrailEnabled: ManagedRule = defineManagedRule({
  identifier,
  description:
    "Checks if a CloudTrail trail is enabled in the account; optionally checks its S3 bucket, SNS topic and CloudWatch Logs log group.",
  trigger: "periodic",
  resourceTypes: ["AWS::::Account"],
  parameters: [s3BucketName, snsTopicArn, cloudWatchLogsLogGroupArn],
  evaluate: ({ item, parameters, inventory }) => {
    const where = `account ${item.accountId} in ${item.awsRegion}`
    const bucket = textParameter(identifier, s3BucketName, parameters)
    const topic = textParameter(identifier, snsTopicArn, parameters)
    const logGroup = textParameter(identifier, cloudWatchLogsLogGroupArn, parameters)

    const trails = inventory("AWS::CloudTrail::Trail")
    const logging = trails.filter(isLogging)
    if (logging.length === 0) {
      return nonCompliant(
        trails.length === 0
          ? `No CloudTrail trail is recorded for ${where}; create a trail (an organization trail covers every account).`
          : `${where} has trails (${trails.map(trailName).join(", ")}) but none is logging; start logging on one.`,
      )
    }
    const requirements = [
      {
        label: "S3 bucket",
        wanted: bucket,
        seen: (t: ConfigurationItem) => asText(configField(t, "s3BucketName")),
      },
      {
        label: "SNS topic",
        wanted: topic,
        seen: (t: ConfigurationItem) => asText(configField(t, "snsTopicARN", "snsTopicArn")),
      },
      {
        label: "log group",
        wanted: logGroup === undefined ? undefined : logGroupKey(logGroup),
        seen: (t: ConfigurationItem) => {
          const arn = asText(configField(t, "cloudWatchLogsLogGroupArn"))
          return arn === undefined ? undefined : logGroupKey(arn)
        },
      },
    ].filter((requirement) => requirement.wanted !== undefined)
    const matching = logging.find((trail) => requirements.every((r) => r.seen(trail) === r.wanted))
    if (matching !== undefined) return compliant(`Trail ${trailName(matching)} is logging for ${where}.`)
    const wanted = requirements.map((r) => `${r.label} ${r.wanted}`).join(", ")
    const seen = logging
      .map(
        (trail) =>
          `${trailName(trail)}: ${requirements.map((r) => `${r.label} ${r.seen(trail) ?? "none"}`).join(", ")}`,
      )
      .join("; ")
    return nonCompliant(
      `No logging trail in ${where} uses ${wanted} (${seen}); point a trail at them or fix the rule parameters.`,
    )
  },
})
