/**
 * What every IAM role of Jenkins carries besides its own trust and name (issue 16, enterprise
 * hooks): a permissions boundary and an IAM path. The `jenkins` stack builds one
 * {@link IamRoleSettings} from vars.json (`iam`), the registry module from its variables
 * (`iam_role_permissions_boundary`, `iam_role_path`); the same object is handed to every
 * construct that creates a role, and each spreads {@link roleArguments} into its `IamRole`.
 */
import type { AwsEnvironment } from "./aws-environment";

/** Settings of every role (values or Terraform expressions). */
export interface IamRoleSettings {
  /**
   * ARN of the managed policy set as permissions boundary.
   * @default - no permissions boundary
   */
  readonly permissionsBoundaryArn?: string;
  /**
   * IAM path of the roles (`/` or `/a/b/`); part of their ARNs.
   * @default "/"
   */
  readonly path?: string;
}

/** The `IamRole` arguments of the settings: `permissions_boundary` and `path`. */
export function roleArguments(settings: IamRoleSettings | undefined): { permissionsBoundary?: string; path?: string } {
  return {
    ...(settings?.permissionsBoundaryArn !== undefined ? { permissionsBoundary: settings.permissionsBoundaryArn } : {}),
    ...(settings?.path !== undefined ? { path: settings.path } : {}),
  };
}

/** ARN of a role named `name` (or a name prefix) under the settings' path, for roles referred to before they exist. */
export function roleArn(env: AwsEnvironment, settings: IamRoleSettings | undefined, name: string): string {
  return `arn:${env.partition}:iam::${env.accountId}:role${settings?.path ?? "/"}${name}`;
}
