// The browser tests use mocha's globals (describe, it) through web-test-runner.
/// <reference types="mocha" />
