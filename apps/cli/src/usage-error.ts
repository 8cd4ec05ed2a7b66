import { Data } from "effect"

/** Bad arguments on the command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}
