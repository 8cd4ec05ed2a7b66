import {
  type AggregateComplianceByConfigRule,
  type AggregateComplianceByConformancePack,
  type AggregateEvaluationResult,
  type ComplianceType,
  type ConfigRule,
  ConfigServiceClient,
  type ConfigurationAggregator,
  type ConfigurationRecorderStatus,
  type ConformancePackDetail,
  type ConformancePackEvaluationResult,
  type ConformancePackRuleCompliance,
  type ConformancePackStatusDetail,
  DeleteConformancePackCommand,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeAggregateComplianceByConformancePacksCommand,
  DescribeConfigRulesCommand,
  DescribeConfigurationAggregatorsCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConformancePackComplianceCommand,
  DescribeConformancePackStatusCommand,
  DescribeConformancePacksCommand,
  type EvaluationResult,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  GetAggregateDiscoveredResourceCountsCommand,
  GetComplianceDetailsByConfigRuleCommand,
  GetConformancePackComplianceDetailsCommand,
  PutConformancePackCommand,
} from "@aws-sdk/client-config-service"
import { Context, Effect, Layer } from "effect"
import type { AwsError } from "./aws-error.ts"
import { allPages, awsCall, hasCode, idempotentWrite } from "./call.ts"
import { ClientSettings, clientOptions } from "./client-settings.ts"
import { clientsByScope } from "./private/clients-by-scope.ts"
import type { Scope } from "./scope.ts"

export type {
  AggregateComplianceByConfigRule,
  AggregateComplianceByConformancePack,
  AggregateConformancePackCompliance,
  AggregateEvaluationResult,
  Compliance as ConfigCompliance,
  ComplianceType,
  ConfigRule,
  ConfigurationAggregator,
  ConfigurationRecorderStatus,
  ConformancePackDetail,
  ConformancePackEvaluationResult,
  ConformancePackRuleCompliance,
  ConformancePackStatusDetail,
  EvaluationResult as ConfigEvaluationResult,
  EvaluationResultIdentifier,
  EvaluationResultQualifier,
  OrganizationAggregationSource,
} from "@aws-sdk/client-config-service"

/** One source account and Region of an aggregator. */
export interface AggregateSource {
  readonly aggregatorName: string
  readonly accountId: string
  readonly region: string
}

/** One account and Region's results of one rule, read through an aggregator (AWS takes one of each per call). */
export interface AggregateComplianceDetailsQuery extends AggregateSource {
  readonly ruleName: string
}

/**
 * The AWS Config reads of one account and Region. An account and Region without a configuration recorder (Config
 * not enabled there) answers no recorder status rather than an error, and its rules and packs answer the results
 * recorded before; only a read that names a recorder fails, with NotFound (NoSuchConfigurationRecorderException).
 */
export interface ConfigReader {
  /**
   * The configuration recorders and whether each is recording: the account's recorder, or the one named. Without
   * a name, an account and Region without a recorder answers an empty list; a named recorder that does not exist
   * is NotFound (NoSuchConfigurationRecorderException).
   */
  readonly describeConfigurationRecorderStatus: (
    recorderName?: string,
  ) => Effect.Effect<ReadonlyArray<ConfigurationRecorderStatus>, AwsError>
  /** The conformance packs deployed in the account and Region, all pages. */
  readonly describeConformancePacks: Effect.Effect<ReadonlyArray<ConformancePackDetail>, AwsError>
  /** Each rule of a pack with its compliance (COMPLIANT, NON_COMPLIANT or INSUFFICIENT_DATA), all pages. */
  readonly describeConformancePackCompliance: (
    packName: string,
  ) => Effect.Effect<ReadonlyArray<ConformancePackRuleCompliance>, AwsError>
  /**
   * Every evaluation result of a pack's rules, all pages: the rule, resource type and id (in
   * `EvaluationResultIdentifier.EvaluationResultQualifier`), compliance type, annotation and when it was recorded.
   */
  readonly getConformancePackComplianceDetails: (
    packName: string,
  ) => Effect.Effect<ReadonlyArray<ConformancePackEvaluationResult>, AwsError>
  /** Every Config rule of the account and Region, those of conformance packs included, all pages. */
  readonly describeConfigRules: Effect.Effect<ReadonlyArray<ConfigRule>, AwsError>
  /** Every evaluation result of a rule (COMPLIANT, NON_COMPLIANT and NOT_APPLICABLE), all pages. */
  readonly getComplianceDetailsByConfigRule: (
    ruleName: string,
  ) => Effect.Effect<ReadonlyArray<EvaluationResult>, AwsError>
  /** The configuration aggregators of the account and Region, all pages. */
  readonly describeConfigurationAggregators: Effect.Effect<ReadonlyArray<ConfigurationAggregator>, AwsError>
  /** The compliance of every conformance pack in every account and Region the aggregator collects, all pages. */
  readonly describeAggregateComplianceByConformancePacks: (
    aggregatorName: string,
  ) => Effect.Effect<ReadonlyArray<AggregateComplianceByConformancePack>, AwsError>
  /** Every rule of one source account and Region of an aggregator, with its compliance, all pages. */
  readonly describeAggregateComplianceByConfigRules: (
    source: AggregateSource,
  ) => Effect.Effect<ReadonlyArray<AggregateComplianceByConfigRule>, AwsError>
  /** How many resources the aggregator has from one source account and Region (none when Config is off there). */
  readonly countAggregateDiscoveredResources: (source: AggregateSource) => Effect.Effect<number, AwsError>
  /** Every evaluation result of a rule in one source account and Region of an aggregator, all pages. */
  readonly getAggregateComplianceDetailsByConfigRule: (
    query: AggregateComplianceDetailsQuery,
  ) => Effect.Effect<ReadonlyArray<AggregateEvaluationResult>, AwsError>
}

/** A conformance pack to deploy: its name, template and parameter values. */
export interface PackDeployment {
  readonly name: string
  readonly templateBody: string
  readonly parameters?: Readonly<Record<string, string>>
}

/**
 * The AWS Config changes a rollout makes in one account and Region. Deploying a pack is asynchronous: AWS answers
 * at once and the pack's status (`describeConformancePackStatus`) goes from CREATE_IN_PROGRESS to CREATE_COMPLETE
 * or CREATE_FAILED. Putting the same pack again is an update; deleting a pack that is not there answers
 * "not-found" rather than failing, so a resumed rollback can repeat it.
 */
export interface ConfigWriter {
  readonly putConformancePack: (pack: PackDeployment) => Effect.Effect<string, AwsError>
  readonly deleteConformancePack: (name: string) => Effect.Effect<"deleted" | "not-found", AwsError>
  readonly describeConformancePackStatus: (
    names?: ReadonlyArray<string>,
  ) => Effect.Effect<ReadonlyArray<ConformancePackStatusDetail>, AwsError>
}

/** The AWS Config operations Rampart uses, per account session and Region. */
export interface ConfigShape {
  readonly reader: (scope: Scope) => ConfigReader
  readonly writer: (scope: Scope) => ConfigWriter
}

/** AWS Config (named ConfigService so as not to clash with Effect's Config). */
export class ConfigService extends Context.Service<ConfigService, ConfigShape>()("rampart/aws/Config") {}

const service = "config"

/** What GetComplianceDetailsByConfigRule answers when asked for every result (INSUFFICIENT_DATA is no filter). */
const everyResult: ComplianceType[] = ["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"]

/** The largest page the evaluation-result operations take; their defaults (10 and 50) are smaller. */
const resultsPerPage = 100

/** AWS Config through the SDK v3 client, one client per Region and access key for the life of the layer. */
export const configLive: Layer.Layer<ConfigService, never, ClientSettings> = Layer.effect(
  ConfigService,
  Effect.gen(function* () {
    const settings = yield* ClientSettings
    const clientFor = yield* clientsByScope(
      service,
      (scope, connections) =>
        new ConfigServiceClient(clientOptions(settings, scope.region, scope.credentials, connections)),
    )
    return {
      reader: (scope) => {
        const client = clientFor(scope)
        return {
          describeConfigurationRecorderStatus: (recorderName) =>
            awsCall(service, "DescribeConfigurationRecorderStatus", (abortSignal) =>
              client.send(
                new DescribeConfigurationRecorderStatusCommand(
                  recorderName === undefined ? {} : { ConfigurationRecorderNames: [recorderName] },
                ),
                { abortSignal },
              ),
            ).pipe(Effect.map((r) => r.ConfigurationRecordersStatus ?? [])),
          describeConformancePacks: allPages(
            (NextToken) =>
              awsCall(service, "DescribeConformancePacks", (abortSignal) =>
                client.send(new DescribeConformancePacksCommand({ NextToken }), { abortSignal }),
              ),
            (r) => r.ConformancePackDetails,
            (r) => r.NextToken,
          ),
          describeConformancePackCompliance: (ConformancePackName) =>
            allPages(
              (NextToken) =>
                awsCall(service, "DescribeConformancePackCompliance", (abortSignal) =>
                  client.send(
                    new DescribeConformancePackComplianceCommand({ ConformancePackName, NextToken }),
                    {
                      abortSignal,
                    },
                  ),
                ),
              (r) => r.ConformancePackRuleComplianceList,
              (r) => r.NextToken,
            ),
          getConformancePackComplianceDetails: (ConformancePackName) =>
            allPages(
              (NextToken) =>
                awsCall(service, "GetConformancePackComplianceDetails", (abortSignal) =>
                  client.send(
                    new GetConformancePackComplianceDetailsCommand({ ConformancePackName, NextToken }),
                    {
                      abortSignal,
                    },
                  ),
                ),
              (r) => r.ConformancePackRuleEvaluationResults,
              (r) => r.NextToken,
            ),
          describeConfigRules: allPages(
            (NextToken) =>
              awsCall(service, "DescribeConfigRules", (abortSignal) =>
                client.send(new DescribeConfigRulesCommand({ NextToken }), { abortSignal }),
              ),
            (r) => r.ConfigRules,
            (r) => r.NextToken,
          ),
          getComplianceDetailsByConfigRule: (ConfigRuleName) =>
            allPages(
              (NextToken) =>
                awsCall(service, "GetComplianceDetailsByConfigRule", (abortSignal) =>
                  client.send(
                    new GetComplianceDetailsByConfigRuleCommand({
                      ConfigRuleName,
                      ComplianceTypes: everyResult,
                      Limit: resultsPerPage,
                      NextToken,
                    }),
                    { abortSignal },
                  ),
                ),
              (r) => r.EvaluationResults,
              (r) => r.NextToken,
            ),
          describeConfigurationAggregators: allPages(
            (NextToken) =>
              awsCall(service, "DescribeConfigurationAggregators", (abortSignal) =>
                client.send(new DescribeConfigurationAggregatorsCommand({ NextToken }), { abortSignal }),
              ),
            (r) => r.ConfigurationAggregators,
            (r) => r.NextToken,
          ),
          describeAggregateComplianceByConformancePacks: (ConfigurationAggregatorName) =>
            allPages(
              (NextToken) =>
                awsCall(service, "DescribeAggregateComplianceByConformancePacks", (abortSignal) =>
                  client.send(
                    new DescribeAggregateComplianceByConformancePacksCommand({
                      ConfigurationAggregatorName,
                      NextToken,
                    }),
                    { abortSignal },
                  ),
                ),
              (r) => r.AggregateComplianceByConformancePacks,
              (r) => r.NextToken,
            ),
          describeAggregateComplianceByConfigRules: (source) =>
            allPages(
              (NextToken) =>
                awsCall(service, "DescribeAggregateComplianceByConfigRules", (abortSignal) =>
                  client.send(
                    new DescribeAggregateComplianceByConfigRulesCommand({
                      ConfigurationAggregatorName: source.aggregatorName,
                      Filters: { AccountId: source.accountId, AwsRegion: source.region },
                      NextToken,
                    }),
                    { abortSignal },
                  ),
                ),
              (r) => r.AggregateComplianceByConfigRules,
              (r) => r.NextToken,
            ),
          countAggregateDiscoveredResources: (source) =>
            awsCall(service, "GetAggregateDiscoveredResourceCounts", (abortSignal) =>
              client.send(
                new GetAggregateDiscoveredResourceCountsCommand({
                  ConfigurationAggregatorName: source.aggregatorName,
                  Filters: { AccountId: source.accountId, Region: source.region },
                }),
                { abortSignal },
              ),
            ).pipe(Effect.map((r) => r.TotalDiscoveredResources ?? 0)),
          getAggregateComplianceDetailsByConfigRule: (query) =>
            allPages(
              (NextToken) =>
                awsCall(service, "GetAggregateComplianceDetailsByConfigRule", (abortSignal) =>
                  client.send(
                    new GetAggregateComplianceDetailsByConfigRuleCommand({
                      ConfigurationAggregatorName: query.aggregatorName,
                      ConfigRuleName: query.ruleName,
                      AccountId: query.accountId,
                      AwsRegion: query.region,
                      Limit: resultsPerPage,
                      NextToken,
                    }),
                    { abortSignal },
                  ),
                ),
              (r) => r.AggregateEvaluationResults,
              (r) => r.NextToken,
            ),
        }
      },
      writer: (scope) => {
        const client = clientFor(scope)
        return {
          putConformancePack: (pack) =>
            awsCall(service, "PutConformancePack", (abortSignal) =>
              client.send(
                new PutConformancePackCommand({
                  ConformancePackName: pack.name,
                  TemplateBody: pack.templateBody,
                  ConformancePackInputParameters: Object.entries(pack.parameters ?? {}).map(
                    ([ParameterName, ParameterValue]) => ({ ParameterName, ParameterValue }),
                  ),
                }),
                { abortSignal },
              ),
            ).pipe(Effect.map((r) => r.ConformancePackArn ?? "")),
          deleteConformancePack: (ConformancePackName) =>
            awsCall(service, "DeleteConformancePack", (abortSignal) =>
              client.send(new DeleteConformancePackCommand({ ConformancePackName }), { abortSignal }),
            ).pipe(idempotentWrite("deleted", "not-found", hasCode("NoSuchConformancePackException"))),
          describeConformancePackStatus: (names) =>
            allPages(
              (NextToken) =>
                awsCall(service, "DescribeConformancePackStatus", (abortSignal) =>
                  client.send(
                    new DescribeConformancePackStatusCommand({
                      ...(names !== undefined ? { ConformancePackNames: [...names] } : {}),
                      NextToken,
                    }),
                    { abortSignal },
                  ),
                ),
              (r) => r.ConformancePackStatusDetails,
              (r) => r.NextToken,
            ),
        }
      },
    }
  }),
)
