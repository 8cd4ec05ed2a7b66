export * from "./pack.ts"
