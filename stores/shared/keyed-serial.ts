export type Serial = <T>(key: string, work: () => Promise<T>) => Promise<T>;

/** Runs work for one key after the previous work for that key (in this process). */
export function keyedSerial(): Serial {
  const tails = new Map<string, Promise<unknown>>();
  return (key, work) => {
    const prev = tails.get(key) ?? Promise.resolve();
    const run = prev.then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
