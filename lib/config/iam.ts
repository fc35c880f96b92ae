/**
 * `iam`: settings of every IAM role the stack creates (issue 16, enterprise hooks): a
 * permissions boundary and an IAM path, as organisations with a landing zone require them.
 * Imported by lib/config/schema.ts; the registry module's `iam_role_permissions_boundary` and
 * `iam_role_path` mirror these fields.
 */
import { z } from "zod";

/** A managed policy ARN (customer managed in an account, or AWS managed), any partition. */
export const POLICY_ARN = /^arn:aws(-cn|-us-gov)?:iam::(\d{12}|aws):policy\/([!-~]+\/)?[A-Za-z0-9+=,.@_-]{1,128}$/;
/** An IAM path: `/` alone, or starting and ending with `/` with printable ASCII between. */
export const IAM_PATH = /^\/([!-~]+\/)?$/;

export const IamSchema = z
  .object({
    permissionsBoundaryArn: z
      .string()
      .regex(POLICY_ARN, "must be an IAM managed policy ARN like arn:aws:iam::123456789012:policy/jenkins-boundary")
      .optional()
      .describe(
        "ARN of a managed policy set as permissions boundary on every IAM role the stack creates (controller, agents, backup, image builds, flow logs). It must be in the stack's partition (and account, or AWS managed). Unset: no boundary.",
      ),
    path: z
      .string()
      .max(512, "must be at most 512 characters")
      .regex(IAM_PATH, "must be an IAM path: / alone, or starting and ending with / with printable ASCII characters between, like /jenkins/")
      .default("/")
      .describe("IAM path of every role the stack creates (it becomes part of the role ARNs, e.g. `arn:aws:iam::<account>:role/jenkins/<name>`)."),
  })
  .strict()
  .describe("IAM roles: permissions boundary and path (landing-zone requirements).");

/** Cross-field rule of `iam` (lib/config/rules/index.ts runs it): the boundary's account (its partition is checked with every ARN, rules/arns.ts). */
export function iamProblems(iam: z.output<typeof IamSchema>, accountId: string | undefined, add: (path: (string | number)[], message: string) => void): void {
  const arn = iam.permissionsBoundaryArn;
  if (!arn || !accountId) return;
  const account = arn.split(":")[4];
  if (account !== "aws" && account !== accountId)
    add(
      ["iam", "permissionsBoundaryArn"],
      `is a policy of account ${account}, not of accountId ${accountId}; a permissions boundary must be a policy of the role's account or AWS managed`,
    );
}
