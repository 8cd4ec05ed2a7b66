import type { Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { missingMember, objectMember, stringListMember, stringMember } from "./input.ts"
import { executionFrequencies } from "./rule-definition.ts"
import { type ConfigState, configState, type DeliveryChannelRecord, recorderOf } from "./state.ts"

const noSuchChannel = (name: string): ServiceError =>
  new ServiceError(
    "NoSuchDeliveryChannelException",
    `Cannot find delivery channel with specified name '${name}'.`,
  )

const channelOrThrow = (state: ConfigState, name: string): DeliveryChannelRecord => {
  const channel = state.deliveryChannels[name]
  if (!channel) throw noSuchChannel(name)
  return channel
}

/** How Config describes a delivery channel. */
const channelShape = (channel: DeliveryChannelRecord) => ({
  name: channel.name,
  s3BucketName: channel.s3BucketName,
  ...(channel.s3KeyPrefix === undefined ? {} : { s3KeyPrefix: channel.s3KeyPrefix }),
  ...(channel.s3KmsKeyArn === undefined ? {} : { s3KmsKeyArn: channel.s3KmsKeyArn }),
  ...(channel.snsTopicArn === undefined ? {} : { snsTopicARN: channel.snsTopicArn }),
  ...(channel.deliveryFrequency === undefined
    ? {}
    : { configSnapshotDeliveryProperties: { deliveryFrequency: channel.deliveryFrequency } }),
})

/** PutDeliveryChannel, DescribeDeliveryChannels, DeleteDeliveryChannel. */
export const deliveryChannelOperations: ReadonlyArray<Operation> = [
  {
    name: "PutDeliveryChannel",
    readOnly: false,
    handle: (input, context) => {
      const raw = objectMember(input, "DeliveryChannel")
      if (!raw) throw missingMember("DeliveryChannel")
      const name = stringMember(raw, "name") ?? "default"
      const state = configState(context.store, context.account, context.region)
      if (!recorderOf(state))
        throw new ServiceError(
          "NoAvailableConfigurationRecorderException",
          "Configuration recorder is not available to put delivery channel.",
        )
      if (Object.keys(state.deliveryChannels).some((n) => n !== name))
        throw new ServiceError(
          "MaxNumberOfDeliveryChannelsExceededException",
          `Failed to put delivery channel '${name}' because the maximum number of delivery channels: 1 is reached.`,
        )
      const bucket = stringMember(raw, "s3BucketName")
      if (bucket === undefined)
        throw new ServiceError("NoSuchBucketException", "Cannot find a S3 bucket with an empty bucket name.")
      const properties = objectMember(raw, "configSnapshotDeliveryProperties")
      const frequency = properties === undefined ? undefined : stringMember(properties, "deliveryFrequency")
      if (frequency !== undefined && !executionFrequencies.includes(frequency))
        throw new ServiceError(
          "InvalidParameterValueException",
          `The deliveryFrequency ${frequency} is invalid; use one of ${executionFrequencies.join(", ")}.`,
        )
      const prefix = stringMember(raw, "s3KeyPrefix")
      const kms = stringMember(raw, "s3KmsKeyArn")
      const topic = stringMember(raw, "snsTopicARN")
      state.deliveryChannels[name] = {
        name,
        s3BucketName: bucket,
        ...(prefix === undefined ? {} : { s3KeyPrefix: prefix }),
        ...(kms === undefined ? {} : { s3KmsKeyArn: kms }),
        ...(topic === undefined ? {} : { snsTopicArn: topic }),
        ...(frequency === undefined ? {} : { deliveryFrequency: frequency }),
      }
      context.store.touch(context.account)
      return {}
    },
  },
  {
    name: "DescribeDeliveryChannels",
    readOnly: true,
    handle: (input, context) => {
      const state = configState(context.store, context.account, context.region)
      const names = stringListMember(input, "DeliveryChannelNames")
      const channels =
        names && names.length > 0
          ? names.map((name) => channelOrThrow(state, name))
          : Object.values(state.deliveryChannels)
      return { DeliveryChannels: channels.map(channelShape) }
    },
  },
  {
    name: "DeleteDeliveryChannel",
    readOnly: false,
    handle: (input, context) => {
      const state = configState(context.store, context.account, context.region)
      const channel = channelOrThrow(state, requireString(input, "DeliveryChannelName"))
      if (recorderOf(state)?.recording === true)
        throw new ServiceError(
          "LastDeliveryChannelDeleteFailedException",
          `Failed to delete last specified delivery channel with name '${channel.name}', because there is a running configuration recorder.`,
        )
      delete state.deliveryChannels[channel.name]
      context.store.touch(context.account)
      return {}
    },
  },
]
