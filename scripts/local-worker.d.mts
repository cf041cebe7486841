import type {
  ChildProcess,
  SpawnOptions,
  SpawnSyncOptions,
  SpawnSyncReturns,
} from 'node:child_process';

/** The repository root. */
export declare const ROOT: string;
/** The Worker's wrangler config, relative to ROOT. */
export declare const CONFIG: string;
/** The environment every local wrangler gets: no metrics, no telemetry, offline. */
export declare const env: NodeJS.ProcessEnv;
/** Runs `wrangler <args> --config functions/wrangler.jsonc` to completion. */
export declare function wranglerSync(
  args: string[],
  options?: SpawnSyncOptions,
): SpawnSyncReturns<string>;
/** Runs npm to completion, without a shell where it can (works on Windows too). */
export declare function npmSync(
  args: string[],
  options?: SpawnSyncOptions,
): SpawnSyncReturns<string>;
/** Applies the ledger's numbered D1 migrations to local storage; throws with wrangler's output. */
export declare function applyMigrations(persistTo?: string, options?: SpawnSyncOptions): void;
/** Starts `wrangler dev` on 127.0.0.1:`port` and returns the child process. */
export declare function startDev(
  options: {
    port: number;
    persistTo?: string;
    vars?: Record<string, string>;
    interactive?: boolean;
    config?: string;
  } & SpawnOptions,
): ChildProcess;
/** Resolves once `origin`/api/health answers 200; rejects when the child exits or time runs out. */
export declare function waitForHealth(
  origin: string,
  child: ChildProcess,
  options?: { timeoutMs?: number; output?: () => string },
): Promise<void>;
/** Kills `child` and everything it started at once (process group or tree). */
export declare function killHard(child: ChildProcess): void;
/** A TCP port nobody is listening on right now. */
export declare function freePort(): Promise<number>;
