// `kube-hindsight check` on more than one core. Analysing the files is most of a large run's work, and each
// file is analysed on its own against the run's related-object index. So a worker thread (this same bundle,
// started by main.ts) reads the inputs into an index of its own, exactly as the main thread does, and both
// threads then take the next file not yet taken from a shared counter until none is left. The worker sends
// each file's outcome as data (check-wire.ts); the main thread puts the outcomes together in input order, so
// the report is the one a single thread makes, finding for finding.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { RuleSet } from '../engine/rule-set';
import { parseArgs, type CheckOptions } from './args';
import { check, startCheck, type CheckIo, type CheckReport, type FileOutcome } from './check';
import { fromWire, toWire, type WireOutcome } from './check-wire';

/** How a worker started by checkInParallel knows its job (main.ts looks for it in `workerData`). */
export const CHECK_WORKER = 'kube-hindsight check worker';

export interface CheckWorkerData {
  kind: typeof CHECK_WORKER;
  /** The command line, parsed again by the worker so that both threads run the same options. */
  argv: string[];
  cwd: string;
  /** One counter: the index of the next file to be analysed by whichever thread takes it. */
  claims: Int32Array;
  port: MessagePort;
}

/** What a worker tells the main thread. */
type WorkerMessage =
  { file: number; uri: string; outcome: WireOutcome | undefined } | { done: true } | { failed: string };

/**
 * How many worker threads analyse files beside the main thread: KUBE_HINDSIGHT_THREADS minus one, for a check
 * that fixes nothing and reads no standard input (which only the main thread can read). None unless asked:
 * each thread holds an index of every input and a heap of its own, and reads every input once more. Over the
 * bench's 1,000-file workspace two threads took the peak memory from under 300 MB to 400-440 MB and the
 * CPU time up by about a third; on a two-core machine they shortened the run when a core was free (23 s
 * instead of 29 s) and lengthened it when other work held both.
 */
function workersFor(options: CheckOptions, env: NodeJS.ProcessEnv): number {
  const asked = Number.parseInt(env.KUBE_HINDSIGHT_THREADS ?? '', 10);
  if (!Number.isInteger(asked) || asked < 2) return 0;
  return options.fix !== 'off' || options.inputs.includes('-') ? 0 : asked - 1;
}

/**
 * Checks as `check` does, with files analysed in worker threads running `workerScript` as well as in this
 * one when KUBE_HINDSIGHT_THREADS asks for more than one thread (see workersFor). A worker that fails is
 * reported as an error of the run (exit 2), and the files it did not deliver are analysed here, so the
 * report still covers every file.
 */
export async function checkInParallel(
  options: CheckOptions,
  argv: string[],
  io: CheckIo,
  rules: RuleSet,
  workerScript: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CheckReport> {
  const count = workersFor(options, env);
  if (count === 0) return check(options, io, rules);
  const claims = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const workers = Array.from({ length: count }, () => startWorker(workerScript, argv, io.cwd, claims));
  // The workers read the inputs while this thread does.
  const started = startCheck(options, io, rules);
  if ('report' in started) {
    await Promise.all(workers.map(({ worker }) => worker?.terminate()));
    return started.report;
  }
  const { run } = started;
  const outcomes = new Array<FileOutcome | undefined>(run.files);
  let analysed = 0;
  const progress = (): void => io.onProgress?.('analysing', ++analysed, run.files);
  const take = (message: WorkerMessage, from: StartedWorker): void => {
    if ('done' in message) from.done = true;
    else if ('failed' in message) from.failure ??= message.failed;
    // A file the worker saw differently (it changed between the reads) or could not send is analysed here.
    else if (message.outcome && message.uri === run.uriOf(message.file)) {
      outcomes[message.file] = fromWire(message.outcome, run.rulesOf(message.file), run.detacher);
      progress();
    }
  };
  const drain = (): void => {
    for (const worker of workers) {
      for (let m = receiveMessageOnPort(worker.port); m; m = receiveMessageOnPort(worker.port)) {
        take(m.message as WorkerMessage, worker);
      }
    }
  };
  for (let i = Atomics.add(claims, 0, 1); i < run.files; i = Atomics.add(claims, 0, 1)) {
    outcomes[i] = run.analyse(i);
    progress();
    drain();
  }
  // The workers' last files: their messages are read between short waits, which also let this thread learn
  // of a worker that stopped without a word.
  for (;;) {
    drain();
    if (workers.every((w) => w.done || w.failure !== undefined || w.exited)) break;
    await new Promise((wake) => setTimeout(wake, WAIT_MS));
  }
  drain();
  const failures = workers.flatMap((w) =>
    w.failure !== undefined ? [w.failure] : w.done ? [] : ['it stopped before it had finished'],
  );
  for (const { worker, port } of workers) {
    port.close();
    if (failures.length > 0) await worker?.terminate();
  }
  for (let i = 0; i < run.files; i++) {
    if (outcomes[i]) continue;
    outcomes[i] = run.analyse(i);
    progress();
  }
  const report = run.finish(outcomes as FileOutcome[]);
  for (const failure of failures) {
    report.errors.push(
      `a worker thread of the check failed (${failure}); this thread analysed the files it had not`,
    );
  }
  return report;
}

/** How long the main thread sleeps between looks at the workers' messages once its own files are done. */
const WAIT_MS = 2;

interface StartedWorker {
  worker: Worker | undefined;
  port: MessagePort;
  done: boolean;
  exited: boolean;
  failure: string | undefined;
}

function startWorker(script: string, argv: string[], cwd: string, claims: Int32Array): StartedWorker {
  const { port1, port2 } = new MessageChannel();
  const started: StartedWorker = {
    worker: undefined,
    port: port1,
    done: false,
    exited: false,
    failure: undefined,
  };
  const workerData: CheckWorkerData = { kind: CHECK_WORKER, argv, cwd, claims, port: port2 };
  try {
    const worker = new Worker(script, { workerData, transferList: [port2] });
    // The run ends when the main thread has its report, whatever a worker still holds.
    worker.unref();
    worker.on('error', (error) => (started.failure ??= String(error)));
    worker.on('exit', (code) => {
      started.exited = true;
      if (code !== 0) started.failure ??= `it exited with code ${code}`;
    });
    started.worker = worker;
  } catch (error) {
    started.failure = String(error);
  }
  return started;
}

/**
 * The worker's side: reads the inputs as the main thread does, then analyses the files it takes until none
 * is left, sending each outcome as it is made. Whatever goes wrong is sent as a failure, for the main thread
 * to report; the main thread analyses what this one did not deliver.
 */
export function runCheckWorker(data: CheckWorkerData, rules: RuleSet): void {
  const { port, claims } = data;
  try {
    const command = parseArgs(data.argv, rules);
    if (command.command !== 'check') throw new Error(`not a check: ${command.command}`);
    const io: CheckIo = {
      cwd: data.cwd,
      readStdin: () => {
        throw new Error('standard input is read by the main thread only');
      },
    };
    const started = startCheck(command, io, rules);
    // Nothing to analyse: the main thread's report says why.
    if ('run' in started) {
      const { run } = started;
      for (let i = Atomics.add(claims, 0, 1); i < run.files; i = Atomics.add(claims, 0, 1)) {
        const message: WorkerMessage = {
          file: i,
          uri: run.uriOf(i),
          outcome: toWire(run.analyse(i), run.rulesOf(i)),
        };
        port.postMessage(message);
      }
    }
    port.postMessage({ done: true } satisfies WorkerMessage);
  } catch (error) {
    const failed = error instanceof Error ? (error.stack ?? error.message) : String(error);
    port.postMessage({ failed } satisfies WorkerMessage);
  }
  port.close();
}
