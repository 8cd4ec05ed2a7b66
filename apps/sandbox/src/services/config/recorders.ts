import type { Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { evaluatedState } from "./evaluations.ts"
import { missingMember, objectMember, stringListMember, stringMember } from "./input.ts"
import { type ConfigState, configState, type RecorderRecord } from "./state.ts"

/** What a recorder records when its recording group is not given: every supported resource type. */
export const defaultRecordingGroup = {
  allSupported: true,
  includeGlobalResourceTypes: false,
  resourceTypes: [],
  exclusionByResourceTypes: { resourceTypes: [] },
  recordingStrategy: { useOnly: "ALL_SUPPORTED_RESOURCE_TYPES" },
}

const noSuchRecorder = (name: string): ServiceError =>
  new ServiceError(
    "NoSuchConfigurationRecorderException",
    `Cannot find configuration recorder with the specified name '${name}'.`,
  )

const recorderOrThrow = (state: ConfigState, name: string): RecorderRecord => {
  const recorder = state.recorders[name]
  if (!recorder) throw noSuchRecorder(name)
  return recorder
}

/** How Config describes a recorder. */
const recorderShape = (recorder: RecorderRecord) => ({
  arn: recorder.arn,
  name: recorder.name,
  roleARN: recorder.roleArn,
  recordingGroup: recorder.recordingGroup,
  recordingMode: recorder.recordingMode ?? { recordingFrequency: "CONTINUOUS", recordingModeOverrides: [] },
  recordingScope: "PAID",
})

const statusShape = (recorder: RecorderRecord) => ({
  arn: recorder.arn,
  name: recorder.name,
  recording: recorder.recording,
  // Config reports PENDING until the recorder first starts, then the outcome of its last recording.
  lastStatus: recorder.lastStartTime === undefined ? "PENDING" : "SUCCESS",
  ...(recorder.lastStartTime === undefined ? {} : { lastStartTime: new Date(recorder.lastStartTime) }),
  ...(recorder.lastStopTime === undefined ? {} : { lastStopTime: new Date(recorder.lastStopTime) }),
  ...(recorder.lastStatusChangeTime === undefined
    ? {}
    : { lastStatusChangeTime: new Date(recorder.lastStatusChangeTime) }),
})

/** Creates or replaces the recorder of an account and Region (also used by the scenario loader). */
export const putRecorder = (
  state: ConfigState,
  where: { readonly account: string; readonly region: string; readonly partition: string },
  settings: {
    readonly name: string
    readonly roleArn: string
    readonly recordingGroup?: Readonly<Record<string, unknown>>
    readonly recordingMode?: Readonly<Record<string, unknown>>
  },
  id: () => string,
): RecorderRecord => {
  const existing = state.recorders[settings.name]
  const recorder: RecorderRecord = {
    name: settings.name,
    arn:
      existing?.arn ??
      `arn:${where.partition}:config:${where.region}:${where.account}:configuration-recorder/${settings.name}/${id()}`,
    roleArn: settings.roleArn,
    recordingGroup: settings.recordingGroup ?? defaultRecordingGroup,
    recording: existing?.recording ?? false,
    ...(settings.recordingMode === undefined ? {} : { recordingMode: settings.recordingMode }),
    ...(existing?.lastStartTime === undefined ? {} : { lastStartTime: existing.lastStartTime }),
    ...(existing?.lastStopTime === undefined ? {} : { lastStopTime: existing.lastStopTime }),
    ...(existing?.lastStatusChangeTime === undefined
      ? {}
      : { lastStatusChangeTime: existing.lastStatusChangeTime }),
  }
  state.recorders[settings.name] = recorder
  return recorder
}

/** Turns recording on or off. */
export const setRecording = (recorder: RecorderRecord, recording: boolean, now: number): void => {
  if (recorder.recording === recording) return
  recorder.recording = recording
  if (recording) recorder.lastStartTime = now
  else recorder.lastStopTime = now
  recorder.lastStatusChangeTime = now
}

const selected = (state: ConfigState, names: ReadonlyArray<string> | undefined): RecorderRecord[] =>
  names && names.length > 0
    ? names.map((name) => recorderOrThrow(state, name))
    : Object.values(state.recorders)

/** The configuration recorder operations: put, describe, status, start, stop, delete. */
export const recorderOperations: ReadonlyArray<Operation> = [
  {
    name: "PutConfigurationRecorder",
    readOnly: false,
    handle: (input, context) => {
      const raw = objectMember(input, "ConfigurationRecorder")
      if (!raw) throw missingMember("ConfigurationRecorder")
      const name = stringMember(raw, "name") ?? "default"
      if (name.length > 256 || /^\s|\s$/.test(name))
        throw new ServiceError(
          "InvalidConfigurationRecorderNameException",
          `The configuration recorder name '${name}' is not valid.`,
        )
      const roleArn = stringMember(raw, "roleARN")
      if (roleArn === undefined || !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(roleArn))
        throw new ServiceError("InvalidRoleException", `The role ARN '${roleArn ?? ""}' is not valid.`)
      const group = objectMember(raw, "recordingGroup")
      const types = group?.resourceTypes
      if (group?.allSupported === true && Array.isArray(types) && types.length > 0)
        throw new ServiceError(
          "InvalidRecordingGroupException",
          "The recording group may not list resourceTypes when allSupported is true.",
        )
      const state = configState(context.store, context.account, context.region)
      const other = Object.keys(state.recorders).find((n) => n !== name)
      if (other !== undefined)
        throw new ServiceError(
          "MaxNumberOfConfigurationRecordersExceededException",
          `Failed to put configuration recorder '${name}' because the maximum number of configuration recorders: 1 is reached.`,
        )
      const mode = objectMember(raw, "recordingMode")
      putRecorder(
        state,
        { account: context.account, region: context.region, partition: context.partition },
        {
          name,
          roleArn,
          ...(group === undefined ? {} : { recordingGroup: group }),
          ...(mode === undefined ? {} : { recordingMode: mode }),
        },
        () => context.store.nextId("", 8),
      )
      context.store.touch(context.account)
      return {}
    },
  },
  {
    name: "DescribeConfigurationRecorders",
    readOnly: true,
    handle: (input, context) => {
      const state = configState(context.store, context.account, context.region)
      return {
        ConfigurationRecorders: selected(state, stringListMember(input, "ConfigurationRecorderNames")).map(
          recorderShape,
        ),
      }
    },
  },
  {
    name: "DescribeConfigurationRecorderStatus",
    readOnly: true,
    handle: (input, context) => {
      const state = configState(context.store, context.account, context.region)
      return {
        ConfigurationRecordersStatus: selected(
          state,
          stringListMember(input, "ConfigurationRecorderNames"),
        ).map(statusShape),
      }
    },
  },
  {
    name: "StartConfigurationRecorder",
    readOnly: false,
    handle: (input, context) => {
      const state = configState(context.store, context.account, context.region)
      const recorder = recorderOrThrow(state, requireString(input, "ConfigurationRecorderName"))
      if (Object.keys(state.deliveryChannels).length === 0)
        throw new ServiceError(
          "NoAvailableDeliveryChannelException",
          "Delivery channel is not available to start configuration recorder.",
        )
      setRecording(recorder, true, context.clock.now())
      context.store.touch(context.account)
      // Recording starts with an evaluation of what is already there, as Config's first snapshot does.
      evaluatedState(context)
      return {}
    },
  },
  {
    name: "StopConfigurationRecorder",
    readOnly: false,
    handle: (input, context) => {
      const state = configState(context.store, context.account, context.region)
      const recorder = recorderOrThrow(state, requireString(input, "ConfigurationRecorderName"))
      // Results recorded up to now are kept: evaluate once more so they reflect the last recorded state.
      evaluatedState(context)
      setRecording(recorder, false, context.clock.now())
      context.store.touch(context.account)
      return {}
    },
  },
  {
    name: "DeleteConfigurationRecorder",
    readOnly: false,
    handle: (input, context) => {
      const state = configState(context.store, context.account, context.region)
      const recorder = recorderOrThrow(state, requireString(input, "ConfigurationRecorderName"))
      evaluatedState(context)
      delete state.recorders[recorder.name]
      context.store.touch(context.account)
      return {}
    },
  },
]
