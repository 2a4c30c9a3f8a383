/**
 * Facts about the package the checker ships in. The manifest is imported rather than
 * read at run time, so the bundled `dist/cli.js` carries it and works wherever it is
 * copied.
 */
import manifest from '../../../package.json';

/** The fields of `package.json` the checker reads; `repository` is optional. */
interface Manifest {
  readonly version: string;
  readonly repository?: unknown;
}

const packageManifest: Manifest = manifest;

/**
 * Where the project lives, for links in SARIF reports. Taken from `repository` when
 * the manifest has one; until then, the project's GitHub home.
 */
const fallbackRepositoryUrl = 'https://github.com/strategic-frameworks/strategic-frameworks';

export const toolName = 'framework-check';

export const toolVersion: string = packageManifest.version;

export const repositoryUrl: string = readRepositoryUrl(packageManifest) ?? fallbackRepositoryUrl;

/** The documentation page of one diagnostic code; docs/diagnostics.md has an anchor per code. */
export function diagnosticHelpUri(code: string): string {
  return `${repositoryUrl}/blob/main/docs/diagnostics.md#${code}`;
}

function readRepositoryUrl(source: Manifest): string | undefined {
  const repository = source.repository;
  const url =
    typeof repository === 'string'
      ? repository
      : typeof repository === 'object' && repository !== null && 'url' in repository
        ? repository.url
        : undefined;
  if (typeof url !== 'string') return undefined;
  // npm writes repositories as "git+https://host/owner/name.git"; links want the web page.
  const web = url.replace(/^git\+/, '').replace(/\.git$/, '');
  return /^https?:\/\//.test(web) ? web.replace(/\/$/, '') : undefined;
}
