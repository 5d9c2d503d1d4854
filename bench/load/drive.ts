import { BenchSession, type StepResult } from './session.js';

export interface LoadFigures {
  people: number;
  steps: number;
  errors: number;
  p50: number;
  p99: number;
  stepsPerSec: number;
  firstError?: string;
  /** p50 / p99 of each kind of step, in dialog order: which step makes the tail. */
  byStep: Array<{ step: string; p50: number; p99: number }>;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const STEPS_PER_DIALOG = new BenchSession([]).dialog(0, new Uint8Array()).length;

function figures(people: number, results: StepResult[], seconds: number): LoadFigures {
  const ms = results.map((r) => r.ms);
  const errors = results.filter((r) => !r.ok);
  const steps = [...new Set(results.map((r) => r.step))];
  const byStep = steps.map((step) => {
    const of = results.filter((r) => r.step === step).map((r) => r.ms);
    return { step, p50: pct(of, 50), p99: pct(of, 99) };
  });
  return { people, steps: results.length, errors: errors.length, p50: pct(ms, 50), p99: pct(ms, 99), stepsPerSec: results.length / seconds, firstError: errors[0] && `${errors[0].step}: ${errors[0].error}`, byStep };
}

/**
 * `people` web chat users, each doing whole report dialogs and a question, one step after another. With `pauseMs`
 * each waits that long after every answer (a person typing); with 0 they go as fast as the app answers, each on a
 * new session per dialog (a session may post 30 steps per 10 s). Paced people arrive spread over `arrivalMs` (default:
 * one whole dialog), so at any moment they are at different steps, as people using the app are; `arrivalMs` of one
 * pause makes them move in step instead (every one of them submits within the same second: a burst). Steps finishing
 * before everyone has arrived, plus `warmupMs`, are not counted.
 */
export async function drive(opts: { origins: string[]; people: number; pauseMs: number; seconds: number; photos: Uint8Array[]; warmupMs?: number; arrivalMs?: number }): Promise<LoadFigures> {
  const arrival = opts.pauseMs ? (opts.arrivalMs ?? opts.pauseMs * STEPS_PER_DIALOG) : 0;
  const warmup = arrival + (opts.warmupMs ?? 2_000);
  const start = performance.now();
  const end = start + warmup + opts.seconds * 1000;
  const results: StepResult[] = [];
  let dialogs = 0;
  await Promise.all(
    Array.from({ length: opts.people }, async (_, i) => {
      if (arrival) await sleep((i / opts.people) * arrival);
      let session = new BenchSession(opts.origins);
      while (performance.now() < end) {
        const n = dialogs++;
        if (!opts.pauseMs) session = new BenchSession(opts.origins);
        for (const step of session.dialog(n, opts.photos[n % opts.photos.length]!)) {
          if (performance.now() >= end) break;
          const r = await step();
          if (performance.now() - start > warmup) results.push(r);
          if (opts.pauseMs) await sleep(opts.pauseMs);
        }
      }
    }),
  );
  return figures(opts.people, results, (performance.now() - start - warmup) / 1000);
}
