/**
 * What a Switchboard has set up, undone in reverse: every subscription, timer and resource a
 * subsystem opens registers its undo here, so close() leaves nothing listening or running.
 */
export interface Lifecycle {
  onClose(undo: () => void | Promise<void>): void;
  /** Runs every undo once, last registered first; an undo that throws does not stop the rest. */
  close(): Promise<void>;
}

export function createLifecycle(report: (err: unknown) => void): Lifecycle {
  const undos: (() => void | Promise<void>)[] = [];
  let closing: Promise<void> | undefined;
  return {
    onClose(undo) {
      undos.push(undo);
    },
    close() {
      closing ??= (async () => {
        while (undos.length) {
          const undo = undos.pop() as () => void | Promise<void>;
          try {
            await undo();
          } catch (err) {
            report(err);
          }
        }
      })();
      return closing;
    },
  };
}
