/**
 * Every deliberate exception to the policy pack, one entry per check, resource type and
 * construct-path pattern, each with the reason it is acceptable. The repository's
 * `.checkov.yaml` is generated from this list (`--write-checkov-config` of
 * lib/policy/scan-cli.ts) and a test fails when the two disagree.
 *
 * Add an entry only for a design decision, never to silence a real gap: fix the construct
 * instead. Patterns are globs (`*` = any characters, `/` included) over construct paths
 * relative to the stack root, e.g. `SecurityGroups/AlbIngress80*`: cdktf's metadata path
 * without the stack id (`jenkins/SecurityGroups/AlbIngress80From0` in the stack), which the
 * registry module carries as `"//": "construct: SecurityGroups/AlbIngress80"`. One entry
 * therefore covers the `jenkins` stack and the module (lib/module), whose logical ids differ.
 */
import type { Suppression } from "./types";

const KEY_POLICY =
  'A KMS key policy, not an identity policy: Resource "*" in a key policy means this key only. The statements are the account root (so IAM policies can grant use) and the service principals that must use the key; checkov cannot tell key policies from identity policies.';

const STATE_BUCKET = "StateBucket/Bucket";
/** The build-context bucket of every image the stack builds (controller: `Image/...`, agents: `AgentImages/<image>/...`). */
const IMAGE_SOURCES_BUCKET = "*Image*/Sources/Bucket";

export const SUPPRESSIONS: readonly Suppression[] = [
  // --- S3 -------------------------------------------------------------------------------
  {
    checkId: "CKV_AWS_18",
    resourceType: "aws_s3_bucket",
    path: STATE_BUCKET,
    reason:
      "Server access logs need a second bucket the state stack does not own; set state.accessLogBucket to turn them on. Every state change is also kept as an object version.",
  },
  {
    checkId: "CKV_AWS_18",
    resourceType: "aws_s3_bucket",
    path: IMAGE_SOURCES_BUCKET,
    reason:
      "Holds only the generated, content-addressed build context of an image the stack builds (controller or agent), written by Terraform and read by CodeBuild, expiring after 30 days; access logs would record only our own deploys.",
  },
  {
    checkId: "CKV_AWS_144",
    resourceType: "aws_s3_bucket",
    path: STATE_BUCKET,
    reason:
      "Replication needs a bucket and KMS key in a second region; the state is protected by versioning (old versions kept 90 days), SSE-KMS, a TLS-only policy and no force_destroy. Replicate outside the stack if a regional outage must not block deploys.",
  },
  {
    checkId: "CKV_AWS_144",
    resourceType: "aws_s3_bucket",
    path: IMAGE_SOURCES_BUCKET,
    reason: "The build context is regenerated from the repository on every synth; losing the bucket loses nothing.",
  },
  {
    checkId: "CKV2_AWS_62",
    resourceType: "aws_s3_bucket",
    path: STATE_BUCKET,
    reason: "Nothing consumes object events of the state bucket; writes are serialized by the lock and kept as versions.",
  },
  {
    checkId: "CKV2_AWS_62",
    resourceType: "aws_s3_bucket",
    path: IMAGE_SOURCES_BUCKET,
    reason: "The image build step starts CodeBuild explicitly; nothing consumes object events.",
  },
  // --- KMS key policies -------------------------------------------------------------------
  { checkId: "CKV_AWS_109", resourceType: "data.aws_iam_policy_document", path: "*Key/Policy", reason: KEY_POLICY },
  { checkId: "CKV_AWS_111", resourceType: "data.aws_iam_policy_document", path: "*Key/Policy", reason: KEY_POLICY },
  { checkId: "CKV_AWS_356", resourceType: "data.aws_iam_policy_document", path: "*Key/Policy", reason: KEY_POLICY },
  // --- Load balancer and security groups --------------------------------------------------
  {
    checkId: "CKV_AWS_91",
    resourceType: "aws_alb",
    path: "LoadBalancer/Alb",
    reason: "ALB access logs need a bucket with the ELB log-delivery policy, which the stack does not own; set loadBalancer.accessLogsBucket to turn them on.",
  },
  {
    checkId: "CKV2_AWS_28",
    resourceType: "aws_alb",
    path: "LoadBalancer/Alb",
    reason:
      "WAF is an opt-in cost: Jenkins authenticates every request, the listener speaks only TLS 1.2+, and loadBalancer.allowedCidrs (or internal = true) limits who reaches it. Associate a web ACL if the ALB faces the whole internet.",
  },
  {
    checkId: "CKV_AWS_260",
    resourceType: "aws_vpc_security_group_ingress_rule",
    path: "SecurityGroups/AlbIngress80*",
    reason: "Port 80 is open only so browsers reach the HTTP listener, whose single action is a 301 redirect to HTTPS (CKV_AWS_2 and CKV2_AWS_20 hold).",
  },
  {
    checkId: "aws-ec2-no-public-ingress-sgr",
    resourceType: "aws_vpc_security_group_ingress_rule",
    path: "SecurityGroups/AlbIngress*",
    reason:
      "The ALB is the public entry point: 443, and 80 for the redirect, from loadBalancer.allowedCidrs (narrow them to office/VPN ranges where possible). No other group accepts public traffic.",
  },
  {
    checkId: "CKV_AWS_382",
    resourceType: "aws_vpc_security_group_egress_rule",
    path: "SecurityGroups/AgentsOut",
    reason:
      "Build agents fetch sources, dependencies and images from arbitrary hosts and ports (git over SSH/HTTPS, package and container registries); limiting them breaks ordinary builds. Agents accept no inbound traffic.",
  },
  {
    checkId: "CKV2_AWS_5",
    resourceType: "aws_security_group",
    path: "SecurityGroups/Agents",
    reason: "Attached at run time: the amazon-ecs plugin launches agent tasks with this group, whose id reaches JCasC through the controller's environment.",
  },
  // --- ECS --------------------------------------------------------------------------------
  {
    checkId: "CKV_AWS_336",
    resourceType: "aws_ecs_task_definition",
    path: "Controller/TaskDefinition",
    reason:
      "Jenkins writes outside JENKINS_HOME (plugin extraction, /tmp, the war cache, the JCasC file the entry point writes); a read-only root would need each path on a volume. The container runs as uid 1000, unprivileged, with an init process.",
  },
  // --- CloudWatch Logs retention ------------------------------------------------------------
  {
    checkId: "CKV_AWS_338",
    resourceType: "aws_cloudwatch_log_group",
    path: "ControllerLogs",
    reason:
      "Controller logs are kept 30 days by default (controller.logRetentionDays) to keep cost in line with their diagnostic value; set 365 or more where compliance needs a year.",
  },
  {
    checkId: "CKV_AWS_338",
    resourceType: "aws_cloudwatch_log_group",
    path: "Agents/LogGroup",
    reason: "Agent container logs are kept 14 days by default (agents.logRetentionDays); build logs themselves live in JENKINS_HOME, which AWS Backup keeps.",
  },
  {
    checkId: "CKV_AWS_338",
    resourceType: "aws_cloudwatch_log_group",
    path: "*Image*/BuildLogs",
    reason: "CodeBuild logs of an image build (controller or agent), kept 30 days; the image is content-addressed and can be rebuilt at any time.",
  },
  {
    checkId: "CKV_AWS_338",
    resourceType: "aws_cloudwatch_log_group",
    path: "Network/FlowLogGroup",
    reason: "VPC flow logs are kept 90 days by default (network.flowLogRetentionDays); set 365 or more for a year of network forensics.",
  },
  // --- IAM trust ---------------------------------------------------------------------------
  {
    checkId: "SJ_AWS_IAM_TRUST_SOURCE_CONDITION",
    resourceType: "aws_iam_role",
    path: "*/ExecutionRole",
    reason:
      "ECS task execution roles are assumed by the ECS agent, which documents aws:SourceAccount/aws:SourceArn only for task roles; a condition here could stop every task from starting. iam:PassRole (scoped to these roles) limits who can hand them to ECS; the task roles keep both conditions.",
  },
  {
    checkId: "SJ_AWS_IAM_TRUST_SOURCE_CONDITION",
    resourceType: "aws_iam_role",
    path: "Backup/Role",
    reason:
      "AWS Backup does not document sending aws:SourceAccount/aws:SourceArn when it assumes its service role; a condition could make every backup job fail with 'role cannot be assumed'. Only the stack's backup selection passes this role.",
  },
  // --- CodeBuild --------------------------------------------------------------------------
  {
    checkId: "CKV_AWS_316",
    resourceType: "aws_codebuild_project",
    path: "*Image*/Project",
    reason:
      "docker build needs privileged mode (Docker-in-Docker). Each project (controller or agent image) runs only the fixed buildspec on the generated context from the stack's private bucket, and its role may only push to its own repository, pull its ECR base image if any, and write its own logs.",
  },
];
