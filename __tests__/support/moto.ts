/**
 * Test support for suites that run against the AWS API emulator (moto_server, see
 * tools/emulator/moto-server.ts). They run when moto_server is installed; locally a missing moto
 * skips them loudly with the install command, in CI (CI=true) it fails the suite instead,
 * never a silent skip (as __tests__/support/terraform.ts does for terraform).
 */
import { MotoServer, motoProblem } from "../../tools/emulator/moto-server";
import { offlineTerraformProblem } from "../../tools/terraform/offline-terraform";

export { MOTO_INSTALL, MotoServer, motoCertificate, motoDefaultNetwork, motoInventory, motoObject, resetMoto } from "../../tools/emulator/moto-server";
export type { MotoInventory } from "../../tools/emulator/moto-server";

const problem = motoProblem();

if (problem && process.env.CI) {
  throw new Error(`CI=true and the AWS API emulator is unavailable:\n${problem}`);
}
if (problem) {
  console.warn(`SKIPPING AWS API emulator suites: ${problem}`);
}

/** `describe` when moto_server can run, else `describe.skip` (with the warning above). */
export const describeMoto: jest.Describe = problem ? describe.skip : describe;

/** Why the emulator suites that also run terraform cannot run here, or undefined. */
export function motoTerraformProblem(): string | undefined {
  return problem ?? offlineTerraformProblem();
}

/**
 * Starts moto_server before the suite's tests and stops it (its whole process group) after;
 * resets it before the suite, so suites sharing a server start empty. The returned object's
 * `server` is set once `beforeAll` has run.
 */
export function useMoto(): { server: MotoServer } {
  const holder = {} as { server: MotoServer };
  beforeAll(async () => {
    holder.server = await MotoServer.start();
    await holder.server.reset();
  }, 60_000);
  afterAll(async () => {
    await holder.server?.stop();
  }, 30_000);
  return holder;
}
