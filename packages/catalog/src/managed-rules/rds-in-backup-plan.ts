/*
 * RDS_IN_BACKUP_PLAN — https://docs.aws.amazon.com/config/latest/developerguide/rds-in-backup-plan.html
 * Reads the AWS::RDS::DBInstance's `arn` (or `configuration.dBInstanceArn`), `configuration.dBClusterIdentifier`
 * and `tags`, and every AWS::Backup::BackupSelection in the inventory: `configuration.backupSelection` with
 * `resources` (ARNs, `*` wildcards), `notResources`, `listOfTags` ({conditionType, conditionKey, conditionValue})
 * and `conditions` (stringEquals / stringNotEquals / stringLike / stringNotLike on `aws:ResourceTag/<key>`).
 * An instance that belongs to a cluster is also covered when a selection names its cluster ARN, since AWS Backup
 * backs Aurora up per cluster.
 */
import type { ConfigurationItem } from "@rampart/model"
import type { ManagedRule } from "./managed-rule.ts"
import {
  asList,
  asText,
  asTextList,
  configField,
  field,
  fieldPath,
  resourceLabel,
} from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant } from "./private/evaluation.ts"
import { clusterIdentifierOf } from "./private/rds.ts"
import { wildcardMatches } from "./private/wildcard.ts"

type Tags = Readonly<Record<string, string>>

const tagKeyOf = (conditionKey: string): string =>
  conditionKey.toLowerCase().startsWith("aws:resourcetag/")
    ? conditionKey.slice("aws:ResourceTag/".length)
    : conditionKey

const tagCondition = (
  condition: unknown,
  tags: Tags,
  test: (value: string, wanted: string) => boolean,
): boolean => {
  const key = asText(field(condition, "conditionKey"))
  const wanted = asText(field(condition, "conditionValue")) ?? ""
  const value = key === undefined ? undefined : tags[tagKeyOf(key)]
  return value !== undefined && test(value, wanted)
}

/** Whether a backup selection assigns any of `arns` (the instance, or its cluster) to its plan. */
const selects = (selection: ConfigurationItem, arns: ReadonlyArray<string>, tags: Tags): boolean => {
  const spec = fieldPath(selection.configuration, "backupSelection")
  const matchesAny = (patterns: ReadonlyArray<string>): boolean =>
    patterns.some((pattern) => arns.some((arn) => wildcardMatches(pattern, arn)))
  const byResource = matchesAny(asTextList(field(spec, "resources")))
  const byTag = asList(field(spec, "listOfTags")).some((condition) =>
    tagCondition(condition, tags, (value, wanted) => value === wanted),
  )
  const conditions = field(spec, "conditions")
  const equals = (value: string, wanted: string): boolean => value === wanted
  const like = (value: string, wanted: string): boolean => wildcardMatches(wanted, value)
  const every = (name: string, holds: (condition: unknown) => boolean): boolean =>
    asList(field(conditions, name)).every(holds)
  const conditionsHold =
    every("stringEquals", (c) => tagCondition(c, tags, equals)) &&
    every("stringLike", (c) => tagCondition(c, tags, like)) &&
    every("stringNotEquals", (c) => !tagCondition(c, tags, equals)) &&
    every("stringNotLike", (c) => !tagCondition(c, tags, like))
  const excluded = matchesAny(asTextList(field(spec, "notResources")))
  return (byResource || byTag) && conditionsHold && !excluded
}

/** The ARNs under which AWS Backup may protect the instance: its own, and its cluster's when it has one. */
const protectedArnsOf = (item: ConfigurationItem): ReadonlyArray<string> => {
  const arn = item.arn ?? asText(configField(item, "dBInstanceArn"))
  if (arn === undefined) return []
  const cluster = clusterIdentifierOf(item)
  const marker = arn.lastIndexOf(":db:")
  return cluster !== undefined && marker >= 0 ? [arn, `${arn.slice(0, marker)}:cluster:${cluster}`] : [arn]
}

/** Checks that an RDS DB instance is assigned to at least one AWS Backup plan. */
export const rdsInBackupPlan: ManagedRule = defineManagedRule({
  identifier: "RDS_IN_BACKUP_PLAN",
  description: "Checks if RDS DB instances are included in an AWS Backup plan's resource assignments.",
  trigger: "periodic",
  resourceTypes: ["AWS::RDS::DBInstance"],
  parameters: [],
  evaluate: ({ item, inventory }) => {
    const name = resourceLabel(item)
    const arns = protectedArnsOf(item)
    const selections = inventory("AWS::Backup::BackupSelection")
    const covering = selections.find((selection) => selects(selection, arns, item.tags ?? {}))
    if (covering !== undefined) {
      return compliant(
        `DB instance ${name} is assigned to a backup plan by selection ${resourceLabel(covering)}.`,
      )
    }
    return nonCompliant(
      `DB instance ${name} (${arns[0] ?? "no ARN recorded"}) is in none of the ${selections.length} recorded backup selections; assign it${arns.length > 1 ? " or its cluster" : ""} to an AWS Backup plan.`,
    )
  },
})
