import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsEnvironment } from "../foundation/aws-environment";
import { bareServiceTrustPolicy, serviceTrustPolicy } from "../foundation/service-trust";
import { Fn, Token } from "../../cdktf-core";
import { Flag, isKnown, iterateMap, switchOn, when } from "../foundation/inputs";
import { agentTaskRoleName } from "../controller/jcasc";
import { IamRoleSettings, roleArguments, roleArn } from "../foundation/iam-role-settings";

/** The two kinds of agent capacity. */
export type AgentCapacity = "FARGATE" | "FARGATE_SPOT";

/** An ECS cluster for agents and the capacity provider its tasks use. */
export interface AgentCluster {
  /** `FARGATE` or `FARGATE_SPOT`. */
  readonly capacityProvider: AgentCapacity;
  /** Name of the Jenkins cloud that launches into it (`fargate` or `fargate-spot`). */
  readonly cloudName: string;
  /** The cluster. */
  readonly cluster: EcsCluster;
}

/** Props of {@link AgentClusters}. */
export interface AgentClustersProps {
  /** Create the FARGATE_SPOT cluster (cloud `fargate-spot`). */
  readonly spotCluster: Flag;
  /** Retention of the agent log group in days. */
  readonly logRetentionDays: number;
  /**
   * IAM policy (JSON) per template label, for templates whose builds get their own task role;
   * a map known at synth or a Terraform map.
   * @default - no template has a task role
   */
  readonly taskPolicies?: Record<string, string>;
  /** Prefix of names. */
  readonly namePrefix: string;
  /** Account/region of the stack. */
  readonly env: AwsEnvironment;
  /** KMS key of the agent log group. */
  readonly logKmsKeyArn: string;
  /**
   * ECR repositories agent tasks pull from (the execution role may pull exactly these). An
   * empty list with no `pullThroughCacheRepositoryArns` leaves ECR out of the role entirely.
   * @default - every repository of the account and region (`repository/*`)
   */
  readonly pullRepositoryArns?: string[];
  /**
   * Repositories an ECR pull-through cache creates on first pull: the execution role may also
   * `ecr:CreateRepository` and `ecr:BatchImportUpstreamImage` there.
   * @default - none
   */
  readonly pullThroughCacheRepositoryArns?: string[];
  /**
   * Permissions boundary and path of the roles created here (one object for every role of the stack).
   * @default - no boundary, path `/`
   */
  readonly iamRoles?: IamRoleSettings;
  /**
   * Whether those cache rights apply: a Terraform switch where the image source is a variable
   * (the registry module); the rights then come in a policy of their own with a `count`.
   * @default true
   */
  readonly pullThroughCache?: Flag;
}

/**
 * Trust policy of task roles (what the containers may do): ECS sends aws:SourceAccount and
 * aws:SourceArn when tasks assume them, so both are required.
 */
export function ecsTasksTrust(scope: Construct, id: string, env: AwsEnvironment): DataAwsIamPolicyDocument {
  return serviceTrustPolicy(scope, id, env, "ecs-tasks.amazonaws.com", [{ test: "ArnLike", variable: "aws:SourceArn", values: [env.arn("ecs", "*")] }]);
}

/** Trust policy of task execution roles (the ECS agent pulling images, writing logs). */
export function ecsExecutionTrust(scope: Construct, id: string): DataAwsIamPolicyDocument {
  return bareServiceTrustPolicy(scope, id, "ecs-tasks.amazonaws.com");
}

/**
 * Where build agents run: two ECS clusters, one whose default (and only) capacity provider is
 * FARGATE and one with FARGATE_SPOT, so a template on the spot cloud really runs on Spot even
 * if a request carried no strategy. Also the agents' execution role, log group and one task
 * role per template that brings its own IAM policy (different AWS permissions per label).
 */
export class AgentClusters extends Construct {
  /** The on-demand cluster (cloud `fargate`). */
  public readonly fargate: AgentCluster;
  /** The Spot cluster (cloud `fargate-spot`), unless `spotCluster` is false. */
  public readonly spot?: AgentCluster;
  /** Execution role of every agent task (image pull, logs). */
  public readonly executionRole: IamRole;
  /** Log group of the agents. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The task roles, one per entry of `taskPolicies` (`for_each` over the labels). */
  public readonly taskRoles: IamRole;
  /** The task roles' inline policies (`for_each` over the labels). */
  public readonly taskRolePolicies: IamRolePolicy;
  /** ARN of the task role per label, for labels known at synth. */
  public readonly taskRoleArns: Record<string, string> = {};
  /** ARNs of every role the controller may pass to agent tasks. */
  public readonly passableRoleArns: string[];
  /** ARNs of the agent clusters (the spot one only if it exists). */
  public readonly clusterArns: string[];
  /** The execution role's policy document. */
  public readonly executionPolicy: DataAwsIamPolicyDocument;

  constructor(scope: Construct, id: string, props: AgentClustersProps) {
    super(scope, id);
    const name = props.namePrefix;
    const makeCluster = (cid: string, capacityProvider: AgentCapacity, cloudName: string, suffix: string, flag: Flag): AgentCluster => {
      const cluster = switchOn(
        new EcsCluster(this, cid, {
          name: `${name}-agents-${suffix}`,
          setting: [{ name: "containerInsights", value: "enabled" }],
        }),
        flag,
      );
      switchOn(
        new EcsClusterCapacityProviders(this, `${cid}CapacityProviders`, {
          clusterName: cluster.name,
          capacityProviders: [capacityProvider],
          defaultCapacityProviderStrategy: [{ capacityProvider, base: 0, weight: 1 }],
        }),
        flag,
      );
      return { capacityProvider, cloudName, cluster };
    };
    this.fargate = makeCluster("FargateCluster", "FARGATE", "fargate", "fargate", true);
    this.spot = when(props.spotCluster, () => makeCluster("SpotCluster", "FARGATE_SPOT", "fargate-spot", "fargate-spot", props.spotCluster));
    this.clusterArns = !this.spot
      ? [this.fargate.cluster.arn]
      : isKnown(props.spotCluster)
        ? [this.fargate.cluster.arn, this.spot.cluster.arn]
        : Token.asList(Fn.compact([this.fargate.cluster.arn, this.spot.cluster.arn]));

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `/${name}/agents`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
    });

    const trust = ecsTasksTrust(this, "TasksTrust", props.env);
    this.executionRole = new IamRole(this, "ExecutionRole", {
      name: `${name}-agent-execution`,
      description: "Pulls agent images and writes agent logs",
      assumeRolePolicy: ecsExecutionTrust(this, "ExecutionTrust").json,
      ...roleArguments(props.iamRoles),
    });
    const pull = props.pullRepositoryArns ?? [props.env.arn("ecr", "repository/*")];
    const cache = props.pullThroughCacheRepositoryArns ?? [];
    const execStatements: DataAwsIamPolicyDocumentStatement[] = [];
    if (pull.length > 0 || cache.length > 0) {
      execStatements.push({ sid: "EcrAuth", effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] });
    }
    if (pull.length > 0) {
      execStatements.push({
        sid: "PullPrivateAgentImages",
        effect: "Allow",
        actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        resources: pull,
      });
    }
    // A pull through the cache imports the upstream image, and creates its repository first.
    const fillCache: DataAwsIamPolicyDocumentStatement = {
      sid: "FillPullThroughCache",
      effect: "Allow",
      actions: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
      resources: cache,
    };
    const cacheSwitch = cache.length > 0 ? (props.pullThroughCache ?? true) : false;
    if (cacheSwitch === true) execStatements.push(fillCache);
    execStatements.push({
      sid: "WriteAgentLogs",
      effect: "Allow",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [`${this.logGroup.arn}:*`],
    });
    const exec = new DataAwsIamPolicyDocument(this, "ExecutionPolicy", { statement: execStatements });
    this.executionPolicy = exec;
    new IamRolePolicy(this, "ExecutionRolePolicy", { name: "pull-and-log", role: this.executionRole.id, policy: exec.json });
    if (cacheSwitch !== true && cacheSwitch !== false) {
      const doc = switchOn(new DataAwsIamPolicyDocument(this, "PullThroughCachePolicy", { statement: [fillCache] }), cacheSwitch);
      switchOn(
        new IamRolePolicy(this, "PullThroughCacheRolePolicy", { name: "pull-through-cache", role: this.executionRole.id, policy: doc.json }),
        cacheSwitch,
      );
    }

    // One task role per label with a policy; `for_each` keys are the labels, so the role of a
    // label keeps its address when other templates come and go.
    const policies = iterateMap(props.taskPolicies ?? {});
    this.taskRoles = new IamRole(this, "TaskRole", {
      forEach: policies,
      name: agentTaskRoleName(name, policies.key),
      description: `AWS permissions of builds on the Jenkins label ${policies.key}`,
      assumeRolePolicy: trust.json,
      ...roleArguments(props.iamRoles),
    });
    const rolePolicies = iterateMap(props.taskPolicies ?? {});
    this.taskRolePolicies = new IamRolePolicy(this, "TaskRolePolicy", {
      forEach: rolePolicies,
      name: "template-policy",
      role: `\${${this.taskRoles.fqn}[each.key].id}`,
      policy: rolePolicies.value,
    });
    if (isKnown(props.taskPolicies)) {
      for (const label of Object.keys(props.taskPolicies ?? {})) this.taskRoleArns[label] = `\${${this.taskRoles.fqn}[${JSON.stringify(label)}].arn}`;
    }
    this.passableRoleArns = isKnown(props.taskPolicies)
      ? [this.executionRole.arn, ...Object.values(this.taskRoleArns)]
      : Token.asList(`\${concat([${this.executionRole.fqn}.arn], [for r in ${this.taskRoles.fqn} : r.arn])}`);
  }

  /** Both clusters (the spot one only if created). */
  public get all(): AgentCluster[] {
    return this.spot ? [this.fargate, this.spot] : [this.fargate];
  }

  /** `arn:...:role<path><prefix>-agent-`: a label completes the ARN of its task role. */
  public static taskRoleArnPrefix(env: AwsEnvironment, namePrefix: string, iamRoles?: IamRoleSettings): string {
    return roleArn(env, iamRoles, `${namePrefix}-agent-`);
  }
}
