/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  testTimeout: 300000,
  // Terraform runs are CPU heavy on a 2-core machine: two workers for the unit suites keep them
  // from starving each other, plus one for the emulator e2e, which mostly waits (on fixed waits
  // inside the AWS provider). Without the e2e (npm run test:unit) two workers.
  maxWorkers: 3,
  // The emulator suites (__tests__/e2e/*.moto.test.ts) first, so they start at once and the unit suites run alongside them.
  testSequencer: "<rootDir>/scripts/jest-sequencer.js",
};
