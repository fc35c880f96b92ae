/**
 * `dataProtection`: what may destroy JENKINS_HOME and its backups. Imported by lib/config/schema.ts.
 */
import { z } from "zod";

export const DataProtectionSchema = z
  .object({
    allowDestroy: z
      .boolean()
      .default(false)
      .describe(
        'Let Terraform destroy or replace the EFS file system of JENKINS_HOME, its access point and the backup vault. Off: they carry `prevent_destroy`, and a plan that would destroy or replace one (a changed `namePrefix`, `storage.performanceMode`, backups switched off, `npm run destroy`) fails with "Instance cannot be destroyed". Turn it on only for the one deploy or destroy that is meant to remove them (docs/operations.md).',
      ),
    forceDestroy: z
      .boolean()
      .default(false)
      .describe(
        "Teardown mode: a destroy empties what would otherwise stop it: the ECR repositories (images), the backup vault (recovery points) and the controller's Cloud Map service (instances). Deploy once with it on, then `npm run destroy` (with `allowDestroy`). Recovery points under a compliance-mode vault lock still cannot be deleted.",
      ),
  })
  .strict()
  .describe("Protection of JENKINS_HOME against destroy and replacement, and the teardown mode.");
