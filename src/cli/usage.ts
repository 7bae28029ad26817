/** A command given what it cannot work with: printed as it is, exit code 2. */
export class UsageError extends Error {}
