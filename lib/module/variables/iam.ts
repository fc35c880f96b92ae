import { fromSchema, ModuleVariable } from "./variable";

/** Enterprise hooks (issue 16): permissions boundary and path of every IAM role the module creates. */
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
    fromSchema("iam_role_path", "iam.path", {
      description: "IAM path of every role the module creates; it becomes part of the role ARNs (`arn:aws:iam::<account>:role/jenkins/<name>` for `/jenkins/`).",
    }),
  ];
}
