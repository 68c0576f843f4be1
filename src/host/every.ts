/**
 * Runs `task` every `intervalMs` in the background: never two runs at once (a tick that comes while a
 * run is still going is skipped), a failure goes to `onError` and the timer goes on, and the timer never
 * keeps the process alive (unref). Returns a function that stops it.
 */
export function every(intervalMs: number, task: () => unknown, onError: (err: unknown) => void): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await task();
    } catch (err) {
      onError(err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
