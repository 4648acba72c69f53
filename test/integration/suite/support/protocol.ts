/**
 * Lines the suite prints for the runner (test/integration/run-code-server.mjs) to act on. The runner
 * sees the extension host's console through VS Code's `codeAutomationLog` hook, so a console line is
 * the one channel from a test to the runner; these prefixes keep that channel unambiguous.
 */

/** Printed alone when mocha starts: the runner shows the log from here on. */
export const SUITE_START_MARKER = 'CONVLENS_SUITE_START';

/** Followed by a JSON `{ passed, failed }` once mocha is done. */
export const RESULTS_MARKER = 'CONVLENS_RESULTS';

/** Followed by a file name stem: the runner saves a screenshot of the page to test/artifacts/<stem>.png. */
export const SCREENSHOT_MARKER = 'CONVLENS_SCREENSHOT';
