/** The tests' day, Asia/Shanghai. */
export declare const TEST_DAY: string;
/** The tests' instant: mid-morning of TEST_DAY in Shanghai. */
export declare const TEST_NOW: string;
/** Throws unless `dist` was made by `npm run build:test` for TEST_DAY. */
export declare function assertTestBuild(dist?: string): void;
