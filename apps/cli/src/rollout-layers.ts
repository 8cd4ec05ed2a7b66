import {
  backupLive,
  cloudTrailLive,
  configLive,
  credentialBrokerLive,
  iamLive,
  organizationsLive,
  stsLive,
} from "@rampart/aws"
import { Layer } from "effect"
import { awsSettings } from "./aws-settings.ts"

/**
 * The AWS services plans and rollouts use, on the standard AWS environment: Organizations with the caller's own
 * (management or delegated administrator) credentials, and Config, Backup, IAM and CloudTrail in member accounts
 * through sessions from the credential broker. Reads the options first, so bad call limits stop the command
 * before anything is called.
 */
export const rolloutAwsLayer = (options: Readonly<Record<string, unknown>>) =>
  Layer.mergeAll(
    organizationsLive,
    configLive,
    backupLive,
    iamLive,
    cloudTrailLive,
    credentialBrokerLive(),
  ).pipe(Layer.provideMerge(stsLive), Layer.provide(awsSettings(options)))
