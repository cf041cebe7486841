/**
 * Where the web editor at /admin/ saves (issue 13): the Git host and repository from the build's
 * `CMS_*` variables (README, Deploying), checked with Chinese messages like the content errors.
 * Pure: astro.config.mjs checks these before a build starts, the editor page reads them.
 */
import { isLocalAddress } from './site-address';

/** Where the content repository lives; in CI the workflow fills it from the Git host. */
export interface EditorBackend {
  name: 'gitea' | 'github' | 'gitlab';
  /** `owner/repo` on the Git host. */
  repo: string;
  /** The Git host's address, e.g. `https://git.example.cn` for a self-hosted Gitea or Forgejo. */
  baseUrl: string;
  branch: string;
  /** Client ID of the OAuth application on the Git host; without it, staff sign in with a token. */
  appId?: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

const BACKENDS = ['gitea', 'github', 'gitlab'] as const;
/** `CMS_BACKEND=none`: this site has no web editor; /admin/ only says so. */
const SWITCHED_OFF = 'none';
const GITHUB = 'https://github.com';
const EXAMPLE = 'https://git.example.cn';
const TURN_OFF = `不用网页编辑器时，请设置 CMS_BACKEND=${SWITCHED_OFF}。`;

/** The backend the variables describe, `null` when the editor is switched off, or what is wrong. */
function read(env: Env): { backend: EditorBackend | null } | { problem: string } {
  const named = env['CMS_BACKEND'];
  if (named === SWITCHED_OFF) return { backend: null };
  // Without an address a local preview talks to a Gitea on this computer: enough for the
  // local-folder mode, which never calls it. A production build refuses it (editorProblem).
  const baseUrl = (env['CMS_BASE_URL'] || (named === 'github' ? GITHUB : 'http://localhost:3000'))
    .trim()
    .replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(baseUrl)) {
    return {
      problem: `网页编辑器的 Git 服务器地址 CMS_BASE_URL 是“${baseUrl}”，要写成完整的网址，例如 ${EXAMPLE}`,
    };
  }
  const chosen = named || (baseUrl === GITHUB ? 'github' : 'gitea');
  const name = BACKENDS.find((backend) => backend === chosen);
  if (!name) {
    return {
      problem: `网页编辑器的 Git 服务类型 CMS_BACKEND 是“${chosen}”，只能是 gitea（也用于 Forgejo）、github、gitlab 或 ${SWITCHED_OFF}（不用网页编辑器）`,
    };
  }
  const repo = env['CMS_REPO'] || 'firstline/site';
  if (!/^[\w.-]+(\/[\w.-]+)+$/.test(repo)) {
    return {
      problem: `网页编辑器保存到的仓库 CMS_REPO 是“${repo}”，要写成“所有者/仓库名”，例如 qinghe/fangyi-site`,
    };
  }
  return {
    backend: {
      name,
      repo,
      baseUrl,
      branch: env['CMS_BRANCH'] || 'main',
      appId: env['CMS_APP_ID'] || undefined,
    },
  };
}

/**
 * The editor's backend from the build's variables, or `null` when the community switched the web
 * editor off (`CMS_BACKEND=none`). A wrong value throws the Chinese message of {@link editorProblem}.
 */
export function backendFromEnv(env: Env): EditorBackend | null {
  const result = read(env);
  if ('problem' in result) throw new Error(result.problem);
  return result.backend;
}

/**
 * Why the editor cannot be built from these variables, in Chinese for whoever set them;
 * `undefined` when it can. A production build (`production`) also refuses a Git host that staff on
 * other computers cannot reach, or reach only without encryption, unless the editor is off.
 */
export function editorProblem(env: Env, { production = false } = {}): string | undefined {
  const result = read(env);
  if ('problem' in result) return result.problem;
  const { backend } = result;
  if (!production || !backend) return undefined;
  const given = env['CMS_BASE_URL']?.trim();
  if (!given && backend.name !== 'github') {
    return `正式构建需要网页编辑器保存内容的 Git 服务器地址：请设置 CMS_BASE_URL，例如 CMS_BASE_URL=${EXAMPLE}（自动部署 .github/workflows/deploy.yml 会自动填写本仓库所在的服务器）。${TURN_OFF}`;
  }
  if (isLocalAddress(backend.baseUrl)) {
    return `网页编辑器的 Git 服务器地址 CMS_BASE_URL 是“${backend.baseUrl}”，这是本机、内网或示例地址，宣传员在别的电脑上连不上，保存不了内容。请改成 Git 服务器的正式网址，例如 ${EXAMPLE}。${TURN_OFF}`;
  }
  if (!backend.baseUrl.startsWith('https://')) {
    return `网页编辑器的 Git 服务器地址 CMS_BASE_URL 要以 https:// 开头（https 网站上的编辑器连不上 http 的服务器，登录信息也不能明文传送），例如 ${EXAMPLE}`;
  }
  return undefined;
}

/** The API origin the editor talks to, for the page's `connect-src`. */
export function backendApiOrigin(backend: EditorBackend): string {
  if (backend.name === 'github') return 'https://api.github.com';
  return new URL(backend.baseUrl).origin;
}
