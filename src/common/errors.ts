/** The message of a thrown value, for logs and for people (never its stack). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
