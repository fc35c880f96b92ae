/**
 * The inputs of {@link ServerlessJenkins} (serverless-jenkins.ts): plain values from vars.json
 * (the `jenkins` stack) or Terraform references (the registry module), and the parts a caller
 * builds itself (network, images) as they are handed in.
 */
import type { Construct } from "constructs";
import type { ITerraformDependable } from "../cdktf-core";
import type { JenkinsAlertsProps } from "../constructs/alerts/jenkins-alerts";
import type { JenkinsBackupProps } from "../constructs/backup/jenkins-backup";
import type { AdminPasswordProps } from "../constructs/controller/admin-password";
import type { ControllerServiceProps } from "../constructs/controller/controller-service";
import type { AwsEnvironment } from "../constructs/foundation/aws-environment";
import type { IamRoleSettings } from "../constructs/foundation/iam-role-settings";
import type { Flag } from "../constructs/foundation/inputs";
import type { JenkinsLoadBalancerProps } from "../constructs/load-balancer/jenkins-load-balancer";
import type { JenkinsHomeStorageProps } from "../constructs/storage/jenkins-home-storage";
import type { TeamAccessProps } from "../constructs/auth/team-access";

/** The VPC and subnets Jenkins runs in (created by the stack's Network, or brought). */
export interface JenkinsNetworkInput {
  readonly vpcId: string;
  /** Private subnets: controller, agents, EFS mount targets (at least two AZs). */
  readonly privateSubnetIds: string[];
  /** Public subnets of an internet-facing ALB. */
  readonly publicSubnetIds: string[];
  /**
   * Security groups attached besides the stack's own (issue 16, enterprise hooks), per part.
   * @default - none
   */
  readonly additionalSecurityGroupIds?: AdditionalSecurityGroupIds;
}

/** Extra security groups per part (values, or Terraform lists in the registry module). */
export interface AdditionalSecurityGroupIds {
  /** The controller service's tasks. @default - none */
  readonly controller?: string[];
  /** Agent tasks (the amazon-ecs plugin's network configuration, through JCasC). @default - none */
  readonly agents?: string[];
  /** The ALB. @default - none */
  readonly loadBalancer?: string[];
}

/** Agent images as built, mirrored or brought by the caller (lib/constructs/agents/agent-images.ts). */
export interface AgentImagesInput {
  /** The default agent image as agents pull it. */
  readonly defaultImageUri: string;
  /** ECR repositories the agents' execution role may pull from. */
  readonly pullRepositoryArns: string[];
  /** Pull-through-cache repositories the execution role may fill. */
  readonly pullThroughCacheRepositoryArns: string[];
  /** Whether the cache is in use (a Terraform switch in the registry module). @default true */
  readonly pullThroughCache?: Flag;
  /** JCasC placeholders of the images (env var -> image reference). */
  readonly imageEnvironment: Record<string, string>;
  /** What must exist before the images can be pulled. */
  readonly buildSteps: ITerraformDependable[];
}

/** The controller image as built or brought by the caller. */
export interface JenkinsImageInput {
  /** Image reference for the task definition. */
  readonly imageUri: string;
  /** ECR repository the controller's execution role may pull from. @default - none */
  readonly repositoryArn?: string;
  /** URL of that repository. @default - none */
  readonly repositoryUrl?: string;
  /** ECR repositories the controller's execution role may pull from (own, or a prebuilt image's). @default - repositoryArn */
  readonly pullRepositoryArns?: string[];
  /** What must exist before the image can be pulled (build steps). @default [] */
  readonly buildSteps?: ITerraformDependable[];
}

/** What may destroy JENKINS_HOME and its backups (config `dataProtection`). */
export interface DataProtectionInput {
  /**
   * Let Terraform destroy or replace the file system, its access point and the backup vault
   * (no `prevent_destroy`). Static: Terraform's lifecycle takes no expressions.
   * @default false
   */
  readonly allowDestroy?: boolean;
  /**
   * Teardown mode: a destroy deletes images in the ECR repositories, recovery points in the
   * vault and instances in the Cloud Map service instead of stopping at them.
   * @default false
   */
  readonly forceDestroy?: Flag;
}

/**
 * Every input of {@link ServerlessJenkins}: plain values from vars.json (the `jenkins` stack)
 * or Terraform references (the registry module). Nothing here is a configuration slice, so a
 * construct cannot read a field that one of the two callers does not provide.
 */
export interface ServerlessJenkinsProps {
  /** Account, region and partition. */
  readonly env: AwsEnvironment;
  /** Prefix of every name. */
  readonly namePrefix: string;
  /**
   * Permissions boundary and path of every IAM role (the same object the caller gives the
   * roles it creates itself: network flow logs, image builds).
   * @default - no boundary, path `/`
   */
  readonly iamRoles?: IamRoleSettings;
  /**
   * A customer-provided KMS key used instead of the data key and the alerts key (logs, EFS,
   * SNS, ECR, backups, the password parameter, image builds); a Terraform expression may be null.
   * @default - the stack creates its data key and alerts key
   */
  readonly kmsKeyArn?: string;
  readonly network: JenkinsNetworkInput;
  /** CIDRs allowed to reach the ALB on 443 (and 80, redirected). */
  readonly allowedCidrs: string[];
  readonly loadBalancer: Omit<JenkinsLoadBalancerProps, "namePrefix" | "vpcId" | "subnetIds" | "securityGroupId" | "region">;
  readonly storage: Omit<
    JenkinsHomeStorageProps,
    "namePrefix" | "kmsKeyArn" | "subnetIds" | "securityGroupId" | "fileSystemArn" | "preventDestroy" | "rootAccessRoleArns"
  >;
  /**
   * Protection of JENKINS_HOME and the teardown mode.
   * @default - the file system, its access point and the backup vault are protected against destroy; no teardown mode
   */
  readonly dataProtection?: DataProtectionInput;
  /** Cloud Map private DNS namespace of the controller. */
  readonly discoveryNamespace: string;
  readonly agents: {
    readonly spotCluster: Flag;
    readonly logRetentionDays: number;
    readonly taskPolicies?: Record<string, string>;
  };
  readonly alerts: Omit<JenkinsAlertsProps, "namePrefix" | "env" | "efsThroughputMode" | "kmsKeyArn">;
  readonly controller: Omit<
    ControllerServiceProps,
    | "namePrefix"
    | "region"
    | "image"
    | "subnetIds"
    | "securityGroupId"
    | "executionRoleArn"
    | "taskRoleArn"
    | "logGroup"
    | "fileSystemId"
    | "accessPointId"
    | "passwordParameter"
    | "targetGroupArn"
    | "discoveryServiceArn"
    | "jcascYaml"
    | "jcascYamlGzipBase64"
    | "jcascEnvironment"
    | "dependsOn"
  > & {
    /** Retention of the controller log group in days. */
    readonly logRetentionDays: number;
  };
  readonly adminPassword: Omit<AdminPasswordProps, "env" | "kmsKeyArn">;
  readonly backup: Omit<
    JenkinsBackupProps,
    "namePrefix" | "env" | "iamRoles" | "kmsKeyArn" | "fileSystemArn" | "alertsTopicArn" | "preventDestroy" | "forceDestroy"
  >;
  /**
   * Agent images: the stack mirrors/builds them into ECR (issue 13).
   * @default - agents pull `defaultAgentImage` and their templates' images as written
   */
  readonly agentImages?: (scope: Construct, kmsKeyArn: string) => AgentImagesInput;
  /** The default agent image as written in the configuration (the output when agentImages is not given). */
  readonly defaultAgentImage: string;
  /**
   * VPC endpoints for image pulls and logs (off by default), given the security groups of the tasks.
   * @default - none
   */
  readonly vpcEndpoints?: (scope: Construct, clientSecurityGroupIds: string[]) => void;
  /** Builds or brings the controller image, given the data key. */
  readonly image: (scope: Construct, kmsKeyArn: string) => JenkinsImageInput;
  /**
   * Sign-in client secret and build credentials (issue 18: auth, credentials).
   * @default - local sign-in only, no build credentials from Secrets Manager
   */
  readonly team?: Omit<TeamAccessProps, "executionRoleName" | "taskRoleName" | "partition" | "region" | "accountId" | "dnsSuffix">;
  /** The JCasC YAML (a Terraform expression is fine). */
  readonly jcascYaml: string;
  /**
   * The YAML gzip-compressed and base64-encoded when only Terraform knows the YAML (the
   * registry module: `base64gzip`).
   * @default - the YAML gzip-compressed and base64-encoded at synth
   */
  readonly jcascYamlGzipBase64?: string;
}
