/**
 * Gate for suites that run terraform: they run when terraform and the provider mirror are
 * present. Locally, a missing tool skips them with a message saying what to install; in CI
 * (CI=true) it fails the suite instead, never a silent skip.
 */
import { offlineTerraformProblem } from "../../tools/terraform/offline-terraform";

const problem = offlineTerraformProblem();

if (problem && process.env.CI) {
  throw new Error(`CI=true and offline Terraform is unavailable:\n${problem}`);
}
if (problem) {
  console.warn(`SKIPPING terraform suites: ${problem}`);
}

/** `describe` when terraform can run, else `describe.skip` (with the warning above). */
export const describeTerraform: jest.Describe = problem ? describe.skip : describe;
