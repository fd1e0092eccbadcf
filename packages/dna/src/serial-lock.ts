/**
 * One lane for the facade's writes that must see each other: job finalisation (search, decide,
 * commit), file and library deletes, default-library creation and `check()`. Tasks run one after
 * another in call order; a failing task does not block the next.
 */
export class SerialLock {
  private tail: Promise<unknown> = Promise.resolve();

  /** Run `task` after every task queued before it. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every task queued so far has ended (never rejects). */
  drained(): Promise<void> {
    return this.tail.then(
      () => undefined,
      () => undefined,
    );
  }
}
