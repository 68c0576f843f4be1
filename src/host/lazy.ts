/**
 * A value built on first use instead of at start-up, so the bot answers /healthz sooner
 * (docs/performance.md). `value` stands in for the real object (methods and properties are
 * forwarded); `warm()` builds it now, e.g. right after the bot is ready.
 */
export function lazy<T extends object>(build: () => T): { value: T; warm(): void } {
  let real: T | undefined;
  const get = (): T => (real ??= build());
  const value = new Proxy({} as T, {
    get(_target, property) {
      const target = get();
      const member: unknown = Reflect.get(target, property, target);
      return typeof member === 'function' ? (member as (...args: unknown[]) => unknown).bind(target) : member;
    },
    has: (_target, property) => Reflect.has(get(), property),
  });
  return { value, warm: () => void get() };
}
