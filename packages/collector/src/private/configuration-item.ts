import type { ConfigurationItem } from "@rampart/model"
import type { Capture } from "../capture.ts"

/** What distinguishes one recorded resource; the rest of its item comes from the capture. */
export interface RecordedResource {
  readonly resourceType: string
  readonly resourceId: string
  readonly resourceName?: string | undefined
  readonly arn?: string | undefined
  readonly configuration: Readonly<Record<string, unknown>>
  readonly supplementaryConfiguration?: Readonly<Record<string, unknown>>
  readonly tags?: Readonly<Record<string, string>>
}

/** A configuration item of the capture's account and Region, stamped with the capture time. */
export const configurationItem = (resource: RecordedResource, capture: Capture): ConfigurationItem => ({
  resourceType: resource.resourceType,
  resourceId: resource.resourceId,
  ...(resource.resourceName === undefined ? {} : { resourceName: resource.resourceName }),
  ...(resource.arn === undefined ? {} : { arn: resource.arn }),
  accountId: capture.accountId,
  awsRegion: capture.awsRegion,
  configuration: resource.configuration,
  ...(resource.supplementaryConfiguration === undefined
    ? {}
    : { supplementaryConfiguration: resource.supplementaryConfiguration }),
  ...(resource.tags === undefined ? {} : { tags: resource.tags }),
  configurationItemCaptureTime: capture.time,
})
