/** A scenario section a service cannot read: where inside it, and what is wrong. */
export class ScenarioError extends Error {
  /** The path inside the scenario, e.g. `resources.rds.instances[2].engine`. */
  readonly path: string
  constructor(path: string, message: string) {
    super(`${path}: ${message}`)
    this.path = path
  }
}
