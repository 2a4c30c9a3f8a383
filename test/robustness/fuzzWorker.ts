/**
 * Runs fuzz cases and corpus files through the service in a worker thread, so that
 * an input that never finishes (an endless loop in the service) is caught by a
 * watchdog instead of hanging the test run: the main thread hears of each job as it
 * starts, and ends the worker when one takes too long. `runJobsInWorker` is the main
 * thread's side; `work` is the worker's.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { RequestCounts } from './exercise';
import { runCorpusFile, runServiceCase } from './fuzzer';
import { generateCase } from './inputs';
import { toleratedCounts } from './knownBugs';

/** One input: a case of a seeded run, or a file of the corpus. */
export type Job =
  | {
      readonly type: 'case';
      readonly seed: number;
      readonly caseNumber: number;
      /** Every how many mutations is an editing session (see `runServiceCase`). */
      readonly sessionEvery: number;
    }
  | { readonly type: 'corpus'; readonly file: string };

type WorkerMessage =
  | { readonly type: 'start'; readonly job: number; readonly kind: string }
  | { readonly type: 'failure'; readonly job: number; readonly message: string }
  | {
      readonly type: 'done';
      readonly requests: RequestCounts;
      readonly tolerated: Record<string, number>;
    };

export interface JobFailure {
  readonly job: Job;
  /** The error's stack, or why the job was stopped. */
  readonly message: string;
  readonly hang: boolean;
}

export interface WorkerRunResult {
  readonly jobs: number;
  readonly milliseconds: number;
  /** Fuzz cases by kind of input (`bytes`, `utf8`, `mutation`), and corpus files. */
  readonly byKind: Record<string, number>;
  readonly requests: RequestCounts;
  /** How often each known bug was tolerated (see `knownBugs.ts`). */
  readonly tolerated: Record<string, number>;
  readonly failures: readonly JobFailure[];
}

/**
 * Runs jobs in order in worker threads. A job that runs longer than `jobTimeout` ms
 * is reported as a hang, and the run goes on from the next job in a new worker; so
 * does a worker that dies. `onFailure` hears of each failure as it happens.
 */
export async function runJobsInWorker(
  jobs: readonly Job[],
  jobTimeout: number,
  onFailure: (failure: JobFailure) => void = () => undefined,
): Promise<WorkerRunResult> {
  const started = performance.now();
  const byKind: Record<string, number> = {};
  const requests: RequestCounts = {};
  const tolerated: Record<string, number> = {};
  const failures: JobFailure[] = [];
  const record = (job: number, message: string, hang: boolean): void => {
    const failure = { job: jobs[job], message, hang };
    failures.push(failure);
    onFailure(failure);
  };
  let next = 0;
  while (next < jobs.length) {
    const first = next;
    next = await new Promise<number>((resolve) => {
      const worker = new Worker(__filename, {
        workerData: jobs.slice(first),
        // The service makes many short-lived objects; a larger young generation
        // halves the time the collector takes, as it does in the server.
        resourceLimits: { maxYoungGenerationSizeMb: 64 },
      });
      let current = first;
      let settled = false;
      let stopping = false;
      let timer: NodeJS.Timeout | undefined;
      /** Ends this worker's part of the run; the loop goes on from job `from`. */
      const settle = (from: number): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        resolve(from);
      };
      const watch = (): void => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          const hung = current;
          record(hung, `no answer after ${jobTimeout} ms`, true);
          // The worker's exit is this hang's, not a second failure.
          stopping = true;
          void worker.terminate().then(() => settle(hung + 1));
        }, jobTimeout);
      };
      watch();
      worker.on('message', (message: WorkerMessage) => {
        // A stopped worker's last messages may still arrive; its jobs go to the next one.
        if (stopping || settled) return;
        if (message.type === 'start') {
          current = first + message.job;
          byKind[message.kind] = (byKind[message.kind] ?? 0) + 1;
          watch();
        } else if (message.type === 'failure') {
          record(first + message.job, message.message, false);
        } else {
          addCounts(requests, message.requests);
          addCounts(tolerated, message.tolerated);
          settle(jobs.length);
        }
      });
      // A crash of the worker itself (out of memory, a native abort) is the job's.
      const died = (reason: string): void => {
        if (settled || stopping) return;
        record(current, `the worker died: ${reason}`, false);
        settle(current + 1);
      };
      worker.on('error', (error) => died(String(error)));
      worker.on('exit', (code) => died(`exit code ${code}`));
    });
  }
  return {
    jobs: jobs.length,
    milliseconds: Math.round(performance.now() - started),
    byKind,
    requests,
    tolerated,
    failures,
  };
}

/**
 * Cases `first` to `first + count - 1` of a seeded run, shared out in order among
 * `workers` worker threads that run at once, with the results added up.
 */
export async function runCasesInParallel(
  seed: number,
  first: number,
  count: number,
  options: {
    readonly workers: number;
    readonly jobTimeout: number;
    readonly sessionEvery?: number;
  },
  onFailure: (failure: JobFailure) => void = () => undefined,
): Promise<WorkerRunResult> {
  const { workers, jobTimeout, sessionEvery = 1 } = options;
  const started = performance.now();
  const share = Math.ceil(count / workers);
  const parts = await Promise.all(
    Array.from({ length: workers }, (_, worker) => {
      const start = first + worker * share;
      const length = Math.max(0, Math.min(share, first + count - start));
      return runJobsInWorker(caseJobs(seed, start, length, sessionEvery), jobTimeout, onFailure);
    }),
  );
  const total = (
    pick: (part: WorkerRunResult) => Record<string, number>,
  ): Record<string, number> => {
    const sum: Record<string, number> = {};
    for (const part of parts) addCounts(sum, pick(part));
    return sum;
  };
  return {
    jobs: count,
    milliseconds: Math.round(performance.now() - started),
    byKind: total((part) => part.byKind),
    requests: total((part) => part.requests),
    tolerated: total((part) => part.tolerated),
    failures: parts.flatMap((part) => part.failures),
  };
}

/** The jobs of cases `first` to `first + count - 1` of a seeded run. */
export function caseJobs(seed: number, first: number, count: number, sessionEvery = 1): Job[] {
  return Array.from({ length: count }, (_, at) => ({
    type: 'case',
    seed,
    caseNumber: first + at,
    sessionEvery,
  }));
}

function addCounts(total: Record<string, number>, more: Record<string, number>): void {
  for (const [key, value] of Object.entries(more)) total[key] = (total[key] ?? 0) + value;
}

/** The worker: runs its jobs, and reports each start, each failure and the end. */
function work(jobs: readonly Job[], port: NonNullable<typeof parentPort>): void {
  const requests: RequestCounts = {};
  const post = (message: WorkerMessage): void => port.postMessage(message);
  for (const [at, job] of jobs.entries()) {
    try {
      if (job.type === 'case') {
        const fuzzCase = generateCase(job.seed, job.caseNumber);
        post({ type: 'start', job: at, kind: fuzzCase.kind });
        runServiceCase(fuzzCase, requests, job.sessionEvery);
      } else {
        post({ type: 'start', job: at, kind: 'corpus' });
        runCorpusFile(job.file, requests);
      }
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      post({ type: 'failure', job: at, message });
    }
  }
  post({ type: 'done', requests, tolerated: { ...toleratedCounts } });
}

if (!isMainThread && parentPort) work(workerData as Job[], parentPort);
