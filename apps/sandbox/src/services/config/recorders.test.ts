import {
  ConfigServiceClient,
  DeleteConfigurationRecorderCommand,
  DeleteDeliveryChannelCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
  StopConfigurationRecorderCommand,
} from "@aws-sdk/client-config-service"
import { describe, expect, it } from "vitest"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"
import { configService } from "./index.ts"
import { withServices } from "./resources.test-support.ts"

const sandbox = useSandbox({ services: withServices(configService) })
const role = "arn:aws:iam::999999999999:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"

describe("configuration recorders and delivery channels", () => {
  it("records only after a delivery channel exists and the recorder is started", async () => {
    const client = new ConfigServiceClient(clientConfig((await sandbox).url))
    await expect(
      client.send(new PutDeliveryChannelCommand({ DeliveryChannel: { s3BucketName: "bucket" } })),
    ).rejects.toMatchObject({ name: "NoAvailableConfigurationRecorderException" })
    await client.send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: { roleARN: role } }))
    const recorders = await client.send(new DescribeConfigurationRecordersCommand({}))
    expect(recorders.ConfigurationRecorders).toEqual([
      expect.objectContaining({
        name: "default",
        roleARN: role,
        recordingGroup: expect.objectContaining({ allSupported: true }),
        arn: expect.stringMatching(
          /^arn:aws:config:us-east-1:999999999999:configuration-recorder\/default\//,
        ),
      }),
    ])
    await expect(
      client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: "default" })),
    ).rejects.toMatchObject({ name: "NoAvailableDeliveryChannelException" })
    const pending = await client.send(new DescribeConfigurationRecorderStatusCommand({}))
    expect(pending.ConfigurationRecordersStatus?.[0]).toMatchObject({
      recording: false,
      lastStatus: "PENDING",
    })

    await client.send(
      new PutDeliveryChannelCommand({
        DeliveryChannel: {
          s3BucketName: "bucket",
          configSnapshotDeliveryProperties: { deliveryFrequency: "One_Hour" },
        },
      }),
    )
    await client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }))
    const status = await client.send(new DescribeConfigurationRecorderStatusCommand({}))
    expect(status.ConfigurationRecordersStatus?.[0]).toMatchObject({
      name: "default",
      recording: true,
      lastStatus: "SUCCESS",
    })
    expect(status.ConfigurationRecordersStatus?.[0]?.lastStartTime).toBeInstanceOf(Date)
    const channels = await client.send(new DescribeDeliveryChannelsCommand({}))
    expect(channels.DeliveryChannels).toEqual([
      {
        name: "default",
        s3BucketName: "bucket",
        configSnapshotDeliveryProperties: { deliveryFrequency: "One_Hour" },
      },
    ])
    await expect(
      client.send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: "default" })),
    ).rejects.toMatchObject({ name: "LastDeliveryChannelDeleteFailedException" })

    await client.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }))
    const stopped = await client.send(new DescribeConfigurationRecorderStatusCommand({}))
    expect(stopped.ConfigurationRecordersStatus?.[0]).toMatchObject({ recording: false })
    expect(stopped.ConfigurationRecordersStatus?.[0]?.lastStopTime).toBeInstanceOf(Date)
    await client.send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: "default" }))
    await client.send(new DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }))
    expect((await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders).toEqual(
      [],
    )
  })

  it("keeps one recorder per account and Region and answers AWS's errors", async () => {
    const client = new ConfigServiceClient(clientConfig((await sandbox).url, undefined, "eu-west-1"))
    await client.send(
      new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: "main", roleARN: role } }),
    )
    await expect(
      client.send(
        new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: "second", roleARN: role } }),
      ),
    ).rejects.toMatchObject({ name: "MaxNumberOfConfigurationRecordersExceededException" })
    await expect(
      client.send(
        new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: "main", roleARN: "nope" } }),
      ),
    ).rejects.toMatchObject({ name: "InvalidRoleException" })
    await expect(
      client.send(new DescribeConfigurationRecordersCommand({ ConfigurationRecorderNames: ["missing"] })),
    ).rejects.toMatchObject({
      name: "NoSuchConfigurationRecorderException",
      $metadata: { httpStatusCode: 400 },
    })
    await expect(
      client.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: "missing" })),
    ).rejects.toMatchObject({ name: "NoSuchConfigurationRecorderException" })
    await expect(client.send(new PutDeliveryChannelCommand({ DeliveryChannel: {} }))).rejects.toMatchObject({
      name: "NoSuchBucketException",
    })
    await expect(
      client.send(new DescribeDeliveryChannelsCommand({ DeliveryChannelNames: ["missing"] })),
    ).rejects.toMatchObject({ name: "NoSuchDeliveryChannelException" })
    // Another Region of the same account is a separate recorder.
    const home = new ConfigServiceClient(clientConfig((await sandbox).url))
    expect((await home.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders).toEqual(
      [],
    )
  })
})
