// `npm start`: builds the extension and opens examples/ in VS Code with it loaded in
// development mode, to try a change by hand.
//
// With a desktop VS Code (`code` on PATH) it runs
// `code --extensionDevelopmentPath=<repo> <repo>/examples`. Without one (these machines,
// a container, a remote shell) it starts code-server on 127.0.0.1 (port 8080 when free,
// `--port N` to choose) and prints the workbench URL, whose `payload` loads the
// extension in development mode; it runs until Ctrl+C. `--code-server` uses code-server
// even when `code` exists.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, startCodeServer, workbenchUrl } from './codeServer.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const examples = path.join(repoRoot, 'examples');
const args = process.argv.slice(2);

function option(name) {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
}

/** The absolute path of `command` on PATH, if it is there and executable. */
function onPath(command) {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!folder) continue;
    const candidate = path.join(folder, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const code = args.includes('--code-server') ? undefined : onPath('code');
if (code) {
  // The desktop editor opens its own window and returns; nothing more to do here.
  const child = spawn(code, [`--extensionDevelopmentPath=${repoRoot}`, examples], {
    stdio: 'inherit',
  });
  child.on('exit', (status) => process.exit(status ?? 1));
} else {
  const port = Number(option('--port') ?? 8080);
  const server = await startCodeServer({
    installDir: await ensureCodeServer(),
    folder: examples,
    port,
  });
  if (server.port !== port) console.log(`Port ${port} is taken; using ${server.port}.`);
  const url = workbenchUrl({
    port: server.port,
    folder: examples,
    extensionDevelopmentPath: repoRoot,
  });
  console.log(
    `\nOpen this URL in a browser (the extension loads in development mode;` +
      ` reload the page after \`npm run build\` to pick up changes):\n\n  ${url}\n\n` +
      'Press Ctrl+C to stop.\n',
  );
  // code-server runs in its own process group, so Ctrl+C reaches only this script, which
  // stops code-server with everything it started and removes its temporary folders.
  let stopping = false;
  const stop = (signal) => {
    stopping = true;
    console.log(`\n${signal}: stopping code-server...`);
    void server.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const { code: status, signal } = await server.exited;
  if (stopping) await new Promise(() => {}); // stop() exits the process.
  console.log(`code-server exited (${status ?? signal}).`);
  await server.stop();
  process.exitCode = status === 0 ? 0 : 1;
}
