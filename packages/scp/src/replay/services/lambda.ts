import type { ServiceKnowledge } from "./service-knowledge.ts"

/**
 * Lambda: management events carry the API version in their name (`CreateFunction20150331`,
 * `UpdateFunctionCode20150331v2`), and the data event of an invocation is `Invoke` while the action is
 * `InvokeFunction`.
 */
export const lambda: ServiceKnowledge = {
  prefix: "lambda",
  eventSources: ["lambda.amazonaws.com"],
  actionName: (eventName) =>
    eventName === "Invoke" ? "InvokeFunction" : eventName.replace(/\d{8}(v\d+)?$/, ""),
}
