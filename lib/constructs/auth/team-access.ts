import { Construct } from "constructs";
import { Flag } from "../foundation/inputs";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { resolvedOidc } from "../../config/auth";
import type { JenkinsConfig } from "../../config/schema";
import { BuildCredentialsAccess } from "../credentials/build-credentials-access";
import { TEAM_JCASC_ENV } from "../controller/jcasc-team";
import { SignInSecretAccess } from "./sign-in-secret-access";

/** Props of {@link TeamAccess}: plain values (each may be a Terraform reference). */
export interface TeamAccessProps {
  /** Name of the controller's execution role (reads the sign-in client secret at task start). */
  readonly executionRoleName: string;
  /** Name of the controller's task role (reads build credentials). */
  readonly taskRoleName: string;
  /** Partition, region, account and DNS suffix of the stack. */
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly dnsSuffix: string;
  /**
   * Secrets Manager ARN of the OpenID Connect client secret.
   * @default - none (with `signInSsmParameter` unset too: local sign-in, no client secret)
   */
  readonly signInSecretsManagerArn?: string;
  /**
   * JSON key inside `signInSecretsManagerArn`.
   * @default - the whole secret string
   */
  readonly signInSecretJsonKey?: string;
  /**
   * SSM parameter (name or ARN) of the OpenID Connect client secret.
   * @default - none
   */
  readonly signInSsmParameter?: string;
  /**
   * Whether the client secret is the Secrets Manager one (a Terraform expression in the registry module).
   * @default - `signInSecretsManagerArn` is given
   */
  readonly signInFromSecretsManager?: Flag;
  /**
   * Switch of the client secret access (a Terraform expression in the registry module: the sign-in mode).
   * @default true when a client secret reference is given
   */
  readonly signInEnabled?: Flag;
  /**
   * Name prefix of the Secrets Manager secrets offered as Jenkins credentials.
   * @default - no access to Secrets Manager credentials
   */
  readonly credentialsSecretNamePrefix?: string;
  /**
   * Tag key (and `credentialsTagValue`) a credential secret must carry.
   * @default - no tag condition
   */
  readonly credentialsTagKey?: string;
  /**
   * Tag value a credential secret must carry.
   * @default - no tag condition
   */
  readonly credentialsTagValue?: string;
  /**
   * KMS keys of the credential secrets.
   * @default - any key of the account, through Secrets Manager, for the prefixed secrets only
   */
  readonly credentialsKmsKeyArns?: string[];
  /**
   * Switch of the build credentials (a Terraform expression in the registry module).
   * @default true when `credentialsSecretNamePrefix` is given
   */
  readonly credentialsEnabled?: Flag;
}

/**
 * The AWS side of "ready for a team on day one": the execution role's access to the
 * OpenID Connect client secret (an ECS secret of the controller) and the task role's access to
 * the Secrets Manager build credentials. The JCasC side is lib/constructs/controller/jcasc-team.ts.
 */
export class TeamAccess extends Construct {
  /** Client secret access, with an identity provider. */
  public readonly signInSecret?: SignInSecretAccess;
  /** Build credentials access, when enabled. */
  public readonly buildCredentials?: BuildCredentialsAccess;
  /** ECS secrets the controller container gets (each while its `enabled` holds). */
  public readonly containerSecrets: { readonly name: string; readonly valueFrom: string; readonly enabled: Flag }[] = [];
  /** Inline policies the controller service must wait for. */
  public readonly rolePolicies: IamRolePolicy[] = [];

  constructor(scope: Construct, id: string, props: TeamAccessProps) {
    super(scope, id);
    const where = { partition: props.partition, region: props.region, accountId: props.accountId, dnsSuffix: props.dnsSuffix };
    if ((props.signInSecretsManagerArn !== undefined || props.signInSsmParameter !== undefined) && props.signInEnabled !== false) {
      this.signInSecret = new SignInSecretAccess(this, "SignInSecret", {
        ...where,
        executionRoleName: props.executionRoleName,
        environmentName: TEAM_JCASC_ENV.oidcClientSecret,
        secretsManagerArn: props.signInSecretsManagerArn,
        jsonKey: props.signInSecretJsonKey,
        ssmParameter: props.signInSsmParameter,
        fromSecretsManager: props.signInFromSecretsManager,
        enabled: props.signInEnabled,
      });
      this.containerSecrets.push(this.signInSecret.containerSecret);
      this.rolePolicies.push(this.signInSecret.rolePolicy);
    }
    if (props.credentialsSecretNamePrefix !== undefined && props.credentialsEnabled !== false) {
      this.buildCredentials = new BuildCredentialsAccess(this, "BuildCredentials", {
        ...where,
        enabled: props.credentialsEnabled,
        roleName: props.taskRoleName,
        secretNamePrefix: props.credentialsSecretNamePrefix,
        tagKey: props.credentialsTagKey,
        tagValue: props.credentialsTagValue,
        kmsKeyArns: props.credentialsKmsKeyArns,
      });
      this.rolePolicies.push(this.buildCredentials.rolePolicy);
    }
  }
}

/** The settings-dependent props of {@link TeamAccess} from the stack's configuration. */
export function teamAccessSettings(
  config: JenkinsConfig,
): Omit<TeamAccessProps, "executionRoleName" | "taskRoleName" | "partition" | "region" | "accountId" | "dnsSuffix"> {
  const oidc = resolvedOidc(config.auth);
  const sm = config.credentials.secretsManager;
  return {
    signInSecretsManagerArn: oidc?.clientSecret.secretsManagerArn,
    signInSecretJsonKey: oidc?.clientSecret.jsonKey,
    signInSsmParameter: oidc?.clientSecret.ssmParameter,
    credentialsSecretNamePrefix: sm.enabled ? sm.namePrefix : undefined,
    credentialsTagKey: sm.enabled ? sm.tag?.key : undefined,
    credentialsTagValue: sm.enabled ? sm.tag?.value : undefined,
    credentialsKmsKeyArns: sm.enabled && sm.kmsKeyArns.length > 0 ? sm.kmsKeyArns : undefined,
  };
}
