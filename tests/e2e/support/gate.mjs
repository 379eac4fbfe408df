// A limit on how many things run at once, for work a two-core machine
// cannot do many of at a time. Opening a page with the widget compiles the
// wasm, mounts and renders: when every test of a suite did that at once,
// some first counts took longer than 20 s on a loaded machine. Waiting for
// a homeserver's answers costs nothing, so tests still overlap there.

import { availableParallelism } from 'node:os';

export function gate(limit) {
  let running = 0;
  const queue = [];
  const next = () => {
    if (running >= limit || queue.length === 0) return;
    running++;
    const { work, resolve, reject } = queue.shift();
    Promise.resolve()
      .then(work)
      .then(resolve, reject)
      .finally(() => {
        running--;
        next();
      });
  };
  return {
    /** Runs `work` when a place is free; resolves to what it resolves to. */
    run(work) {
      return new Promise((resolve, reject) => {
        queue.push({ work, resolve, reject });
        next();
      });
    },
  };
}

/** One page start-up per core. */
export const startups = gate(Math.max(1, availableParallelism()));
