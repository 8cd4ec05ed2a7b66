import {
  type EventFacts,
  isArn,
  parametersOf,
  type RequestDetails,
  type ServiceKnowledge,
  textParameter,
} from "./service-knowledge.ts"

/** Trail actions and the parameter that names the trail (a name or an ARN). */
const trailParameter: Readonly<Record<string, string>> = {
  CreateTrail: "name",
  DeleteTrail: "name",
  GetTrail: "name",
  GetTrailStatus: "name",
  StartLogging: "name",
  StopLogging: "name",
  UpdateTrail: "name",
  GetEventSelectors: "trailName",
  PutEventSelectors: "trailName",
  GetInsightSelectors: "trailName",
  PutInsightSelectors: "trailName",
}

/** Event data store actions (`eventDataStore`, an ARN or an ID). */
const eventDataStoreActions = new Set([
  "DeleteEventDataStore",
  "UpdateEventDataStore",
  "GetEventDataStore",
  "RestoreEventDataStore",
  "StartEventDataStoreIngestion",
  "StopEventDataStoreIngestion",
])

/**
 * CloudTrail: the trail of trail actions (`arn:PARTITION:cloudtrail:REGION:ACCOUNT:trail/NAME`, the region being
 * the one called) and the event data store of data store actions.
 */
export const cloudtrail: ServiceKnowledge = {
  prefix: "cloudtrail",
  eventSources: ["cloudtrail.amazonaws.com"],
  actionsWithDetails: new Set([...Object.keys(trailParameter), ...eventDataStoreActions]),
  details: (facts: EventFacts): RequestDetails => {
    const parameters = parametersOf(facts.parameters)
    if (parameters === undefined) return {}
    const prefix = `arn:${facts.partition}:cloudtrail:${facts.region ?? "*"}:${facts.resourceAccount}`
    const member = trailParameter[facts.action]
    if (member !== undefined) {
      const trail = textParameter(parameters, member)
      if (trail === undefined) return {}
      return { resource: isArn(trail) ? trail : `${prefix}:trail/${trail}` }
    }
    const store = textParameter(parameters, "eventDataStore")
    if (store === undefined) return {}
    return { resource: isArn(store) ? store : `${prefix}:eventdatastore/${store}` }
  },
}
