// Installs and starts code-server 4.100.3, a real VS Code 1.100.3 workbench served to a
// browser, for the in-editor tests (`npm run test:editor`) and `npm start`.
//
// These machines reach only the npm registry and Debian's packages, so the usual
// `@vscode/test-electron` download of VS Code is impossible; code-server's npm package
// carries the whole VS Code server and web workbench instead. Its postinstall fetches
// ripgrep from GitHub, which fails here, so the install runs its steps by hand, as
// /work/shared/notes/real-vscode-tests.md records them. It takes minutes, so the result
// is cached under ~/.cache, keyed by version, and a marker file makes later runs skip it.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const codeServerVersion = '4.100.3';

/** Debian's ripgrep, which replaces the binary code-server's postinstall would download. */
const systemRipgrep = '/usr/bin/rg';

/** The marker written last, so a half-finished install is never mistaken for a done one. */
const markerName = '.install-complete.json';

/** Where the install is cached; `STRATEGIC_FRAMEWORKS_CACHE` moves it (for CI caches). */
export function codeServerInstallDir() {
  const cacheRoot =
    process.env.STRATEGIC_FRAMEWORKS_CACHE ??
    path.join(os.homedir(), '.cache', 'strategic-frameworks');
  return path.join(cacheRoot, `code-server-${codeServerVersion}`);
}

/** The script `code-server` runs; started with this Node directly, not through a shell. */
function entryPoint(installDir) {
  return path.join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function log(message) {
  console.log(`[code-server] ${message}`);
}

/**
 * The environment for npm and code-server. VS Code's own variables are dropped so that a
 * run started from a VS Code terminal does not talk to that VS Code instead.
 */
function cleanEnvironment(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const name of Object.keys(env)) {
    if (name.startsWith('VSCODE_') || name === 'ELECTRON_RUN_AS_NODE') delete env[name];
  }
  return env;
}

/**
 * Runs one install step, appending its output to the install log rather than the
 * terminal (npm and node-gyp print thousands of lines); on failure the log's tail is
 * printed so the cause is visible without opening the file.
 */
async function runStep(description, command, args, { cwd, env, logFile }) {
  const started = Date.now();
  log(`${description}...`);
  fs.appendFileSync(logFile, `\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
  const output = fs.openSync(logFile, 'a');
  try {
    const child = spawn(command, args, {
      cwd,
      env: cleanEnvironment(env),
      stdio: ['ignore', output, output],
    });
    const [code, signal] = await once(child, 'exit');
    if (code !== 0) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      throw new Error(
        `${description} failed (${command} ${args.join(' ')} exited with ${code ?? signal}).\n` +
          `The last lines of ${logFile}:\n${tail}`,
      );
    }
  } finally {
    fs.closeSync(output);
  }
  log(`${description}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Runs `code-server --version` and returns the line that starts with a version. Even
 * this writes a default config file when none exists, so it is pointed at a temporary
 * one rather than ~/.config/code-server.
 */
async function readVersion(installDir) {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-code-server-version-'));
  try {
    const args = [entryPoint(installDir), '--config', path.join(tempDir, 'config.yaml')];
    const child = spawn(process.execPath, [...args, '--version'], {
      env: cleanEnvironment({ XDG_CONFIG_HOME: tempDir, XDG_DATA_HOME: tempDir }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const [code] = await once(child, 'exit');
    if (code !== 0) throw new Error(`code-server --version exited with ${code}:\n${output}`);
    const lines = output.trim().split('\n');
    return lines.find((line) => /^\d+\.\d+\.\d+ /.test(line)) ?? lines.join(' | ');
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

function readMarker(installDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(installDir, markerName), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Whether a marker says the install is finished, for this version and this Node ABI. */
function isComplete(marker) {
  return marker?.version === codeServerVersion && marker.nodeAbi === process.versions.modules;
}

/**
 * Installs code-server into the cache unless a complete install for this version and
 * this Node ABI is already there (native modules such as node-pty and argon2 are built
 * for one ABI), and returns the install folder after checking `code-server --version`.
 *
 * The install happens in a staging folder that is renamed into place at the end, so an
 * interrupted install leaves nothing that looks finished, and two first runs at once
 * do not corrupt each other: the one that finishes second throws its copy away.
 */
export async function ensureCodeServer() {
  const installDir = codeServerInstallDir();
  if (isComplete(readMarker(installDir))) {
    await checkVersion(installDir);
    return installDir;
  }
  if (!fs.existsSync(systemRipgrep)) {
    throw new Error(
      `${systemRipgrep} is missing; install Debian's ripgrep (apt-get install ripgrep), ` +
        'which code-server uses instead of the one its postinstall would download.',
    );
  }

  const started = Date.now();
  log(`installing ${codeServerVersion} into ${installDir} (a few minutes, once)`);
  fs.mkdirSync(path.dirname(installDir), { recursive: true });
  removeAbandonedStaging(installDir);
  const staging = `${installDir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging);
  const logFile = path.join(staging, 'install.log');
  try {
    // A package.json of its own stops npm from walking up to some other project.
    fs.writeFileSync(
      path.join(staging, 'package.json'),
      `${JSON.stringify({ name: 'code-server-tools', private: true }, null, 2)}\n`,
    );
    const vscodeDir = path.join(staging, 'node_modules', 'code-server', 'lib', 'vscode');
    const npm = 'npm';
    const quiet = ['--no-audit', '--no-fund'];
    await runStep(
      'npm install code-server (scripts off: its postinstall downloads ripgrep)',
      npm,
      ['install', `code-server@${codeServerVersion}`, '--ignore-scripts', ...quiet],
      { cwd: staging, logFile },
    );
    await runStep(
      "npm install VS Code's own dependencies",
      npm,
      ['install', '--omit=dev', '--ignore-scripts', ...quiet],
      { cwd: vscodeDir, logFile },
    );
    const ripgrepBin = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    fs.mkdirSync(ripgrepBin, { recursive: true });
    fs.copyFileSync(systemRipgrep, path.join(ripgrepBin, 'rg'));
    fs.chmodSync(path.join(ripgrepBin, 'rg'), 0o755);
    // node-pty's build runs `npx node-gyp`, which would stop to ask before installing.
    await runStep("npm rebuild VS Code's native modules", npm, ['rebuild'], {
      cwd: vscodeDir,
      env: { npm_config_yes: 'true' },
      logFile,
    });
    // code-server's release layout, which its scripts would otherwise create.
    fs.symlinkSync('node_modules', path.join(vscodeDir, 'node_modules.asar'));
    fs.symlinkSync('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
    fs.symlinkSync('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
    await runStep(
      "npm install the built-in extensions' dependencies",
      npm,
      ['install', '--omit=dev', ...quiet],
      { cwd: path.join(vscodeDir, 'extensions'), logFile },
    );
    await runStep("npm rebuild code-server's argon2", npm, ['rebuild', 'argon2'], {
      cwd: staging,
      logFile,
    });
    await checkVersion(staging);
    fs.writeFileSync(
      path.join(staging, markerName),
      `${JSON.stringify(
        {
          version: codeServerVersion,
          nodeAbi: process.versions.modules,
          node: process.version,
          installedAt: new Date().toISOString(),
        },
        null,
        2,
      )}\n`,
    );
    if (isComplete(readMarker(installDir))) {
      log('another run finished the same install first; using that one');
    } else {
      // A folder without a valid marker (built for another Node ABI, say) is replaced.
      fs.rmSync(installDir, { recursive: true, force: true });
      fs.renameSync(staging, installDir);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  await checkVersion(installDir);
  return installDir;
}

/** Removes the staging folders of installs whose process is gone (interrupted ones). */
function removeAbandonedStaging(installDir) {
  const prefix = `${path.basename(installDir)}.staging-`;
  for (const name of fs.readdirSync(path.dirname(installDir))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) continue;
    fs.rmSync(path.join(path.dirname(installDir), name), { recursive: true, force: true });
  }
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error.code === 'EPERM';
  }
}

async function checkVersion(installDir) {
  const version = await readVersion(installDir);
  if (!version.startsWith(`${codeServerVersion} `)) {
    throw new Error(`code-server --version printed "${version}", not ${codeServerVersion}.`);
  }
  log(`code-server ${version}`);
}

/** Resolves to true when `port` can be bound on loopback right now. */
function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port the system reports free, for runs that need no particular port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves to true once `url` answers HTTP 200, false if it does not before `deadline`. */
async function waitForHttp(url, deadline, hasExited) {
  while (Date.now() < deadline && !hasExited()) {
    const ok = await new Promise((resolve) => {
      const request = http.get(url, (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      });
      request.setTimeout(2000, () => request.destroy());
      request.once('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/**
 * User settings for the workbench: nothing that waits for the network, no welcome page
 * or tips that would cover the editor in screenshots.
 */
const workbenchSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

/**
 * Starts code-server on 127.0.0.1 for `folder` and resolves once it answers HTTP.
 *
 * Everything it writes (user data, extensions, its config file, its XDG folders) goes to
 * a new temporary folder, which `stop()` deletes, so runs never share state and never
 * touch the user's own code-server. `port` is tried first when given; otherwise, or when
 * it is taken, the system picks a free one. `env` is added to the server's environment,
 * which its extension host inherits.
 */
export async function startCodeServer({
  installDir,
  folder,
  port: preferredPort,
  env = {},
  output = 'inherit',
  startTimeoutMs = 60_000,
  installExtensions = [],
}) {
  const port =
    preferredPort !== undefined && (await isPortFree(preferredPort))
      ? preferredPort
      : await freePort();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-code-server-'));
  const userDataDir = path.join(tempDir, 'user-data');
  const extensionsDir = path.join(tempDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir);
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    `${JSON.stringify(workbenchSettings, null, 2)}\n`,
  );

  // Extensions to install first (a packaged .vsix, as a user installs it).
  for (const extension of installExtensions) {
    const result = spawnSync(
      process.execPath,
      [
        entryPoint(installDir),
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        extensionsDir,
        '--config',
        path.join(tempDir, 'config.yaml'),
        '--install-extension',
        extension,
      ],
      {
        cwd: tempDir,
        encoding: 'utf8',
        env: cleanEnvironment({
          XDG_CONFIG_HOME: path.join(tempDir, 'config'),
          XDG_DATA_HOME: path.join(tempDir, 'data'),
        }),
      },
    );
    if (result.status !== 0) {
      fs.rmSync(tempDir, { recursive: true, force: true });
      throw new Error(`Installing ${extension} failed: ${result.stderr || result.stdout}`);
    }
  }

  const args = [
    entryPoint(installDir),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--config',
    path.join(tempDir, 'config.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    folder,
  ];
  // Its own process group, so that stop() ends code-server together with the processes
  // it starts (the extension host, the language server, file watchers, pty host).
  const child = spawn(process.execPath, args, {
    cwd: tempDir,
    detached: true,
    env: cleanEnvironment({
      ...env,
      XDG_CONFIG_HOME: path.join(tempDir, 'config'),
      XDG_DATA_HOME: path.join(tempDir, 'data'),
    }),
    stdio: ['ignore', output, output],
  });
  let exited = false;
  const exitPromise = once(child, 'exit').then(([code, signal]) => {
    exited = true;
    return { code, signal };
  });

  let stopped;
  const stop = () => {
    stopped ??= (async () => {
      if (!exited) {
        signalGroup(child.pid, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 5000);
        await exitPromise;
        clearTimeout(timer);
      }
      // Children that outlived the server's own exit (a language server, say).
      signalGroup(child.pid, 'SIGKILL');
      fs.rmSync(tempDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const url = `http://127.0.0.1:${port}/`;
  const ready = await waitForHttp(`${url}healthz`, Date.now() + startTimeoutMs, () => exited);
  if (!ready) {
    const reason = exited ? 'exited' : `did not answer within ${startTimeoutMs / 1000} s`;
    await stop();
    throw new Error(`code-server ${reason} (port ${port}).`);
  }
  return { url, port, pid: child.pid, exited: exitPromise, stop };
}

/** Sends `signal` to the process group led by `pid`; the group may be gone already. */
function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // No such process group: everything in it has exited.
  }
}

/** The `vscode-remote:` URI the workbench served from `port` uses for a server path. */
export function remoteUri(port, absolutePath) {
  return `vscode-remote://127.0.0.1:${port}${absolutePath.split(path.sep).join('/')}`;
}

/**
 * The workbench URL for `folder`, with the `payload` the web workbench reads its
 * development options from: `extensionDevelopmentPath`, and for tests
 * `extensionTestsPath`.
 */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const payload = [['extensionDevelopmentPath', remoteUri(port, extensionDevelopmentPath)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(port, extensionTestsPath)]);
  return (
    `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`
  );
}

// `node scripts/vscode/codeServer.mjs` installs (or checks) code-server and prints where.
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await ensureCodeServer());
}
