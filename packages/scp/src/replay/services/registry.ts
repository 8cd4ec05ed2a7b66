import { backup } from "./backup.ts"
import { cloudfront } from "./cloudfront.ts"
import { cloudtrail } from "./cloudtrail.ts"
import { config } from "./config.ts"
import { servicePrefixOf } from "./event-source.ts"
import { iam } from "./iam.ts"
import { lambda } from "./lambda.ts"
import { rds } from "./rds.ts"
import { s3 } from "./s3.ts"
import type { ServiceKnowledge } from "./service-knowledge.ts"
import { sts } from "./sts.ts"

/** Every service replay knows more about than its prefix. */
export const knownServices: ReadonlyArray<ServiceKnowledge> = [
  backup,
  cloudfront,
  cloudtrail,
  config,
  iam,
  lambda,
  rds,
  s3,
  sts,
]

const bySource = new Map<string, ServiceKnowledge | null>()
for (const service of knownServices) for (const source of service.eventSources) bySource.set(source, service)

/**
 * The knowledge for an event source: a registered service, or one that only knows the prefix; null when the
 * source is not an AWS service endpoint. Answers are remembered per source.
 */
export const serviceFor = (eventSource: string): ServiceKnowledge | null => {
  const known = bySource.get(eventSource)
  if (known !== undefined) return known
  const prefix = servicePrefixOf(eventSource)
  const service = prefix === undefined ? null : { prefix, eventSources: [eventSource] }
  bySource.set(eventSource, service)
  return service
}

/** An event name as an IAM action: the action's name and the whole action (`rds:CreateDBInstance`). */
export interface IamAction {
  readonly name: string
  readonly action: string
}

const actions = new Map<ServiceKnowledge, Map<string, IamAction>>()

/**
 * The IAM action of an event name, remembered per service: events repeat a few hundred actions, and handing out
 * the same string each time spares building it and lets maps reuse its hash.
 */
export const actionFor = (service: ServiceKnowledge, eventName: string): IamAction => {
  let byName = actions.get(service)
  if (byName === undefined) {
    byName = new Map()
    actions.set(service, byName)
  }
  let found = byName.get(eventName)
  if (found === undefined) {
    const name = service.actionName ? service.actionName(eventName) : eventName
    found = { name, action: `${service.prefix}:${name}` }
    if (byName.size < 10_000) byName.set(eventName, found)
  }
  return found
}

/** Condition keys any service may set or declare absent. */
export const serviceKeys: ReadonlyArray<string> = knownServices.flatMap((s) => s.keys ?? [])
