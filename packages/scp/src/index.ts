export * from "./condition-operator.ts"
export * from "./parse.ts"
export * from "./policy.ts"
export * from "./size.ts"
