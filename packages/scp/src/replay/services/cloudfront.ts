import type { ServiceKnowledge } from "./service-knowledge.ts"

/** CloudFront: older events carry the API version in their name (`UpdateDistribution2017_10_30`). */
export const cloudfront: ServiceKnowledge = {
  prefix: "cloudfront",
  eventSources: ["cloudfront.amazonaws.com"],
  actionName: (eventName) => eventName.replace(/\d{4}_\d{2}_\d{2}$/, ""),
}
