import { Context, Layer } from "effect"

/** Temporary or long-term keys given to a client explicitly (role sessions); otherwise the standard chain. */
export interface ClientCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  readonly expiration?: Date
}

/** What every SDK client is built with. */
export interface ClientSettingsShape {
  /** The default region (AWS_REGION, else us-east-1). */
  readonly region: string
  /**
   * An endpoint for every client. Usually undefined: the SDK itself honours AWS_ENDPOINT_URL (and the
   * per-service AWS_ENDPOINT_URL_<SERVICE>), which is how the sandbox is reached.
   */
  readonly endpoint?: string
}

/** Client settings, from the environment by default. */
export class ClientSettings extends Context.Service<ClientSettings, ClientSettingsShape>()(
  "rampart/aws/ClientSettings",
) {}

/** Settings from the standard AWS environment: AWS_REGION (or AWS_DEFAULT_REGION); credentials and profile (AWS_PROFILE) go through the SDK's default chain. */
export const clientSettingsFromEnvironment = (
  environment: NodeJS.ProcessEnv = process.env,
): Layer.Layer<ClientSettings> =>
  Layer.succeed(ClientSettings, {
    region: environment.AWS_REGION ?? environment.AWS_DEFAULT_REGION ?? "us-east-1",
  })

/**
 * The options every SDK v3 client constructor takes from the settings, and the shared connections of its layer
 * when it has them. Retries are Rampart's, not the SDK's.
 */
export const clientOptions = (
  settings: ClientSettingsShape,
  region: string | undefined,
  credentials: ClientCredentials | undefined,
  connections?: { readonly requestHandler: unknown },
) => ({
  region: region ?? settings.region,
  maxAttempts: 1,
  ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
  ...(credentials !== undefined ? { credentials } : {}),
  ...(connections !== undefined ? { requestHandler: connections.requestHandler as never } : {}),
})
