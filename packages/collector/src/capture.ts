/** Where and when resources were read: what AWS Config stamps on every configuration item it records. */
export interface Capture {
  readonly accountId: string
  readonly awsRegion: string
  /** The read's time as ISO text, the items' `configurationItemCaptureTime`. */
  readonly time: string
}
