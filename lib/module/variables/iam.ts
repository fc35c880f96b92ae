import { fromSchema, ModuleVariable } from "./variable";

/** Enterprise hooks (issue 16): permissions boundary and path of every IAM role the module creates. */
export function iamVariables(): ModuleVariable[] {
  return [
    fromSchema("iam_role_permissions_boundary", "iam.permissionsBoundaryArn", {
      description:
        "ARN of a managed policy set as permissions boundary on every IAM role the module creates (controller execution and task roles, agent execution and task roles, backup, image build). Null: no boundary. Its partition and account are checked by IAM when the roles are created (a variable validation cannot see the provider's partition at plan time).",
    }),
    fromSchema("iam_role_path", "iam.path", {
      description: "IAM path of every role the module creates; it becomes part of the role ARNs (`arn:aws:iam::<account>:role/jenkins/<name>` for `/jenkins/`).",
    }),
  ];
}
