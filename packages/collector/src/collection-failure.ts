import type { AwsError } from "@rampart/aws"
import type { Finding } from "@rampart/model"

/** The rule name of a collection failure: `collection:<what failed>`. */
const failureRule = (error: AwsError): string => {
  switch (error._tag) {
    case "AccessDenied":
      return `collection:access-denied-by-${error.by}`
    case "Throttled":
      return "collection:throttled"
    case "CredentialsRejected":
      return "collection:credentials-rejected"
    case "NotFound":
      return /ConfigurationRecorder/i.test(error.code)
        ? "collection:config-not-enabled"
        : "collection:not-found"
    case "AwsFailure":
      if (error.code === "NotAggregated") return "collection:not-aggregated"
      return /ConfigurationRecorder/i.test(error.code)
        ? "collection:config-not-enabled"
        : `collection:${error.code}`
  }
}

/**
 * A target that could not be collected (role missing, trust refused, SCP denial, Config not enabled, throttled
 * past the deadline) as a finding of its own, so a gap in the picture is never silent.
 */
export const collectionFailure = (
  target: { readonly accountId: string; readonly region: string; readonly ouPath?: string },
  error: AwsError,
  at: Date,
): Finding => ({
  kind: "collection-failure",
  accountId: target.accountId,
  region: target.region,
  rule: failureRule(error),
  resourceType: "AWS::::Account",
  resourceId: target.accountId,
  status: "ERROR",
  annotation: `${error.service}:${error.operation} failed: ${error.message}`,
  evaluatedAt: at.toISOString(),
  ...(target.ouPath !== undefined ? { ouPath: target.ouPath } : {}),
})
