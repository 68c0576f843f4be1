/** The message of a thrown value, for logs and for people (never its stack). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What a log line says about a thrown value: its type, message (at most 300 characters), HTTP status and code. */
export function errorFields(err: unknown): { type: string; message: string; status?: number; code?: string } {
  const e = err as { statusCode?: unknown; code?: unknown } | undefined;
  return {
    type: err instanceof Error ? err.name : typeof err,
    message: errorMessage(err).slice(0, 300),
    ...(typeof e?.statusCode === 'number' ? { status: e.statusCode } : {}),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
  };
}
