/** The deploy-on-save workflow (issue 13): what it runs, in which order, and that README names its settings. */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
}
interface Workflow {
  on: { push?: { branches?: string[] }; pull_request?: unknown };
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
}

const text = readFileSync('.github/workflows/deploy.yml', 'utf8');
const workflow = parse(text) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const runs = steps.map((step) => step.run ?? step.uses ?? '');
const readme = readFileSync('README.md', 'utf8');
const deploying = readme.slice(readme.indexOf('## Deploying'));

/** The index of the first step whose command contains `command`, or -1. */
const stepOf = (command: string) => runs.findIndex((run) => run.includes(command));

describe('the deploy workflow', () => {
  test('runs on every push to main, which is where the web editor saves', () => {
    expect(workflow.on.push?.branches).toEqual(['main']);
  });

  test('installs the lock, builds, then deploys the Worker with the site', () => {
    const order = ['npm ci', 'npm run build', 'wrangler deploy --config functions/wrangler.jsonc'];
    const found = order.map(stepOf);
    expect(found.every((index) => index >= 0)).toBe(true);
    expect([...found].sort((a, b) => a - b)).toEqual(found);
  });

  test('builds for residents (--production), so a missing or local address stops the job', () => {
    const build = steps[stepOf('npm run build')];
    expect(build?.run?.trim()).toBe('npm run build -- --production');
    const scripts = (
      JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    // npm hands what follows `--` to the script, so astro.config.mjs sees --production.
    expect(scripts['build']).toBe('astro build');
  });

  test('has no address of its own: siteUrl in content/community.yaml is the one setting', () => {
    expect(text).not.toMatch(/SITE_URL|--var/);
    expect(deploying).not.toContain('SITE_URL');
    expect(deploying).toContain('siteUrl');
  });

  test('run over the sample content, which has no siteUrl, its build stops with the Chinese reason', async () => {
    const build = steps[stepOf('npm run build')]?.run ?? '';
    const failure = await promisify(execFile)('sh', ['-c', build], {
      env: {
        ...process.env,
        CMS_BASE_URL: 'https://git.qinghe.example.cn',
        CMS_REPO: 'qinghe/fangyi-site',
        CMS_BRANCH: 'main',
        ASTRO_TELEMETRY_DISABLED: '1',
      },
    }).then(
      () => undefined,
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain(
      '构建停止：正式构建需要网站的公开地址：请在 content/community.yaml 填写 siteUrl',
    );
  }, 60_000);

  test('says in Chinese, when the build fails, that nothing was published and where to look', () => {
    const build = steps[stepOf('npm run build')];
    const explain = steps.find((step) =>
      step.if?.includes(`steps.${build?.id ?? '?'}.outcome == 'failure'`),
    );
    expect(build?.id).toBeDefined();
    expect(explain?.if).toContain('failure()');
    expect(explain?.run).toMatch(/::error title=网站没有更新::.*没有发布.*中文说明/);
  });

  test('builds a pull request without deploying it', () => {
    const deploy = steps[stepOf('wrangler deploy')];
    expect(deploy?.if).toBe("github.event_name != 'pull_request'");
    expect(steps[stepOf('npm run build')]?.if).toBeUndefined();
  });

  test('gives the editor the same CMS_ settings src/lib/cms-backend.ts reads', () => {
    const source = readFileSync('src/lib/cms-backend.ts', 'utf8');
    const read = new Set(source.match(/CMS_[A-Z_]+/g));
    const given = new Set(
      Object.values(workflow.jobs).flatMap((job) =>
        Object.keys(job.env ?? {}).filter((key) => key.startsWith('CMS_')),
      ),
    );
    expect([...given].sort()).toEqual([...read].filter((key) => key !== 'CMS_BACKEND').sort());
  });

  test('every secret and variable it uses is explained in the README deploy section', () => {
    const names = [...text.matchAll(/\b(?:secrets|vars)\.([A-Z_]+)/g)].map((match) => match[1]);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !deploying.includes(`\`${name}\``))).toEqual([]);
  });

  test('is the only workflow file: a .gitea or .forgejo folder would hide it from those hosts', () => {
    expect(existsSync('.gitea/workflows')).toBe(false);
    expect(existsSync('.forgejo/workflows')).toBe(false);
  });
});
