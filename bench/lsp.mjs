// A small language client for the benchmark: it starts a language server over stdio
// and speaks JSON-RPC to it as an editor does, timing what arrives. Every wait is
// bounded, and `stop()` always ends the process it started.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';

export class TimeoutError extends Error {}

export class LspClient {
  /**
   * @param {object} options
   * @param {string} options.name for messages
   * @param {string} options.command
   * @param {string[]} options.args
   * @param {string} [options.cwd]
   * @param {NodeJS.ProcessEnv} [options.env]
   */
  constructor({ name, command, args, cwd, env }) {
    this.name = name;
    this.spawnedAt = performance.now();
    this.process = spawn(command, args, {
      cwd,
      env: env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.pid = this.process.pid;
    this.exited = false;
    this.exitPromise = new Promise((resolve) => {
      this.process.on('exit', (code, signal) => {
        this.exited = true;
        this.exitCode = code;
        this.exitSignal = signal;
        resolve();
        this.wake();
      });
    });
    this.process.on('error', (error) => {
      this.spawnError = error;
      this.wake();
    });
    this.stderr = '';
    this.process.stderr.on('data', (chunk) => {
      if (this.stderr.length < 100_000) this.stderr += chunk.toString();
    });
    this.process.stdin.on('error', () => undefined); // The server may be gone already.
    this.buffer = Buffer.alloc(0);
    this.process.stdout.on('data', (chunk) => this.receive(chunk));
    this.nextId = 1;
    this.pending = new Map();
    this.notificationHandlers = new Map();
    this.requestHandlers = new Map();
    this.waiters = [];
    this.logs = [];
    /** Per URI: every publication of diagnostics, with its arrival time. */
    this.publications = new Map();
    this.publicationCount = 0;
    this.onNotification('textDocument/publishDiagnostics', (params, time) => {
      let list = this.publications.get(params.uri);
      if (!list) this.publications.set(params.uri, (list = []));
      list.push({
        time,
        version: params.version ?? null,
        count: params.diagnostics.length,
        diagnostics: params.diagnostics,
      });
      this.publicationCount++;
    });
    this.onNotification('window/logMessage', (params) => {
      if (this.logs.length < 1000) this.logs.push(params.message);
    });
    this.onRequest('client/registerCapability', () => null);
    this.onRequest('client/unregisterCapability', () => null);
    this.onRequest('window/workDoneProgress/create', () => null);
    this.onRequest('workspace/applyEdit', () => ({ applied: false }));
    this.onRequest('workspace/codeLens/refresh', () => null);
    this.onRequest('workspace/semanticTokens/refresh', () => null);
    this.onRequest('workspace/inlayHint/refresh', () => null);
    this.onRequest('workspace/diagnostic/refresh', () => null);
    /** Documents opened through this client: uri -> { version, text }. */
    this.documents = new Map();
  }

  receive(chunk) {
    const time = performance.now();
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length: *(\d+)/i.exec(header);
      if (!match) throw new Error(`${this.name}: bad header ${header}`);
      const length = Number(match[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(JSON.parse(body), time);
    }
  }

  dispatch(message, time) {
    if (message.id !== undefined && message.method === undefined) {
      const pending = this.pending.get(message.id);
      if (pending) {
        this.pending.delete(message.id);
        clearTimeout(pending.timer);
        if (message.error)
          pending.reject(Object.assign(new Error(message.error.message), message.error));
        else pending.resolve({ result: message.result, ms: time - pending.sent });
      }
    } else if (message.id !== undefined) {
      const handler = this.requestHandlers.get(message.method);
      let result = null;
      let error;
      try {
        result = handler ? handler(message.params) : null;
      } catch (e) {
        error = { code: -32603, message: String(e) };
      }
      this.send(
        error
          ? { jsonrpc: '2.0', id: message.id, error }
          : { jsonrpc: '2.0', id: message.id, result: result ?? null },
      );
    } else {
      const handler = this.notificationHandlers.get(message.method);
      if (handler) handler(message.params, time);
    }
    this.wake();
  }

  send(message) {
    if (this.exited) return;
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin.write(body);
  }

  onNotification(method, handler) {
    const previous = this.notificationHandlers.get(method);
    this.notificationHandlers.set(
      method,
      previous
        ? (params, time) => {
            previous(params, time);
            handler(params, time);
          }
        : handler,
    );
  }

  onRequest(method, handler) {
    this.requestHandlers.set(method, handler);
  }

  /** Sends a request; resolves with `{ result, ms }`, where ms is the round trip. */
  request(method, params, timeoutMs = 60_000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.send({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } });
        reject(new TimeoutError(`${this.name}: ${method} got no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer, sent: performance.now() });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  open(uri, text, languageId) {
    this.documents.set(uri, { version: 1, text });
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /**
   * Applies text edits to an open document as incremental changes, last edit first so
   * that every range is still valid when the server applies it. Returns the new version.
   */
  change(uri, edits) {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${this.name}: ${uri} is not open`);
    const sorted = [...edits].sort((a, b) => comparePositions(b.range.start, a.range.start));
    let text = document.text;
    for (const edit of sorted) text = applyEdit(text, edit);
    document.text = text;
    document.version++;
    this.notify('textDocument/didChange', {
      textDocument: { uri, version: document.version },
      contentChanges: sorted.map((edit) => ({ range: edit.range, text: edit.newText })),
    });
    return document.version;
  }

  wake() {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Waits until `probe()` returns something other than undefined, for at most timeoutMs. */
  async waitFor(probe, timeoutMs, describe) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (this.spawnError)
        throw new Error(`${this.name}: cannot start: ${this.spawnError.message}`);
      if (this.exited) {
        throw new Error(
          `${this.name} exited (code ${this.exitCode}, signal ${this.exitSignal}) while waiting for ${describe()}; stderr: ${this.stderr.slice(-500)}`,
        );
      }
      const remaining = deadline - performance.now();
      if (remaining <= 0)
        throw new TimeoutError(
          `${this.name}: timed out after ${timeoutMs} ms waiting for ${describe()}`,
        );
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Ends the server: shutdown and exit, then SIGKILL if it is still there. */
  async stop(timeoutMs = 5000) {
    if (!this.exited) {
      try {
        await this.request('shutdown', null, timeoutMs);
        this.notify('exit', null);
      } catch {
        // Killed below.
      }
      await Promise.race([this.exitPromise, delay(timeoutMs)]);
    }
    if (!this.exited) {
      this.process.kill('SIGKILL');
      await Promise.race([this.exitPromise, delay(2000)]);
    }
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
    this.pending.clear();
  }
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function comparePositions(a, b) {
  return a.line - b.line || a.character - b.character;
}

/** Offset of an LSP position (UTF-16 code units, as JavaScript strings count). */
export function offsetAt(text, position) {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + position.character, text.length);
}

export function applyEdit(text, edit) {
  const start = offsetAt(text, edit.range.start);
  const end = offsetAt(text, edit.range.end);
  return text.slice(0, start) + edit.newText + text.slice(end);
}

/**
 * Samples the resident set of a process and its descendants from /proc every
 * `intervalMs`: the largest VmRSS seen, and VmHWM (the kernel's own peak).
 */
export class RssSampler {
  constructor(pid, intervalMs = 50) {
    this.pid = pid;
    this.maxRssKiB = 0;
    this.maxHwmKiB = 0;
    this.samples = 0;
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.sample();
  }

  sample() {
    const now = readTreeMemory(this.pid);
    if (!now) return;
    this.samples++;
    this.maxRssKiB = Math.max(this.maxRssKiB, now.rssKiB);
    this.maxHwmKiB = Math.max(this.maxHwmKiB, now.hwmKiB);
    this.last = now;
  }

  /** The peak so far: the larger of the sampled RSS and the kernel's high-water mark. */
  peakKiB() {
    return Math.max(this.maxRssKiB, this.maxHwmKiB);
  }

  stop() {
    clearInterval(this.timer);
  }
}

const descendantCache = new Map();

/** VmRSS and VmHWM of a process plus all its descendants, in KiB; undefined if gone. */
export function readTreeMemory(pid) {
  const own = readStatus(pid);
  if (!own) return undefined;
  let rssKiB = own.rssKiB;
  let hwmKiB = own.hwmKiB;
  const pids = [pid];
  // Walking /proc for descendants costs a few milliseconds: do it at most once a second.
  const now = Date.now();
  let known = descendantCache.get(pid);
  if (!known || now - known.at > 1000) {
    known = { at: now, pids: descendants(pid) };
    descendantCache.set(pid, known);
  }
  for (const child of known.pids) {
    const status = readStatus(child);
    if (!status) continue;
    rssKiB += status.rssKiB;
    hwmKiB += status.hwmKiB;
    pids.push(child);
  }
  return { rssKiB, hwmKiB, processes: pids.length };
}

function readStatus(pid) {
  let text;
  try {
    text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) : 0;
  };
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
}

function descendants(pid) {
  let entries;
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const children = new Map();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // The command name is in parentheses and may contain spaces: read after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const parent = Number(fields[1]);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(Number(entry));
  }
  const result = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      result.push(child);
      queue.push(child);
    }
  }
  return result;
}
