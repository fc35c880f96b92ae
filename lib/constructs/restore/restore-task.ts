import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { ecsExecutionTrust, ecsTasksTrust } from "../agents/agent-clusters";
import { AwsEnvironment } from "../foundation/aws-environment";
import {
  DEFAULT_JENKINS_HOME_PATH,
  EFS_ROOT_MOUNT,
  JENKINS_OWNER,
  RESTORE_CONTAINER,
  RESTORE_ENV,
  restoreTaskFamily,
  restoreTaskRoleName,
} from "../../restore/contract";
import { COPY_SCRIPT } from "../../restore/copy-script";
import { IamRoleSettings, roleArguments, roleArn } from "../foundation/iam-role-settings";

/**
 * Image of the copy task: Alpine (busybox `sh`, `cp -a`, `stat`, `chown`; ~3.5 MB) from the
 * Docker official-images mirror on Amazon ECR Public, so Fargate pulls it without Docker Hub's
 * anonymous rate limits and without an ECR repository of our own.
 */
export const RESTORE_IMAGE = "public.ecr.aws/docker/library/alpine:3.20";

/** Name of the task definition's volume holding the file-system root. */
export const RESTORE_VOLUME = "efs-root";

/** Props of {@link RestoreTask}. */
export interface RestoreTaskProps {
  /** Prefix of names: family `<prefix>-restore`, roles `<prefix>-restore-task` and `<prefix>-restore-execution`. */
  readonly namePrefix: string;
  /** Account, region and partition of the stack. */
  readonly env: AwsEnvironment;
  /** JENKINS_HOME's EFS file system (the task mounts its root). */
  readonly fileSystemId: string;
  /** Its ARN (the task role's EFS permissions). */
  readonly fileSystemArn: string;
  /** Log group the copy task writes to (stream prefix `restore`), e.g. the controller's `/<prefix>/controller`. */
  readonly logGroupName: string;
  /**
   * JENKINS_HOME relative to the file-system root: the root directory of the controller's
   * access point.
   * @default "/jenkins-home"
   */
  readonly jenkinsHomePath?: string;
  /**
   * Task role. It must be allowed to mount the file-system root with root access
   * (elasticfilesystem:ClientMount, ClientWrite, ClientRootAccess) by IAM and by the
   * file-system policy.
   * @default - a role `<prefix>-restore-task` with exactly those permissions on this file system
   */
  readonly taskRoleArn?: string;
  /**
   * Execution role (image pull from ECR Public needs no permission; logs do).
   * @default - a role `<prefix>-restore-execution` that may write to `logGroupName` only
   */
  readonly executionRoleArn?: string;
  /**
   * Fargate CPU units of the copy task.
   * @default 512
   */
  readonly cpu?: number;
  /**
   * Fargate memory (MiB) of the copy task; must fit `cpu`.
   * @default 1024
   */
  readonly memory?: number;
  /**
   * Image with a POSIX `sh`, `cp -a`, `stat -c`, `chown` and `mv`.
   * @default RESTORE_IMAGE (Alpine 3.20 from ECR Public)
   */
  readonly image?: string;
  /**
   * Permissions boundary and path of the roles created here (one object for every role of the stack).
   * @default - no boundary, path `/`
   */
  readonly iamRoles?: IamRoleSettings;
}

/**
 * The task definition the restore command (scripts/restore.ts) runs once per in-place restore
 * to put AWS Backup's restored files in place: Fargate, awsvpc, the EFS file system's root
 * mounted at /mnt/efs with IAM authorization and TLS (not the controller's access point: the
 * restored files sit beside JENKINS_HOME in `aws-backup-restore_<datetime>`), running
 * {@link COPY_SCRIPT} as root so it can read the restored tree and hand it to uid/gid 1000.
 * The restore passes the restore job (`RESTORE_ID`) and the restore directory (`RESTORE_DIR`,
 * or `auto` with a time window) as environment overrides at RunTask time.
 *
 * The file-system policy of JenkinsHomeStorage lets only the access point mount; the stack must
 * pass this task role to its `rootAccessRoleArns` (see {@link restoreTaskRoleArn}).
 */
export class RestoreTask extends Construct {
  /** The task definition (family `<prefix>-restore`). */
  public readonly taskDefinition: EcsTaskDefinition;
  /** Its family. */
  public readonly family: string;
  /** The task role created here, unless `taskRoleArn` was given. */
  public readonly taskRole?: IamRole;
  /** The execution role created here, unless `executionRoleArn` was given. */
  public readonly executionRole?: IamRole;
  /** The container definitions (object form, for tests). */
  public readonly containerDefinitions: Record<string, unknown>[];
  /** Inline policies of the roles created here (RunTask must not start before they exist). */
  public readonly rolePolicies: IamRolePolicy[] = [];

  constructor(scope: Construct, id: string, props: RestoreTaskProps) {
    super(scope, id);
    const name = props.namePrefix;
    const env = props.env;
    this.family = restoreTaskFamily(name);
    const homePath = props.jenkinsHomePath ?? DEFAULT_JENKINS_HOME_PATH;
    const homeDir = homePath.replace(/^\/+|\/+$/g, "");
    if (!/^[A-Za-z0-9._-]+$/.test(homeDir) || homeDir === "." || homeDir === "..") {
      throw new Error(`RestoreTask: jenkinsHomePath must be one directory below the file-system root, like /jenkins-home; got "${homePath}"`);
    }

    let taskRoleArn = props.taskRoleArn;
    if (!taskRoleArn) {
      const role = new IamRole(this, "TaskRole", {
        name: restoreTaskRoleName(name),
        description: "Jenkins restore copy task: mounts the JENKINS_HOME file-system root with root access",
        assumeRolePolicy: ecsTasksTrust(this, "TaskTrust", env).json,
        ...roleArguments(props.iamRoles),
      });
      const policy = new DataAwsIamPolicyDocument(this, "TaskPolicy", {
        statement: [
          {
            sid: "MountFileSystemRoot",
            effect: "Allow",
            actions: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"],
            resources: [props.fileSystemArn],
            condition: [{ test: "Bool", variable: "elasticfilesystem:AccessedViaMountTarget", values: ["true"] }],
          },
        ],
      });
      this.rolePolicies.push(new IamRolePolicy(this, "TaskRolePolicy", { name: "restore-task", role: role.id, policy: policy.json }));
      this.taskRole = role;
      taskRoleArn = role.arn;
    }

    let executionRoleArn = props.executionRoleArn;
    if (!executionRoleArn) {
      const role = new IamRole(this, "ExecutionRole", {
        name: `${name}-restore-execution`,
        description: "ECS agent for the Jenkins restore copy task: logs",
        assumeRolePolicy: ecsExecutionTrust(this, "ExecutionTrust").json,
        ...roleArguments(props.iamRoles),
      });
      const policy = new DataAwsIamPolicyDocument(this, "ExecutionPolicy", {
        statement: [
          {
            sid: "WriteLogs",
            effect: "Allow",
            actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
            resources: [`${env.arn("logs", `log-group:${props.logGroupName}`)}:*`],
          },
        ],
      });
      this.rolePolicies.push(new IamRolePolicy(this, "ExecutionRolePolicy", { name: "restore-execution", role: role.id, policy: policy.json }));
      this.executionRole = role;
      executionRoleArn = role.arn;
    }

    const environment: Record<string, string> = {
      [RESTORE_ENV.efsRoot]: EFS_ROOT_MOUNT,
      [RESTORE_ENV.homeDir]: homeDir,
      [RESTORE_ENV.uid]: String(JENKINS_OWNER),
      [RESTORE_ENV.gid]: String(JENKINS_OWNER),
      [RESTORE_ENV.dir]: "auto",
    };
    this.containerDefinitions = [
      {
        name: RESTORE_CONTAINER,
        image: props.image ?? RESTORE_IMAGE,
        essential: true,
        command: ["/bin/sh", "-c", COPY_SCRIPT],
        // Root inside the container, and root on EFS through ClientRootAccess: it reads the
        // restored tree whatever its modes and hands the copy to uid/gid 1000 with chown.
        user: "0:0",
        environment: Object.keys(environment)
          .sort()
          .map((k) => ({ name: k, value: environment[k] })),
        mountPoints: [{ sourceVolume: RESTORE_VOLUME, containerPath: EFS_ROOT_MOUNT, readOnly: false }],
        // It writes only to EFS.
        readonlyRootFilesystem: true,
        privileged: false,
        logConfiguration: {
          logDriver: "awslogs",
          options: { "awslogs-group": props.logGroupName, "awslogs-region": env.region, "awslogs-stream-prefix": "restore" },
        },
      },
    ];

    this.taskDefinition = new EcsTaskDefinition(this, "TaskDefinition", {
      family: this.family,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(props.cpu ?? 512),
      memory: String(props.memory ?? 1024),
      executionRoleArn,
      taskRoleArn,
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      containerDefinitions: JSON.stringify(this.containerDefinitions),
      volume: [
        {
          name: RESTORE_VOLUME,
          efsVolumeConfiguration: {
            fileSystemId: props.fileSystemId,
            rootDirectory: "/",
            transitEncryption: "ENABLED",
            authorizationConfig: { iam: "ENABLED" },
          },
        },
      ],
    });
  }
}

/**
 * ARN of the task role {@link RestoreTask} creates, known before the construct exists (the
 * file-system policy of JenkinsHomeStorage is built first and must name it).
 */
export function restoreTaskRoleArn(env: AwsEnvironment, namePrefix: string, iamRoles?: IamRoleSettings): string {
  return roleArn(env, iamRoles, restoreTaskRoleName(namePrefix));
}
