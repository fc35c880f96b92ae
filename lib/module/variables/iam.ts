import { fromSchema, ModuleVariable } from "./variable";

/** Enterprise hooks (issue 16): permissions boundary and path of every IAM role the module creates, a customer-provided KMS key. */
export function iamVariables(): ModuleVariable[] {
  return [
    fromSchema("iam_role_permissions_boundary", "iam.permissionsBoundaryArn", {
      description:
        "ARN of a managed policy set as permissions boundary on every IAM role the module creates (controller execution and task roles, agent execution and task roles, backup, image build). Null: no boundary.",
      rules: [
        // The stack's arnPartitions and iam rules (lib/config/rules/arns.ts, lib/config/iam.ts).
        {
          condition: `var.iam_role_permissions_boundary == null || try(split(":", var.iam_role_permissions_boundary)[1] == data.aws_partition.current.partition, false)`,
          message: "must be an ARN of the provider's partition (aws, aws-cn or aws-us-gov, after the provider's region)",
        },
        {
          condition: `var.iam_role_permissions_boundary == null || var.account_id == null || try(contains(["aws", var.account_id], split(":", var.iam_role_permissions_boundary)[4]), false)`,
          message: "must be a policy of account_id or AWS managed (a permissions boundary must be a policy of the role's account)",
        },
      ],
    }),
    fromSchema("kms_key_arn", "kms.keyArn", {
      description:
        "A KMS key of yours used instead of the two keys the module creates (data key, alerts key): for log groups, EFS, the alerts topic, ECR, backups, the password parameter and the image build. In the provider's region; its key policy must allow what the module's docs/security.md lists. Null: the module creates its keys.",
      rules: [
        // The stack's arnPartitions and kmsKeyRegion rules (lib/config/rules/arns.ts, lib/config/kms.ts).
        {
          condition: `var.kms_key_arn == null || try(split(":", var.kms_key_arn)[1] == data.aws_partition.current.partition, false)`,
          message: "must be an ARN of the provider's partition (aws, aws-cn or aws-us-gov, after the provider's region)",
        },
        {
          condition: `var.kms_key_arn == null || try(split(":", var.kms_key_arn)[3] == data.aws_region.current.name, false)`,
          message: "must be a key in the provider's region (KMS keys are regional)",
        },
      ],
    }),
    fromSchema("iam_role_path", "iam.path", {
      description:
        "IAM path of every role the module creates; it becomes part of the role ARNs (`arn:aws:iam::<account>:role/jenkins/<name>` for `/jenkins/`).",
    }),
  ];
}
