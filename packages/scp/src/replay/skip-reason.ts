/**
 * Why an event was not replayed. Only API calls an SCP can deny are evaluated; the rest are counted by reason so
 * the report says what was left out.
 */
export type SkipReason =
  /** `AwsServiceEvent`: the service acted on its own (a scheduled backup, a key rotation). */
  | "service-event"
  /** `AwsConsoleSignIn`: a sign-in, which SCPs do not authorize. */
  | "console-sign-in"
  /** `AwsConsoleAction`: a console action that is not an API call. */
  | "console-action"
  /** `AwsCloudTrailInsight`: CloudTrail's own analysis, not a request. */
  | "insight"
  /** `AwsVpceEvent` (the NetworkActivity category): a VPC endpoint's record of a call. */
  | "network-activity"
  /** Any other `eventType`. */
  | "other-event-type"
  /** Made by an AWS service principal (`lambda.amazonaws.com`), which SCPs do not restrict. */
  | "aws-service-principal"
  /** Made by an IAM Identity Center user (portal or Identity Center actions), not an IAM principal of the account. */
  | "identity-center-user"
  /** `AssumeRoleWithSAML` / `AssumeRoleWithWebIdentity` callers, who are not yet AWS principals. */
  | "federated-sign-in"
  /** The caller is recorded only as another account, or as `Unknown`: no principal to evaluate. */
  | "unidentified-principal"
  /** An action that needs no permission (`sts:GetCallerIdentity`), so no policy can deny it. */
  | "not-authorized-by-iam"
  /** `eventSource`, `eventName` or the caller's account is missing or not text. */
  | "incomplete-event"
  /** A member replay reads (`userIdentity`, `requestParameters`) is not valid JSON. */
  | "malformed-event"
  /** `eventSource` is not an `*.amazonaws.com` host. */
  | "unknown-event-source"
  /** The second copy of a cross-account call, delivered to both accounts (same `sharedEventID`). */
  | "duplicate"
  /** The caller's account has no hierarchy in the replay input. */
  | "no-hierarchy"

/** One line per reason, for reports. */
export const skipReasonText: Readonly<Record<SkipReason, string>> = {
  "service-event": "AWS service events (AwsServiceEvent), not requests by a principal",
  "console-sign-in": "console sign-ins (AwsConsoleSignIn), which SCPs do not authorize",
  "console-action": "console actions that are not API calls (AwsConsoleAction)",
  insight: "CloudTrail Insights events",
  "network-activity": "VPC endpoint network activity events",
  "other-event-type": "events of another eventType",
  "aws-service-principal": "calls by AWS service principals, which SCPs do not restrict",
  "identity-center-user": "IAM Identity Center user actions (not an IAM principal of the account)",
  "federated-sign-in": "SAML and web identity federation sign-ins (AssumeRoleWithSAML / WithWebIdentity)",
  "unidentified-principal": "calls whose principal CloudTrail does not identify",
  "not-authorized-by-iam": "actions that need no permission (sts:GetCallerIdentity)",
  "incomplete-event": "events missing eventSource, eventName or the caller's account",
  "malformed-event": "events with a member that is not valid JSON",
  "unknown-event-source": "events whose eventSource is not an AWS service endpoint",
  duplicate: "second copies of cross-account calls (same sharedEventID)",
  "no-hierarchy": "calls from accounts the replay has no hierarchy for",
}
