/**
 * A value two subsystems need of each other (routing moves tickets through the ticket service,
 * which places new tickets with routing; plugins set up before the tickets exist call them
 * later). Bound once, where the value is made; used before that it says what is missing.
 */
export interface LateBound<T> {
  bind(value: T): void;
  /** The value, or undefined before bind. */
  peek(): T | undefined;
  /** The value; throws before bind. */
  get(): T;
}

export function lateBound<T>(what: string): LateBound<T> {
  let value: T | undefined;
  return {
    bind(v) {
      if (value !== undefined) throw new Error(`${what} is bound twice`);
      value = v;
    },
    peek: () => value,
    get() {
      if (value === undefined) throw new Error(`${what} is not available yet`);
      return value;
    },
  };
}
