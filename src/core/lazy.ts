/**
 * Results that hosts read on request (hovers when the user hovers, a model's graph when a diagram
 * is drawn) are built on first read instead of in every analysis. The property stays an ordinary
 * enumerable field for readers, `JSON.stringify` and structured cloning alike.
 */
export function defineLazy<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K], fallback: T[K]): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      let value: T[K];
      try {
        value = compute();
      } catch {
        // Never throw into a host: a bug here costs this result, not the editor.
        value = fallback;
      }
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
    set(value: T[K]) {
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
    },
  });
}
