import type { CallLimiter } from "./call-limiter.ts"

/** The part of an SDK v3 client's middleware stack that limiting needs. */
interface MiddlewareClient {
  readonly middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: {
          readonly commandName?: string
          readonly __smithy_context?: { readonly abortSignal?: unknown }
        },
      ) => (args: unknown) => Promise<unknown>,
      options: { readonly step: "initialize"; readonly name: string },
    ): void
  }
}

/**
 * Makes every call of an SDK client wait for the call limits of its service, in the partition the client stands
 * for (one session in one Region). The wait happens once per call, before the request is built; Rampart's
 * own retries (`awsCall`) go through it again, so a retried call takes its turn like any other.
 */
export const limitCalls = <C>(client: C, limiter: CallLimiter, service: string, partition: string): C => {
  if (!limiter.limits(service)) return client
  ;(client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? "").replace(/Command$/, "")
      const signal = context.__smithy_context?.abortSignal
      const done = await limiter.acquire(
        service,
        operation,
        partition,
        signal instanceof AbortSignal ? signal : undefined,
      )
      try {
        return await next(args)
      } finally {
        done()
      }
    },
    { step: "initialize", name: "rampartCallLimits" },
  )
  return client
}
