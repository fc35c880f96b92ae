/**
 * Test support for the policy pack: for every check, a minimal configuration that breaks it
 * (`bad`, with the address that must be reported) and a near-identical one that passes (`good`).
 */

type Body = Record<string, unknown>;
/** A Terraform JSON configuration as synthesized (resource/data/provider sections). */
export type Config = Record<string, Record<string, Record<string, Body>> | unknown>;

/** Builds a configuration from `[address, body]` pairs (`aws_x.name` or `data.aws_x.name`). */
export function tf(...entries: [string, Body][]): Config {
  const out: Record<string, Record<string, Record<string, Body>>> = {};
  for (const [address, body] of entries) {
    const parts = address.split(".");
    const [kind, type, name] = parts[0] === "data" ? ["data", parts[1], parts[2]] : ["resource", parts[0], parts[1]];
    out[kind] ??= {};
    out[kind][type] ??= {};
    out[kind][type][name] = body;
  }
  return out;
}

/** One check's fixture. */
export interface CheckFixture {
  readonly id: string;
  readonly bad: Config;
  readonly good: Config;
  /** Address the bad configuration must be reported at. */
  readonly at: string;
}

const BUCKET: [string, Body] = ["aws_s3_bucket.b", { bucket: "example" }];
const B = "${aws_s3_bucket.b.id}";
const sse = (alg: string): [string, Body] => [
  "aws_s3_bucket_server_side_encryption_configuration.e",
  { bucket: B, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: alg } }] },
];
const pab = (over: Body = {}): [string, Body] => [
  "aws_s3_bucket_public_access_block.p",
  { bucket: B, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true, ...over },
];
const doc = (...statement: Body[]): [string, Body] => ["data.aws_iam_policy_document.d", { statement }];
const DOC = "data.aws_iam_policy_document.d";
const json = (...Statement: Body[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const rolePolicy = (...statements: Body[]): [string, Body] => ["aws_iam_role_policy.p", { role: "r", policy: json(...statements) }];
const RP = "aws_iam_role_policy.p";
const allowOn = (actions: string[], resources: string[]): Body => ({ effect: "Allow", actions, resources });
const AllowOn = (Action: string[], Resource: string[]): Body => ({ Effect: "Allow", Action, Resource });
const ROLE_ARN = "arn:aws:iam::123456789012:role/app";
const containers = (...defs: Body[]) => JSON.stringify(defs.map((d) => ({ name: "app", image: "nginx", ...d })));
const task = (over: Body): [string, Body] => [
  "aws_ecs_task_definition.t",
  { family: "t", network_mode: "awsvpc", container_definitions: containers({}), ...over },
];
const TASK = "aws_ecs_task_definition.t";
const listener = (over: Body): [string, Body] => ["aws_lb_listener.l", { load_balancer_arn: "${aws_lb.a.arn}", ...over }];
const REDIRECT = [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", status_code: "HTTP_301" } }];
const codebuild = (over: Body): [string, Body] => [
  "aws_codebuild_project.c",
  { name: "c", service_role: "r", artifacts: { type: "S3", location: "bucket" }, ...over },
];
const trust = (principal: Body, extra: Body = {}) => json({ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole", ...extra });

export const CHECK_FIXTURES: CheckFixture[] = [
  // --- S3 ---
  { id: "CKV_AWS_18", at: "aws_s3_bucket.b", bad: tf(BUCKET), good: tf(BUCKET, ["aws_s3_bucket_logging.l", { bucket: B, target_bucket: "logs" }]) },
  { id: "CKV_AWS_19", at: "aws_s3_bucket.b", bad: tf(BUCKET, sse("aws:kms:dsse")), good: tf(BUCKET, sse("AES256")) },
  { id: "CKV_AWS_20", at: "aws_s3_bucket.b", bad: tf(["aws_s3_bucket.b", { acl: "public-read" }]), good: tf(["aws_s3_bucket.b", { acl: "private" }]) },
  {
    id: "CKV_AWS_57",
    at: "aws_s3_bucket.b",
    bad: tf(BUCKET, ["aws_s3_bucket_acl.a", { bucket: B, acl: "public-read-write" }]),
    good: tf(BUCKET, ["aws_s3_bucket_acl.a", { bucket: B, acl: "private" }]),
  },
  {
    id: "CKV_AWS_21",
    at: "aws_s3_bucket.b",
    bad: tf(BUCKET, ["aws_s3_bucket_versioning.v", { bucket: B, versioning_configuration: { status: "Suspended" } }]),
    good: tf(BUCKET, ["aws_s3_bucket_versioning.v", { bucket: B, versioning_configuration: { status: "Enabled" } }]),
  },
  {
    id: "CKV_AWS_144",
    at: "aws_s3_bucket.b",
    bad: tf(BUCKET),
    good: tf(BUCKET, [
      "aws_s3_bucket_replication_configuration.r",
      { bucket: B, role: ROLE_ARN, rule: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::dest" } }] },
    ]),
  },
  { id: "CKV_AWS_145", at: "aws_s3_bucket.b", bad: tf(BUCKET, sse("AES256")), good: tf(BUCKET, sse("aws:kms")) },
  { id: "CKV_AWS_53", at: "aws_s3_bucket_public_access_block.p", bad: tf(pab({ block_public_acls: false })), good: tf(pab()) },
  { id: "CKV_AWS_54", at: "aws_s3_bucket_public_access_block.p", bad: tf(pab({ block_public_policy: undefined })), good: tf(pab()) },
  { id: "CKV_AWS_55", at: "aws_s3_bucket_public_access_block.p", bad: tf(pab({ ignore_public_acls: false })), good: tf(pab()) },
  { id: "CKV_AWS_56", at: "aws_s3_bucket_public_access_block.p", bad: tf(pab({ restrict_public_buckets: false })), good: tf(pab()) },
  { id: "CKV2_AWS_6", at: "aws_s3_bucket.b", bad: tf(BUCKET, pab({ block_public_policy: false })), good: tf(BUCKET, pab()) },
  {
    id: "CKV2_AWS_61",
    at: "aws_s3_bucket.b",
    bad: tf(BUCKET),
    good: tf(BUCKET, ["aws_s3_bucket_lifecycle_configuration.l", { bucket: B, rule: [{ id: "x", status: "Enabled" }] }]),
  },
  { id: "CKV2_AWS_62", at: "aws_s3_bucket.b", bad: tf(BUCKET), good: tf(BUCKET, ["aws_s3_bucket_notification.n", { bucket: B, eventbridge: true }]) },
  {
    id: "CKV_AWS_300",
    at: "aws_s3_bucket_lifecycle_configuration.l",
    bad: tf([
      "aws_s3_bucket_lifecycle_configuration.l",
      { bucket: "x", rule: [{ id: "r", status: "Enabled", filter: [{ prefix: "logs/" }], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] }] },
    ]),
    good: tf([
      "aws_s3_bucket_lifecycle_configuration.l",
      { bucket: "x", rule: [{ id: "r", status: "Enabled", filter: [{ prefix: "" }], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] }] },
    ]),
  },
  {
    id: "CKV_AWS_70",
    at: "aws_s3_bucket_policy.p",
    bad: tf(
      BUCKET,
      doc({ effect: "Allow", principals: [{ type: "*", identifiers: ["*"] }], actions: ["s3:GetObject"], resources: ["arn:aws:s3:::example/*"] }),
      ["aws_s3_bucket_policy.p", { bucket: B, policy: "${data.aws_iam_policy_document.d.json}" }],
    ),
    good: tf(
      BUCKET,
      doc({
        effect: "Allow",
        principals: [{ type: "*", identifiers: ["*"] }],
        actions: ["s3:GetObject"],
        resources: ["arn:aws:s3:::example/*"],
        condition: [{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-abc123"] }],
      }),
      ["aws_s3_bucket_policy.p", { bucket: B, policy: "${data.aws_iam_policy_document.d.json}" }],
    ),
  },
  {
    id: "CKV_AWS_93",
    at: "aws_s3_bucket_policy.p",
    bad: tf(["aws_s3_bucket_policy.p", { bucket: "x", policy: json({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::x" }) }]),
    good: tf([
      "aws_s3_bucket_policy.p",
      {
        bucket: "x",
        policy: json({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::x", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      },
    ]),
  },
  {
    id: "SJ_AWS_S3_TLS_ONLY",
    at: "aws_s3_bucket.b",
    bad: tf(BUCKET, [
      "aws_s3_bucket_policy.p",
      { bucket: B, policy: json({ Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "s3:GetObject", Resource: "arn:aws:s3:::example/*" }) },
    ]),
    good: tf(
      BUCKET,
      doc({
        effect: "Deny",
        principals: [{ type: "*", identifiers: ["*"] }],
        actions: ["s3:*"],
        resources: ["${aws_s3_bucket.b.arn}/*"],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      }),
      ["aws_s3_bucket_policy.p", { bucket: B, policy: "${data.aws_iam_policy_document.d.json}" }],
    ),
  },
  {
    id: "SJ_AWS_S3_OWNERSHIP",
    at: "aws_s3_bucket.b",
    bad: tf(BUCKET, ["aws_s3_bucket_ownership_controls.o", { bucket: B, rule: { object_ownership: "ObjectWriter" } }]),
    good: tf(BUCKET, ["aws_s3_bucket_ownership_controls.o", { bucket: B, rule: { object_ownership: "BucketOwnerEnforced" } }]),
  },
  // --- DynamoDB ---
  {
    id: "CKV_AWS_28",
    at: "aws_dynamodb_table.t",
    bad: tf(["aws_dynamodb_table.t", { point_in_time_recovery: { enabled: false } }]),
    good: tf(["aws_dynamodb_table.t", { point_in_time_recovery: { enabled: true } }]),
  },
  {
    id: "CKV_AWS_119",
    at: "aws_dynamodb_table.t",
    bad: tf(["aws_dynamodb_table.t", { server_side_encryption: { enabled: true } }]),
    good: tf(["aws_dynamodb_table.t", { server_side_encryption: { enabled: true, kms_key_arn: "${aws_kms_key.k.arn}" } }]),
  },
  {
    id: "CKV2_AWS_16",
    at: "aws_dynamodb_table.t",
    bad: tf(["aws_dynamodb_table.t", { billing_mode: "PROVISIONED" }]),
    good: tf(
      ["aws_dynamodb_table.t", { billing_mode: "PROVISIONED" }],
      ["aws_appautoscaling_target.s", { service_namespace: "dynamodb", resource_id: "table/${aws_dynamodb_table.t.name}" }],
      ["aws_appautoscaling_policy.p", { resource_id: "${aws_appautoscaling_target.s.resource_id}" }],
    ),
  },
  {
    id: "SJ_AWS_DYNAMODB_DELETION_PROTECTION",
    at: "aws_dynamodb_table.t",
    bad: tf(["aws_dynamodb_table.t", { deletion_protection_enabled: false }]),
    good: tf(["aws_dynamodb_table.t", { deletion_protection_enabled: true }]),
  },
  // --- KMS ---
  {
    id: "CKV_AWS_7",
    at: "aws_kms_key.k",
    bad: tf(["aws_kms_key.k", { enable_key_rotation: false }]),
    good: tf(["aws_kms_key.k", { enable_key_rotation: true }]),
  },
  {
    id: "CKV_AWS_33",
    at: "aws_kms_key.k",
    bad: tf(doc({ effect: "Allow", principals: [{ type: "AWS", identifiers: ["*"] }], actions: ["kms:Decrypt"], resources: ["*"] }), [
      "aws_kms_key.k",
      { policy: "${data.aws_iam_policy_document.d.json}" },
    ]),
    good: tf(doc({ effect: "Allow", principals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }], actions: ["kms:*"], resources: ["*"] }), [
      "aws_kms_key.k",
      { policy: "${data.aws_iam_policy_document.d.json}" },
    ]),
  },
  { id: "CKV_AWS_227", at: "aws_kms_key.k", bad: tf(["aws_kms_key.k", { is_enabled: false }]), good: tf(["aws_kms_key.k", { is_enabled: true }]) },
  {
    id: "CKV2_AWS_64",
    at: "aws_kms_key.k",
    bad: tf(["aws_kms_key.k", {}]),
    good: tf(["aws_kms_key.k", { policy: json({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" }) }]),
  },
  // --- Load balancers ---
  {
    id: "CKV_AWS_2",
    at: "aws_lb_listener.l",
    bad: tf(listener({ port: 80, protocol: "HTTP", default_action: [{ type: "forward", target_group_arn: "tg" }] })),
    good: tf(listener({ port: 80, protocol: "HTTP", default_action: REDIRECT })),
  },
  {
    id: "CKV_AWS_103",
    at: "aws_lb_listener.l",
    bad: tf(listener({ port: 443, protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-2016-08" })),
    good: tf(listener({ port: 443, protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06" })),
  },
  {
    id: "CKV2_AWS_74",
    at: "aws_lb_listener.l",
    bad: tf(listener({ port: 443, protocol: "HTTPS" })),
    good: tf(listener({ port: 443, protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06" })),
  },
  { id: "CKV_AWS_91", at: "aws_lb.a", bad: tf(["aws_lb.a", {}]), good: tf(["aws_lb.a", { access_logs: { bucket: "logs", enabled: true } }]) },
  {
    id: "CKV_AWS_131",
    at: "aws_alb.a",
    bad: tf(["aws_alb.a", { load_balancer_type: "application" }]),
    good: tf(["aws_alb.a", { load_balancer_type: "application", drop_invalid_header_fields: true }]),
  },
  {
    id: "CKV_AWS_150",
    at: "aws_lb.a",
    bad: tf(["aws_lb.a", { enable_deletion_protection: false }]),
    good: tf(["aws_lb.a", { enable_deletion_protection: true }]),
  },
  {
    id: "CKV_AWS_328",
    at: "aws_lb.a",
    bad: tf(["aws_lb.a", { desync_mitigation_mode: "monitor" }]),
    good: tf(["aws_lb.a", { desync_mitigation_mode: "strictest" }]),
  },
  {
    id: "CKV2_AWS_20",
    at: "aws_lb.a",
    bad: tf(["aws_lb.a", {}], listener({ port: 80, protocol: "HTTP", default_action: [{ type: "forward", target_group_arn: "tg" }] })),
    good: tf(["aws_lb.a", {}], listener({ port: 80, protocol: "HTTP", default_action: REDIRECT })),
  },
  {
    id: "CKV2_AWS_28",
    at: "aws_lb.a",
    bad: tf(["aws_lb.a", { internal: false }]),
    good: tf(["aws_lb.a", { internal: false }], ["aws_wafv2_web_acl_association.w", { resource_arn: "${aws_lb.a.arn}", web_acl_arn: "acl" }]),
  },
  {
    id: "CKV2_AWS_76",
    at: "aws_lb.a",
    bad: tf(
      ["aws_lb.a", {}],
      ["aws_wafv2_web_acl_association.w", { resource_arn: "${aws_lb.a.arn}", web_acl_arn: "${aws_wafv2_web_acl.acl.arn}" }],
      ["aws_wafv2_web_acl.acl", { rule: [] }],
    ),
    good: tf(
      ["aws_lb.a", {}],
      ["aws_wafv2_web_acl_association.w", { resource_arn: "${aws_lb.a.arn}", web_acl_arn: "${aws_wafv2_web_acl.acl.arn}" }],
      [
        "aws_wafv2_web_acl.acl",
        {
          rule: ["AWSManagedRulesAnonymousIpList", "AWSManagedRulesKnownBadInputsRuleSet"].map((name) => ({
            name,
            statement: { managed_rule_group_statement: { name, vendor_name: "AWS" } },
          })),
        },
      ],
    ),
  },
  {
    id: "CKV_AWS_261",
    at: "aws_lb_target_group.g",
    bad: tf(["aws_lb_target_group.g", { protocol: "HTTP" }]),
    good: tf(["aws_lb_target_group.g", { protocol: "HTTP", health_check: { path: "/login" } }]),
  },
  {
    id: "CKV_AWS_378",
    at: "aws_lb_target_group.g",
    bad: tf(
      ["aws_lb_target_group.g", { protocol: "HTTP" }],
      listener({ protocol: "HTTP", default_action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.g.arn}" }] }),
    ),
    good: tf(
      ["aws_lb_target_group.g", { protocol: "HTTP" }],
      listener({ protocol: "HTTPS", default_action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.g.arn}" }] }),
    ),
  },
  // --- Security groups and network ---
  {
    id: "CKV_AWS_23",
    at: "aws_security_group.s",
    bad: tf(["aws_security_group.s", { description: "web", ingress: [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.0.0.0/8"] }] }]),
    good: tf([
      "aws_security_group.s",
      { description: "web", ingress: [{ description: "HTTPS", from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.0.0.0/8"] }] },
    ]),
  },
  {
    id: "CKV_AWS_24",
    at: "aws_security_group_rule.r",
    bad: tf(["aws_security_group_rule.r", { type: "ingress", from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }]),
    good: tf(["aws_security_group_rule.r", { type: "ingress", from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["10.0.0.0/8"] }]),
  },
  {
    id: "CKV_AWS_25",
    at: "aws_vpc_security_group_ingress_rule.r",
    bad: tf(["aws_vpc_security_group_ingress_rule.r", { from_port: 3389, to_port: 3389, ip_protocol: "tcp", cidr_ipv4: "0.0.0.0/0" }]),
    good: tf(["aws_vpc_security_group_ingress_rule.r", { from_port: 3389, to_port: 3389, ip_protocol: "tcp", referenced_security_group_id: "sg-0123" }]),
  },
  {
    id: "CKV_AWS_260",
    at: "aws_security_group.s",
    bad: tf(["aws_security_group.s", { ingress: [{ from_port: 80, to_port: 80, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }] }]),
    good: tf(["aws_security_group.s", { ingress: [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }] }]),
  },
  {
    id: "CKV_AWS_277",
    at: "aws_security_group.s",
    bad: tf(["aws_security_group.s", { ingress: [{ from_port: 0, to_port: 0, protocol: "-1", cidr_blocks: ["0.0.0.0/0"] }] }]),
    good: tf(["aws_security_group.s", { ingress: [{ from_port: 0, to_port: 0, protocol: "-1", cidr_blocks: ["10.0.0.0/8"] }] }]),
  },
  {
    id: "CKV_AWS_382",
    at: "aws_vpc_security_group_egress_rule.r",
    bad: tf(["aws_vpc_security_group_egress_rule.r", { ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" }]),
    good: tf(["aws_vpc_security_group_egress_rule.r", { ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" }]),
  },
  {
    id: "aws-ec2-no-public-ingress-sgr",
    at: "aws_vpc_security_group_ingress_rule.r",
    bad: tf(["aws_vpc_security_group_ingress_rule.r", { from_port: 8080, to_port: 8080, ip_protocol: "tcp", cidr_ipv4: "203.0.113.0/24" }]),
    good: tf(["aws_vpc_security_group_ingress_rule.r", { from_port: 8080, to_port: 8080, ip_protocol: "tcp", cidr_ipv4: "10.1.0.0/16" }]),
  },
  {
    id: "CKV2_AWS_5",
    at: "aws_security_group.s",
    bad: tf(["aws_security_group.s", { description: "unused" }]),
    good: tf(
      ["aws_security_group.s", { description: "svc" }],
      ["aws_ecs_service.v", { network_configuration: { subnets: ["s"], security_groups: ["${aws_security_group.s.id}"] } }],
    ),
  },
  {
    id: "CKV2_AWS_11",
    at: "aws_vpc.v",
    bad: tf(["aws_vpc.v", { cidr_block: "10.0.0.0/16" }]),
    good: tf(["aws_vpc.v", { cidr_block: "10.0.0.0/16" }], ["aws_flow_log.f", { vpc_id: "${aws_vpc.v.id}", traffic_type: "ALL" }]),
  },
  {
    id: "CKV2_AWS_12",
    at: "aws_vpc.v",
    bad: tf(
      ["aws_vpc.v", {}],
      ["aws_default_security_group.d", { vpc_id: "${aws_vpc.v.id}", ingress: [{ from_port: 0, to_port: 0, protocol: "-1", self: true }] }],
    ),
    good: tf(["aws_vpc.v", {}], ["aws_default_security_group.d", { vpc_id: "${aws_vpc.v.id}" }]),
  },
  {
    id: "CKV_AWS_130",
    at: "aws_subnet.s",
    bad: tf(["aws_subnet.s", { map_public_ip_on_launch: true }]),
    good: tf(["aws_subnet.s", { map_public_ip_on_launch: false }]),
  },
  {
    id: "CKV2_AWS_19",
    at: "aws_eip.e",
    bad: tf(["aws_eip.e", { domain: "vpc" }]),
    good: tf(["aws_eip.e", { domain: "vpc" }], ["aws_nat_gateway.n", { allocation_id: "${aws_eip.e.allocation_id}", subnet_id: "s" }]),
  },
  // --- ECS ---
  {
    id: "CKV_AWS_65",
    at: "aws_ecs_cluster.c",
    bad: tf(["aws_ecs_cluster.c", { setting: [{ name: "containerInsights", value: "disabled" }] }]),
    good: tf(["aws_ecs_cluster.c", { setting: [{ name: "containerInsights", value: "enabled" }] }]),
  },
  {
    id: "CKV_AWS_223",
    at: "aws_ecs_cluster.c",
    bad: tf(["aws_ecs_cluster.c", { configuration: { execute_command_configuration: { logging: "NONE" } } }]),
    good: tf(["aws_ecs_cluster.c", { configuration: { execute_command_configuration: { logging: "DEFAULT" } } }]),
  },
  {
    id: "CKV_AWS_224",
    at: "aws_ecs_cluster.c",
    bad: tf(["aws_ecs_cluster.c", { configuration: { execute_command_configuration: { logging: "DEFAULT" } } }]),
    good: tf([
      "aws_ecs_cluster.c",
      {
        configuration: {
          execute_command_configuration: {
            logging: "OVERRIDE",
            kms_key_id: "k",
            log_configuration: { cloud_watch_encryption_enabled: true, cloud_watch_log_group_name: "g" },
          },
        },
      },
    ]),
  },
  {
    id: "CKV_AWS_97",
    at: TASK,
    bad: tf(
      task({
        volume: [
          { name: "home", efs_volume_configuration: { file_system_id: "fs", transit_encryption: "ENABLED" } },
          { name: "data", efs_volume_configuration: { file_system_id: "fs" } },
        ],
      }),
    ),
    good: tf(task({ volume: [{ name: "home", efs_volume_configuration: { file_system_id: "fs", transit_encryption: "ENABLED" } }] })),
  },
  {
    id: "CKV_AWS_249",
    at: TASK,
    bad: tf(task({ execution_role_arn: "${aws_iam_role.r.arn}", task_role_arn: "${aws_iam_role.r.arn}" })),
    good: tf(task({ execution_role_arn: "${aws_iam_role.e.arn}", task_role_arn: "${aws_iam_role.t.arn}" })),
  },
  {
    id: "CKV_AWS_334",
    at: TASK,
    bad: tf(task({ container_definitions: containers({ privileged: true }) })),
    good: tf(task({ container_definitions: containers({ privileged: false }) })),
  },
  {
    id: "CKV_AWS_335",
    at: TASK,
    bad: tf(task({ container_definitions: containers({ pidMode: "host" }) })),
    good: tf(task({ container_definitions: containers({ pidMode: "task" }) })),
  },
  {
    id: "CKV_AWS_336",
    at: TASK,
    bad: tf(task({ container_definitions: containers({ readonlyRootFilesystem: true }, { name: "sidecar" }) })),
    good: tf(task({ container_definitions: containers({ readonlyRootFilesystem: true }) })),
  },
  { id: "SJ_AWS_ECS_AWSVPC", at: TASK, bad: tf(task({ network_mode: "bridge" })), good: tf(task({ network_mode: "awsvpc" })) },
  {
    id: "aws-ecs-no-plaintext-secrets",
    at: TASK,
    bad: tf(
      task({
        container_definitions: containers({
          environment: [
            { name: "LOG_LEVEL", value: "info" },
            { name: "DB_PASSWORD", value: "hunter2" },
          ],
        }),
      }),
    ),
    good: tf(
      task({
        container_definitions: containers({
          environment: [{ name: "LOG_LEVEL", value: "info" }],
          secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:ssm:eu-west-1:123456789012:parameter/db" }],
        }),
      }),
    ),
  },
  {
    id: "CKV_AWS_332",
    at: "aws_ecs_service.s",
    bad: tf(["aws_ecs_service.s", { launch_type: "FARGATE", platform_version: "1.4.0" }]),
    good: tf(["aws_ecs_service.s", { launch_type: "FARGATE", platform_version: "LATEST" }]),
  },
  {
    id: "CKV_AWS_333",
    at: "aws_ecs_service.s",
    bad: tf(["aws_ecs_service.s", { network_configuration: { subnets: ["s"], assign_public_ip: true } }]),
    good: tf(["aws_ecs_service.s", { network_configuration: { subnets: ["s"], assign_public_ip: false } }]),
  },
  // --- EFS, ECR, Backup ---
  {
    id: "CKV_AWS_42",
    at: "aws_efs_file_system.f",
    bad: tf(["aws_efs_file_system.f", { encrypted: false }]),
    good: tf(["aws_efs_file_system.f", { encrypted: true }]),
  },
  {
    id: "CKV_AWS_184",
    at: "aws_efs_file_system.f",
    bad: tf(["aws_efs_file_system.f", { encrypted: true }]),
    good: tf(["aws_efs_file_system.f", { encrypted: true, kms_key_id: "${aws_kms_key.k.arn}" }]),
  },
  {
    id: "CKV2_AWS_18",
    at: "aws_efs_file_system.f",
    bad: tf(["aws_efs_file_system.f", {}], ["aws_backup_selection.s", { plan_id: "p", resources: ["*"] }]),
    good: tf(["aws_efs_file_system.f", {}], ["aws_backup_selection.s", { plan_id: "p", resources: ["${aws_efs_file_system.f.arn}"] }]),
  },
  {
    id: "CKV_AWS_329",
    at: "aws_efs_access_point.a",
    bad: tf(["aws_efs_access_point.a", { root_directory: { path: "/" } }]),
    good: tf(["aws_efs_access_point.a", { root_directory: { path: "/home", creation_info: { owner_uid: 1000, owner_gid: 1000, permissions: "0750" } } }]),
  },
  {
    id: "CKV_AWS_330",
    at: "aws_efs_access_point.a",
    bad: tf(["aws_efs_access_point.a", { posix_user: { uid: 0, gid: 0 } }]),
    good: tf(["aws_efs_access_point.a", { posix_user: { uid: 1000, gid: 1000 } }]),
  },
  {
    id: "CKV_AWS_51",
    at: "aws_ecr_repository.r",
    bad: tf(["aws_ecr_repository.r", { image_tag_mutability: "MUTABLE" }]),
    good: tf(["aws_ecr_repository.r", { image_tag_mutability: "IMMUTABLE" }]),
  },
  {
    id: "CKV_AWS_136",
    at: "aws_ecr_repository.r",
    bad: tf(["aws_ecr_repository.r", { encryption_configuration: [{ encryption_type: "AES256" }] }]),
    good: tf(["aws_ecr_repository.r", { encryption_configuration: [{ encryption_type: "KMS", kms_key: "k" }] }]),
  },
  {
    id: "CKV_AWS_163",
    at: "aws_ecr_repository.r",
    bad: tf(["aws_ecr_repository.r", { image_scanning_configuration: { scan_on_push: false } }]),
    good: tf(["aws_ecr_repository.r", { image_scanning_configuration: { scan_on_push: true } }]),
  },
  {
    id: "CKV_AWS_32",
    at: "aws_ecr_repository_policy.p",
    bad: tf(["aws_ecr_repository_policy.p", { repository: "r", policy: json({ Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage"] }) }]),
    good: tf([
      "aws_ecr_repository_policy.p",
      { repository: "r", policy: json({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: ["ecr:BatchGetImage"] }) },
    ]),
  },
  {
    id: "CKV_AWS_166",
    at: "aws_backup_vault.v",
    bad: tf(["aws_backup_vault.v", { name: "v" }]),
    good: tf(["aws_backup_vault.v", { name: "v", kms_key_arn: "${aws_kms_key.k.arn}" }]),
  },
  // --- SNS ---
  {
    id: "CKV_AWS_26",
    at: "aws_sns_topic.t",
    bad: tf(["aws_sns_topic.t", { name: "t" }]),
    good: tf(["aws_sns_topic.t", { name: "t", kms_master_key_id: "${aws_kms_key.k.arn}" }]),
  },
  {
    id: "CKV_AWS_169",
    at: "aws_sns_topic_policy.p",
    bad: tf(["aws_sns_topic_policy.p", { arn: "t", policy: json({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: "t" }) }]),
    good: tf([
      "aws_sns_topic_policy.p",
      {
        arn: "t",
        policy: json({
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: "sns:Publish",
          Resource: "t",
          Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        }),
      },
    ]),
  },
  {
    id: "CKV_AWS_385",
    at: "aws_sns_topic_policy.p",
    bad: tf([
      "aws_sns_topic_policy.p",
      { arn: "t", policy: json({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sns:Publish", Resource: "t" }) },
    ]),
    good: tf([
      "aws_sns_topic_policy.p",
      {
        arn: "t",
        policy: json({
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::999999999999:root" },
          Action: "sns:Publish",
          Resource: "t",
          Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
        }),
      },
    ]),
  },
  // --- CloudWatch, SSM ---
  {
    id: "CKV_AWS_66",
    at: "aws_cloudwatch_log_group.g",
    bad: tf(["aws_cloudwatch_log_group.g", { name: "g" }]),
    good: tf(["aws_cloudwatch_log_group.g", { name: "g", retention_in_days: 30 }]),
  },
  {
    id: "CKV_AWS_338",
    at: "aws_cloudwatch_log_group.g",
    bad: tf(["aws_cloudwatch_log_group.g", { retention_in_days: 30 }]),
    good: tf(["aws_cloudwatch_log_group.g", { retention_in_days: 365 }]),
  },
  {
    id: "CKV_AWS_158",
    at: "aws_cloudwatch_log_group.g",
    bad: tf(["aws_cloudwatch_log_group.g", { name: "g" }]),
    good: tf(["aws_cloudwatch_log_group.g", { name: "g", kms_key_id: "${aws_kms_key.k.arn}" }]),
  },
  {
    id: "CKV_AWS_319",
    at: "aws_cloudwatch_metric_alarm.a",
    bad: tf(["aws_cloudwatch_metric_alarm.a", { actions_enabled: false, alarm_actions: ["${aws_sns_topic.t.arn}"] }]),
    good: tf(["aws_cloudwatch_metric_alarm.a", { alarm_actions: ["${aws_sns_topic.t.arn}"] }]),
  },
  {
    id: "CKV_AWS_337",
    at: "aws_ssm_parameter.p",
    bad: tf(["aws_ssm_parameter.p", { type: "SecureString", value: "v" }]),
    good: tf(["aws_ssm_parameter.p", { type: "SecureString", value: "v", key_id: "k" }]),
  },
  {
    id: "CKV2_AWS_34",
    at: "aws_ssm_parameter.p",
    bad: tf(["aws_ssm_parameter.p", { type: "String", value: "v" }]),
    good: tf(["aws_ssm_parameter.p", { type: "SecureString", value: "v", key_id: "k" }]),
  },
  // --- CodeBuild ---
  {
    id: "CKV_AWS_78",
    at: "aws_codebuild_project.c",
    bad: tf(codebuild({ artifacts: { type: "S3", location: "b", encryption_disabled: true } })),
    good: tf(codebuild({})),
  },
  { id: "CKV_AWS_147", at: "aws_codebuild_project.c", bad: tf(codebuild({})), good: tf(codebuild({ encryption_key: "${aws_kms_key.k.arn}" })) },
  {
    id: "CKV_AWS_311",
    at: "aws_codebuild_project.c",
    bad: tf(codebuild({ logs_config: { s3_logs: { status: "ENABLED", location: "b/logs", encryption_disabled: true } } })),
    good: tf(codebuild({ logs_config: { s3_logs: { status: "ENABLED", location: "b/logs", encryption_disabled: false } } })),
  },
  { id: "CKV_AWS_314", at: "aws_codebuild_project.c", bad: tf(codebuild({})), good: tf(codebuild({ logs_config: { cloudwatch_logs: { group_name: "g" } } })) },
  {
    id: "CKV_AWS_316",
    at: "aws_codebuild_project.c",
    bad: tf(codebuild({ environment: { type: "LINUX_CONTAINER", privileged_mode: true } })),
    good: tf(codebuild({ environment: { type: "LINUX_CONTAINER", privileged_mode: false } })),
  },
  // --- ACM, Route 53 ---
  {
    id: "CKV_AWS_233",
    at: "aws_acm_certificate.c",
    bad: tf(["aws_acm_certificate.c", { domain_name: "ci.example.com" }]),
    good: tf(["aws_acm_certificate.c", { domain_name: "ci.example.com", lifecycle: { create_before_destroy: true } }]),
  },
  {
    id: "CKV_AWS_234",
    at: "aws_acm_certificate.c",
    bad: tf(["aws_acm_certificate.c", { options: { certificate_transparency_logging_preference: "DISABLED" } }]),
    good: tf(["aws_acm_certificate.c", { options: { certificate_transparency_logging_preference: "ENABLED" } }]),
  },
  {
    id: "CKV2_AWS_71",
    at: "aws_acm_certificate.c",
    bad: tf(["aws_acm_certificate.c", { domain_name: "*.example.com" }]),
    good: tf(["aws_acm_certificate.c", { domain_name: "ci.example.com" }]),
  },
  {
    id: "CKV2_AWS_23",
    at: "aws_route53_record.r",
    bad: tf(["aws_route53_record.r", { type: "A", name: "ci", zone_id: "Z1", records: ["192.0.2.10"], ttl: 60 }]),
    good: tf(
      ["aws_lb.a", {}],
      ["aws_route53_record.r", { type: "A", name: "ci", zone_id: "Z1", alias: { name: "${aws_lb.a.dns_name}", zone_id: "${aws_lb.a.zone_id}" } }],
    ),
  },
  // --- IAM: policy documents ---
  { id: "CKV_AWS_1", at: DOC, bad: tf(doc(allowOn(["*"], ["*"]))), good: tf(doc(allowOn(["s3:GetObject"], ["arn:aws:s3:::b/*"]))) },
  {
    id: "CKV_AWS_49",
    at: DOC,
    bad: tf(doc({ actions: ["*"], resources: ["arn:aws:s3:::b/*"] })),
    good: tf(doc(allowOn(["s3:GetObject"], ["arn:aws:s3:::b/*"]))),
  },
  {
    id: "CKV_AWS_283",
    at: DOC,
    bad: tf(doc({ ...allowOn(["s3:GetObject"], ["arn:aws:s3:::b/*"]), principals: [{ type: "AWS", identifiers: ["*"] }] })),
    good: tf(doc({ ...allowOn(["s3:GetObject"], ["arn:aws:s3:::b/*"]), principals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }] })),
  },
  { id: "CKV2_AWS_40", at: DOC, bad: tf(doc(allowOn(["iam:*"], [ROLE_ARN]))), good: tf(doc(allowOn(["iam:GetRole"], [ROLE_ARN]))) },
  { id: "CKV_AWS_107", at: DOC, bad: tf(doc(allowOn(["sts:AssumeRole"], ["*"]))), good: tf(doc(allowOn(["sts:AssumeRole"], [ROLE_ARN]))) },
  {
    id: "CKV_AWS_108",
    at: DOC,
    bad: tf(doc(allowOn(["ssm:GetParameter*"], ["*"]))),
    good: tf(doc(allowOn(["ssm:GetParameter*"], ["arn:aws:ssm:eu-west-1:123456789012:parameter/app/*"]))),
  },
  { id: "CKV_AWS_109", at: DOC, bad: tf(doc(allowOn(["iam:PutRolePolicy"], ["*"]))), good: tf(doc(allowOn(["iam:PutRolePolicy"], [ROLE_ARN]))) },
  { id: "CKV_AWS_110", at: DOC, bad: tf(doc(allowOn(["iam:PassRole", "ec2:RunInstances"], ["*"]))), good: tf(doc(allowOn(["ec2:RunInstances"], ["*"]))) },
  { id: "CKV_AWS_111", at: DOC, bad: tf(doc(allowOn(["s3:PutObject"], ["*"]))), good: tf(doc(allowOn(["ecr:GetAuthorizationToken"], ["*"]))) },
  {
    id: "CKV_AWS_356",
    at: DOC,
    bad: tf(doc(allowOn(["s3:ListBucket"], ["*"]))),
    good: tf(doc(allowOn(["ecr:GetAuthorizationToken", "ecs:ListClusters"], ["*"]))),
  },
  { id: "SJ_AWS_IAM_PASSROLE_SCOPED", at: DOC, bad: tf(doc(allowOn(["iam:PassRole"], ["*"]))), good: tf(doc(allowOn(["iam:PassRole"], [ROLE_ARN]))) },
  // --- IAM: literal policies ---
  {
    id: "CKV_AWS_62",
    at: RP,
    bad: tf(rolePolicy({ Effect: "Allow", Action: "*", Resource: "*" })),
    good: tf(rolePolicy(AllowOn(["s3:GetObject"], ["arn:aws:s3:::b/*"]))),
  },
  {
    id: "CKV_AWS_63",
    at: RP,
    bad: tf(rolePolicy(AllowOn(["*"], ["arn:aws:s3:::b/*"]))),
    good: tf(rolePolicy(AllowOn(["s3:GetObject"], ["arn:aws:s3:::b/*"]))),
  },
  {
    id: "CKV_AWS_287",
    at: RP,
    bad: tf(rolePolicy(AllowOn(["iam:CreateAccessKey"], ["*"]))),
    good: tf(rolePolicy(AllowOn(["iam:CreateAccessKey"], ["arn:aws:iam::123456789012:user/ci"]))),
  },
  { id: "CKV_AWS_288", at: RP, bad: tf(rolePolicy(AllowOn(["s3:*"], ["*"]))), good: tf(rolePolicy(AllowOn(["s3:*"], ["arn:aws:s3:::b/*"]))) },
  {
    id: "CKV_AWS_289",
    at: RP,
    bad: tf(rolePolicy(AllowOn(["s3:PutBucketPolicy"], ["*"]))),
    good: tf(rolePolicy(AllowOn(["s3:PutBucketPolicy"], ["arn:aws:s3:::b"]))),
  },
  {
    id: "CKV_AWS_286",
    at: RP,
    bad: tf(rolePolicy(AllowOn(["iam:AttachRolePolicy", "sts:AssumeRole"], ["*"]))),
    good: tf(rolePolicy(AllowOn(["iam:AttachRolePolicy", "sts:AssumeRole"], ["*"]), { Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" })),
  },
  {
    id: "CKV_AWS_290",
    at: RP,
    bad: tf(rolePolicy(AllowOn(["logs:PutLogEvents"], ["*"]))),
    good: tf(rolePolicy(AllowOn(["logs:PutLogEvents"], ["arn:aws:logs:eu-west-1:123456789012:log-group:g:*"]))),
  },
  {
    id: "CKV_AWS_355",
    at: RP,
    bad: tf(rolePolicy(AllowOn(["ecs:DescribeServices"], ["*"]))),
    good: tf(
      rolePolicy({ ...AllowOn(["ecs:DescribeServices"], ["*"]), Condition: { ArnEquals: { "ecs:cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/c" } } }),
    ),
  },
  // --- IAM: roles and attachments ---
  {
    id: "CKV_AWS_60",
    at: "aws_iam_role.r",
    bad: tf(["aws_iam_role.r", { assume_role_policy: trust({ AWS: "*" }) }]),
    good: tf(["aws_iam_role.r", { assume_role_policy: trust({ AWS: ROLE_ARN }) }]),
  },
  {
    id: "CKV_AWS_61",
    at: "aws_iam_role.r",
    bad: tf(["aws_iam_role.r", { assume_role_policy: trust({ AWS: "arn:aws:iam::123456789012:root" }) }]),
    good: tf(["aws_iam_role.r", { assume_role_policy: trust({ AWS: ROLE_ARN }) }]),
  },
  {
    id: "SJ_AWS_IAM_TRUST_SOURCE_CONDITION",
    at: "aws_iam_role.r",
    bad: tf(doc({ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }] }), [
      "aws_iam_role.r",
      { assume_role_policy: "${data.aws_iam_policy_document.d.json}" },
    ]),
    good: tf(
      doc({
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }],
      }),
      ["aws_iam_role.r", { assume_role_policy: "${data.aws_iam_policy_document.d.json}" }],
    ),
  },
  {
    id: "CKV_AWS_274",
    at: "aws_iam_role_policy_attachment.a",
    bad: tf(["aws_iam_role_policy_attachment.a", { role: "r", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" }]),
    good: tf(["aws_iam_role_policy_attachment.a", { role: "r", policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }]),
  },
  {
    id: "CKV_AWS_275",
    at: "data.aws_iam_policy.p",
    bad: tf(["data.aws_iam_policy.p", { name: "AdministratorAccess" }]),
    good: tf(["data.aws_iam_policy.p", { name: "ReadOnlyAccess" }]),
  },
  {
    id: "CKV2_AWS_56",
    at: "aws_iam_role.r",
    bad: tf(["aws_iam_role.r", { assume_role_policy: "{}", managed_policy_arns: ["arn:aws:iam::aws:policy/IAMFullAccess"] }]),
    good: tf(["aws_iam_role.r", { assume_role_policy: "{}", managed_policy_arns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }]),
  },
];
