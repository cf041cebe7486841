// Where the web editor saves, from the build's CMS_* variables, and what a production build refuses.
import { describe, expect, test } from 'vitest';
import { cmsConfig } from './cms-config';
import { backendApiOrigin, backendFromEnv, editorProblem } from './cms-backend';

/** The CI workflow's variables on a self-hosted Gitea (.github/workflows/deploy.yml). */
const CI = {
  CMS_BASE_URL: 'https://git.qinghe.example.cn/',
  CMS_REPO: 'qinghe/fangyi-site',
  CMS_BRANCH: 'main',
  CMS_APP_ID: 'a1b2c3',
};

describe('backendFromEnv', () => {
  test('a self-hosted Gitea from the CI variables: its API, the OAuth app and the branch', () => {
    const backend = backendFromEnv(CI);
    if (!backend) throw new Error('the editor is on');
    expect(cmsConfig({ backend, siteUrl: '/', title: '青禾街道' }).backend).toMatchObject({
      name: 'gitea',
      repo: 'qinghe/fangyi-site',
      branch: 'main',
      api_root: 'https://git.qinghe.example.cn/api/v1',
      base_url: 'https://git.qinghe.example.cn',
      app_id: 'a1b2c3',
    });
    expect(backendApiOrigin(backend)).toBe('https://git.qinghe.example.cn');
  });

  test('GitHub is recognised from its address and talks to its API origin', () => {
    const backend = backendFromEnv({ CMS_BASE_URL: 'https://github.com', CMS_REPO: 'a/b' });
    expect(backend?.name).toBe('github');
    expect(backend && backendApiOrigin(backend)).toBe('https://api.github.com');
  });

  test('CMS_BACKEND=none switches the editor off', () => {
    expect(backendFromEnv({ CMS_BACKEND: 'none', CMS_BASE_URL: 'nonsense' })).toBeNull();
  });

  test('an unknown backend name stops the build with what to write, in Chinese', () => {
    expect(() => backendFromEnv({ CMS_BACKEND: 'gogs' })).toThrowErrorMatchingInlineSnapshot(
      `[Error: 网页编辑器的 Git 服务类型 CMS_BACKEND 是“gogs”，只能是 gitea（也用于 Forgejo）、github、gitlab 或 none（不用网页编辑器）]`,
    );
  });

  test('a Git host address that is not a web address stops the build', () => {
    expect(() =>
      backendFromEnv({ CMS_BASE_URL: 'git.example.cn' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[Error: 网页编辑器的 Git 服务器地址 CMS_BASE_URL 是“git.example.cn”，要写成完整的网址，例如 https://git.example.cn]`,
    );
  });

  test('a repository without an owner stops the build', () => {
    expect(() => backendFromEnv({ CMS_REPO: 'fangyi-site' })).toThrowErrorMatchingInlineSnapshot(
      `[Error: 网页编辑器保存到的仓库 CMS_REPO 是“fangyi-site”，要写成“所有者/仓库名”，例如 qinghe/fangyi-site]`,
    );
  });
});

describe('editorProblem', () => {
  test('a local preview accepts no address at all: the local-folder mode needs none', () => {
    expect(editorProblem({})).toBeUndefined();
    expect(editorProblem({ CMS_BASE_URL: 'http://localhost:3000' })).toBeUndefined();
  });

  test('reports a wrong value in every build, with the same message the page would throw', () => {
    expect(editorProblem({ CMS_REPO: 'fangyi-site' })).toContain('CMS_REPO 是“fangyi-site”');
  });

  test('a production build accepts the CI variables, GitHub without an address, or no editor', () => {
    const production = { production: true };
    expect(editorProblem(CI, production)).toBeUndefined();
    expect(editorProblem({ CMS_BACKEND: 'github', CMS_REPO: 'a/b' }, production)).toBeUndefined();
    expect(editorProblem({ CMS_BACKEND: 'none' }, production)).toBeUndefined();
  });

  test('a production build asks for the Git host when none is set', () => {
    expect(editorProblem({}, { production: true })).toMatchInlineSnapshot(
      `"正式构建需要网页编辑器保存内容的 Git 服务器地址：请设置 CMS_BASE_URL，例如 CMS_BASE_URL=https://git.example.cn（自动部署 .github/workflows/deploy.yml 会自动填写本仓库所在的服务器）。不用网页编辑器时，请设置 CMS_BACKEND=none。"`,
    );
  });

  test('a production build refuses a Git host on this computer or the office network', () => {
    expect(
      editorProblem({ CMS_BASE_URL: 'http://localhost:3000' }, { production: true }),
    ).toMatchInlineSnapshot(
      `"网页编辑器的 Git 服务器地址 CMS_BASE_URL 是“http://localhost:3000”，这是本机、内网或示例地址，宣传员在别的电脑上连不上，保存不了内容。请改成 Git 服务器的正式网址，例如 https://git.example.cn。不用网页编辑器时，请设置 CMS_BACKEND=none。"`,
    );
    expect(
      editorProblem({ CMS_BASE_URL: 'https://192.168.1.20:3000' }, { production: true }),
    ).toContain('本机、内网或示例地址');
  });

  test('a production build refuses a Git host without https', () => {
    expect(
      editorProblem({ CMS_BASE_URL: 'http://git.qinghe.example.cn' }, { production: true }),
    ).toMatchInlineSnapshot(
      `"网页编辑器的 Git 服务器地址 CMS_BASE_URL 要以 https:// 开头（https 网站上的编辑器连不上 http 的服务器，登录信息也不能明文传送），例如 https://git.example.cn"`,
    );
  });
});
