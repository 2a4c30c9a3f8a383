/**
 * Diagnostics kept between sessions, so that reopening a workspace where nothing
 * changed shows its problems at once, before the index is rebuilt. The cache holds
 * the diagnostics of every file together with a fingerprint of everything they
 * depend on (every framework file's path, size and modification time, the settings
 * and the server's version); any difference and the cache is not used.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';

/** Bumped whenever what the cache holds, or how diagnostics are computed, changes. */
const cacheFormat = 1;
const fileName = 'diagnostics-cache.json';

interface CacheFile {
  readonly format: number;
  readonly fingerprint: string;
  readonly diagnostics: Record<string, Diagnostic[]>;
}

export class DiagnosticsCache {
  constructor(
    private readonly directory: string,
    private readonly serverVersion: string,
  ) {}

  /** A fingerprint of the disk state, the settings and this server. */
  fingerprint(diskFingerprint: string, settings: unknown): string {
    return createHash('sha256')
      .update(`${cacheFormat}\n${this.serverVersion}\n${JSON.stringify(settings)}\n`)
      .update(diskFingerprint)
      .digest('hex');
  }

  /** The cached diagnostics, when they were computed for exactly this fingerprint. */
  async read(fingerprint: string): Promise<Record<string, Diagnostic[]> | undefined> {
    try {
      const cached = JSON.parse(
        await fs.readFile(path.join(this.directory, fileName), 'utf8'),
      ) as Partial<CacheFile>;
      if (cached.format !== cacheFormat || cached.fingerprint !== fingerprint) return undefined;
      return typeof cached.diagnostics === 'object' && cached.diagnostics !== null
        ? cached.diagnostics
        : undefined;
    } catch {
      // No cache yet, or an unreadable one: the index is built as on a first start.
      return undefined;
    }
  }

  /** Writes the cache so that a reader never sees half a file. */
  async write(fingerprint: string, diagnostics: Record<string, Diagnostic[]>): Promise<void> {
    const content: CacheFile = { format: cacheFormat, fingerprint, diagnostics };
    await fs.mkdir(this.directory, { recursive: true });
    const target = path.join(this.directory, fileName);
    const temporary = `${target}.${process.pid}.tmp`;
    await fs.writeFile(temporary, JSON.stringify(content));
    await fs.rename(temporary, target);
  }
}
