/** A CloudTrail management event as the sandbox records it (the fields LookupEvents and trail files carry). */
export interface CloudTrailEvent {
  readonly eventVersion: string
  readonly userIdentity: Readonly<Record<string, unknown>>
  readonly eventTime: string
  readonly eventSource: string
  readonly eventName: string
  readonly awsRegion: string
  readonly sourceIPAddress: string
  readonly userAgent: string
  readonly requestParameters: Readonly<Record<string, unknown>> | null
  readonly responseElements: Readonly<Record<string, unknown>> | null
  readonly errorCode?: string
  readonly errorMessage?: string
  readonly requestID: string
  readonly eventID: string
  readonly readOnly: boolean
  readonly eventType: "AwsApiCall"
  readonly managementEvent: true
  readonly recipientAccountId: string
  readonly eventCategory: "Management"
}
