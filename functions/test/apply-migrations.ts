// Every test file starts from the numbered migrations applied to its own local D1.
import { applyD1Migrations, env } from 'cloudflare:test';

await applyD1Migrations(env.LEDGER, env.TEST_MIGRATIONS);
