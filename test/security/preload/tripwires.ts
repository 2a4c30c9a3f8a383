/**
 * Preloaded into a Node process (`node --require`) by test/security/runtime.test.ts:
 * it replaces every way the process could start another process, reach the network,
 * load native code or compile code from a string with a tripwire. A tripwire writes
 * what was reached, with the stack that reached it, as one JSON line to the file named
 * by `STRATEGIC_FRAMEWORKS_TRIPWIRES`, then throws, so that nothing it guards ever
 * runs. The first line lists every tripwire laid, so the test knows the preload ran.
 *
 * The language server talks to the editor over its standard streams or Node's IPC
 * channel, which Node sets up before any preload runs and which use none of these.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';

const logFile = process.env.STRATEGIC_FRAMEWORKS_TRIPWIRES;
if (!logFile) throw new Error('Set STRATEGIC_FRAMEWORKS_TRIPWIRES to the file tripwires log to.');

/** Built-in modules as the mutable objects `require` shares with every other module. */
const load = createRequire(__filename);
type Module = Record<string, unknown>;
const builtin = (name: string): Module => load(`node:${name}`) as Module;

const laid: string[] = [];

function record(entry: Record<string, unknown>): void {
  // Synchronous, so that the line is written even when the process dies right after.
  fs.appendFileSync(logFile as string, `${JSON.stringify(entry)}\n`);
}

/** What a tripwire does when reached: records it and refuses. */
function tripped(name: string): never {
  const stack = new Error(name).stack ?? name;
  record({ reached: name, stack });
  throw new Error(`${name} was reached, and the security test forbids it.`);
}

/** Replaces `target[key]` with a tripwire named `name`. */
function lay(target: Module, key: string, name: string): void {
  if (typeof target[key] !== 'function') return;
  target[key] = function tripwire(): never {
    return tripped(name);
  };
  laid.push(name);
}

const processes: [module: string, functions: string[]][] = [
  ['child_process', ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']],
  ['cluster', ['fork', 'setupPrimary', 'setupMaster']],
  ['worker_threads', ['Worker']],
  ['net', ['connect', 'createConnection', 'createServer']],
  ['tls', ['connect', 'createServer', 'createSecureContext']],
  ['http', ['request', 'get', 'createServer']],
  ['https', ['request', 'get', 'createServer']],
  ['http2', ['connect', 'createServer', 'createSecureServer']],
  ['dgram', ['createSocket']],
  ['dns', ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny']],
  ['vm', ['runInThisContext', 'runInNewContext', 'runInContext', 'compileFunction', 'Script']],
];
for (const [name, functions] of processes) {
  const module = builtin(name);
  for (const key of functions) lay(module, key, `${name}.${key}`);
}
const dnsPromises = builtin('dns').promises as Module;
for (const key of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
  lay(dnsPromises, key, `dns.promises.${key}`);
}
// Sockets made without `net.connect` (`new net.Socket().connect()`); the standard
// streams are sockets too, but opened on their file descriptors, never connected.
lay((builtin('net').Socket as { prototype: Module }).prototype, 'connect', 'net.Socket.connect');
lay(globalThis, 'fetch', 'fetch');
lay(globalThis, 'WebSocket', 'WebSocket');
lay(process as unknown as Module, 'dlopen', 'process.dlopen');

// Code from strings: `eval`, and `Function` with its async and generator siblings,
// whether named as globals or reached through any function's `constructor`.
lay(globalThis, 'eval', 'eval');
const functionConstructors: [example: object, name: string][] = [
  [function () {}, 'Function'],
  [async function () {}, 'AsyncFunction'],
  [function* () {}, 'GeneratorFunction'],
  [async function* () {}, 'AsyncGeneratorFunction'],
];
for (const [example, name] of functionConstructors) {
  const prototype = Object.getPrototypeOf(example) as Module;
  const original = prototype.constructor as (...args: string[]) => unknown;
  // A proxy, so that `instanceof` and the constructor's own properties still work.
  const guarded = new Proxy(original, {
    apply: () => tripped(name),
    construct: () => tripped(name),
  });
  // Read-only on the async and generator prototypes, but configurable.
  Object.defineProperty(prototype, 'constructor', { value: guarded });
  if (name === 'Function') (globalThis as unknown as Module).Function = guarded;
  laid.push(name);
}

record({ laid });
