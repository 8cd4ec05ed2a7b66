/**
 * Event sources whose IAM service prefix is not the first label of the host. The rest follow the rule
 * (`rds.amazonaws.com` -> `rds`). Sources: the Service Authorization Reference (service prefixes) and the
 * `eventSource` values in the services' CloudTrail documentation.
 */
const exceptions: Readonly<Record<string, string>> = {
  "monitoring.amazonaws.com": "cloudwatch",
  "email.amazonaws.com": "ses",
  "tagging.amazonaws.com": "tag",
  "cloudcontrolapi.amazonaws.com": "cloudformation",
  "pinpoint.amazonaws.com": "mobiletargeting",
  "appstream2.amazonaws.com": "appstream",
  "models.lex.amazonaws.com": "lex",
  "runtime.lex.amazonaws.com": "lex",
  "streams.dynamodb.amazonaws.com": "dynamodb",
  "mturk-requester.amazonaws.com": "mechanicalturk",
}

/** The IAM service prefix of a CloudTrail event source, or undefined when the source is not an AWS endpoint. */
export const servicePrefixOf = (eventSource: string): string | undefined => {
  const known = exceptions[eventSource]
  if (known !== undefined) return known
  const match = /^([a-z0-9-]+)\.amazonaws\.com$/.exec(eventSource)
  return match ? match[1] : undefined
}
