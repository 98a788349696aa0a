import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Ends the run with the plain line `N passed, N failed` that CI counts. A test file that
 * could not run, and an unhandled error, each count as one failure.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    for (const testModule of testModules) {
      const tests = [...testModule.children.allTests()];
      passed += tests.filter((test) => test.result().state === 'passed').length;
      const failedTests = tests.filter((test) => test.result().state === 'failed').length;
      failed += failedTests === 0 && testModule.state() === 'failed' ? 1 : failedTests;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  }
}
