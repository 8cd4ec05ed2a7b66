import {
  type EventFacts,
  parametersOf,
  type RequestDetails,
  type ServiceKnowledge,
  textParameter,
} from "./service-knowledge.ts"

/** STS: the role being assumed is the resource of `AssumeRole` (`roleArn`). */
export const sts: ServiceKnowledge = {
  prefix: "sts",
  eventSources: ["sts.amazonaws.com"],
  actionsWithDetails: new Set(["AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"]),
  details: (facts: EventFacts): RequestDetails => {
    const parameters = parametersOf(facts.parameters)
    const role = parameters && textParameter(parameters, "roleArn")
    return role === undefined ? {} : { resource: role }
  },
}
