/** The deploy-on-save workflow (issue 13): what it runs, in which order, and that README names its settings. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

interface Step {
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

  test('builds a pull request without deploying it', () => {
    const deploy = steps[stepOf('wrangler deploy')];
    expect(deploy?.if).toBe("github.event_name != 'pull_request'");
    expect(steps[stepOf('npm run build')]?.if).toBeUndefined();
  });

  test('gives the editor the same CMS_ settings src/lib/cms-config.ts reads', () => {
    const source = readFileSync('src/lib/cms-config.ts', 'utf8');
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
