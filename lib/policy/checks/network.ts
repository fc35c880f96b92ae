/** VPC, subnets, Elastic IPs and security groups (and their rule resources). */
import { resourceCheck } from "../define-check";
import { TerraformConfig, TfResource } from "../terraform-config";
import { blocks, hasValue, isTrue } from "../json-values";
import { rulesOf, SG, SG_RULE, violates, VPC_EGRESS, VPC_INGRESS, vpcRule } from "../security-group-rules";
import type { PolicyCheck } from "../types";

function portCheck(id: string, port: number, direction: "ingress" | "egress", title: string, fix: string, severity: "error" | "warning"): PolicyCheck {
  const types = direction === "ingress" ? [SG, SG_RULE, VPC_INGRESS] : [SG, SG_RULE, VPC_EGRESS];
  const what = port === -1 ? "all traffic" : `port ${port}`;
  return resourceCheck({
    id,
    source: "checkov",
    title,
    severity,
    resourceTypes: types,
    fix,
    deviation:
      'aws_vpc_security_group_*_rule: ip_protocol "-1" counts as every port, referenced_security_group_id/prefix_list_id count as a source, and cidr_ipv6 "::/0" is detected (checkov misses all three).',
    test: (r) => {
      const rules = rulesOf(r, direction);
      if (!rules) return undefined;
      for (const rule of rules) {
        if (rule.self) return undefined;
        if (violates(rule, port)) return `${direction} ${direction === "ingress" ? "from" : "to"} 0.0.0.0/0 or ::/0 on ${what}`;
      }
      return undefined;
    },
  });
}

/** IPv4/IPv6 CIDR outside private, loopback, link-local and shared (CGNAT) ranges. */
export function isPublicCidr(cidr: string): boolean {
  if (cidr.includes(":")) {
    const lower = cidr.toLowerCase();
    return !(/^f[cd]/.test(lower) || lower.startsWith("fe80") || lower.startsWith("::1/"));
  }
  const [a, b] = cidr.split("/")[0].split(".").map(Number);
  if (a === 10 || a === 127) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 169 && b === 254) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  return true;
}

/** Types whose reference attaches a security group (checkov CKV2_AWS_5). */
const SG_ATTACHING_TYPES = [
  "aws_alb",
  "aws_apprunner_vpc_connector",
  "aws_appstream_fleet",
  "aws_batch_compute_environment",
  "aws_cloudwatch_event_target",
  "aws_codebuild_project",
  "aws_codestarconnections_host",
  "aws_dax_cluster",
  "aws_db_instance",
  "aws_dms_replication_instance",
  "aws_dms_replication_config",
  "aws_docdb_cluster",
  "aws_docdbelastic_cluster",
  "aws_ec2_client_vpn_endpoint",
  "aws_ec2_client_vpn_network_association",
  "aws_ec2_spot_fleet_request",
  "aws_ecs_service",
  "aws_efs_mount_target",
  "aws_eks_cluster",
  "aws_eks_node_group",
  "aws_elasticache_cluster",
  "aws_elasticache_replication_group",
  "aws_elasticache_serverless_cache",
  "aws_elasticsearch_domain",
  "aws_elb",
  "aws_emr_cluster",
  "aws_emr_studio",
  "aws_glue_dev_endpoint",
  "aws_instance",
  "aws_lambda_function",
  "aws_launch_configuration",
  "aws_launch_template",
  "aws_lb",
  "aws_memorydb_cluster",
  "aws_mq_broker",
  "aws_msk_cluster",
  "aws_mskconnect_connector",
  "aws_mwaa_environment",
  "aws_neptune_cluster",
  "aws_network_interface",
  "aws_opensearch_domain",
  "aws_opensearch_vpc_endpoint",
  "aws_quicksight_vpc_connection",
  "aws_rds_cluster",
  "aws_redshift_cluster",
  "aws_route53_resolver_endpoint",
  "aws_sagemaker_notebook_instance",
  "aws_transfer_server",
  "aws_vpc_endpoint",
  "aws_vpclattice_service_network_vpc_association",
  "aws_fsx_windows_file_system",
  "aws_fsx_ontap_file_system",
  "aws_grafana_workspace",
  "aws_apigatewayv2_vpc_link",
  "aws_fsx_lustre_file_system",
  "aws_imagebuilder_infrastructure_configuration",
  "aws_fsx_openzfs_file_system",
  "aws_fsx_file_cache",
  "aws_redshiftserverless_workgroup",
  "aws_ec2_instance_connect_endpoint",
  "aws_opensearchserverless_vpc_endpoint",
  "aws_verifiedaccess_endpoint",
  "aws_m2_environment",
  "aws_vpclattice_resource_gateway",
  "aws_spot_instance_request",
  "aws_msk_vpc_connection",
];

function defaultSecurityGroupRestricts(tf: TerraformConfig, dsg: TfResource): boolean {
  if (blocks(dsg.body.ingress).length > 0 || blocks(dsg.body.egress).length > 0) return false;
  return tf.connected(dsg, SG_RULE, VPC_INGRESS, VPC_EGRESS).length === 0;
}

export const NETWORK_CHECKS: PolicyCheck[] = [
  resourceCheck({
    id: "CKV_AWS_23",
    source: "checkov",
    title: "Security groups and their rules have descriptions",
    severity: "warning",
    resourceTypes: [SG, SG_RULE, VPC_INGRESS, VPC_EGRESS],
    fix: "Write a description on the group and on every rule (what it allows and why).",
    test: (r) => {
      if (!hasValue(r.body.description)) return "no description";
      if (r.type === SG) {
        const missing = [...blocks(r.body.ingress), ...blocks(r.body.egress)].filter((b) => !hasValue(b.description)).length;
        if (missing) return `${missing} inline rule(s) without a description`;
      }
      return undefined;
    },
  }),
  portCheck(
    "CKV_AWS_24",
    22,
    "ingress",
    "No security group allows ingress from 0.0.0.0/0 to port 22",
    "Allow SSH only from known CIDRs or security groups (or use SSM).",
    "error",
  ),
  portCheck(
    "CKV_AWS_25",
    3389,
    "ingress",
    "No security group allows ingress from 0.0.0.0/0 to port 3389",
    "Allow RDP only from known CIDRs or security groups.",
    "error",
  ),
  portCheck(
    "CKV_AWS_260",
    80,
    "ingress",
    "No security group allows ingress from 0.0.0.0/0 to port 80",
    "Serve HTTPS only, or open port 80 solely for a listener that redirects to HTTPS.",
    "error",
  ),
  portCheck("CKV_AWS_277", -1, "ingress", "No security group allows all traffic from 0.0.0.0/0", "Open only the ports needed, to known sources.", "error"),
  portCheck(
    "CKV_AWS_382",
    -1,
    "egress",
    "No security group allows all traffic to 0.0.0.0/0",
    "Allow egress only on the ports needed (e.g. 443), or to known destinations.",
    "warning",
  ),
  resourceCheck({
    id: "aws-ec2-no-public-ingress-sgr",
    source: "tfsec",
    title: "No security group rule allows ingress from a public CIDR",
    severity: "error",
    resourceTypes: [SG, SG_RULE, VPC_INGRESS],
    fix: "Allow ingress from security groups or private CIDRs; only the public load balancer's 80/443 may face the internet.",
    test: (r) => {
      const rules = r.type === VPC_INGRESS ? [vpcRule(r.body)] : (rulesOf(r, "ingress") ?? []);
      const pub = rules.flatMap((x) => [...x.cidr4, ...x.cidr6]).filter(isPublicCidr);
      return pub.length ? `ingress from public ${pub.join(", ")}` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV2_AWS_5",
    source: "checkov",
    title: "Security group is attached to a resource",
    severity: "warning",
    resourceTypes: [SG],
    fix: "Delete the unused group, or attach it (ECS service, load balancer, mount target, ...).",
    test: (r, tf) => (tf.connected(r, ...SG_ATTACHING_TYPES).length ? undefined : "no resource of the configuration attaches this group"),
  }),
  resourceCheck({
    id: "CKV2_AWS_11",
    source: "checkov",
    title: "VPC has flow logs",
    severity: "warning",
    resourceTypes: ["aws_vpc"],
    fix: "Add an aws_flow_log for the VPC (network.flowLogs = true).",
    test: (r, tf) => (tf.connected(r, "aws_flow_log").length ? undefined : "no aws_flow_log references the VPC"),
  }),
  resourceCheck({
    id: "CKV2_AWS_12",
    source: "checkov",
    title: "Default security group of the VPC restricts all traffic",
    severity: "error",
    resourceTypes: ["aws_vpc"],
    fix: "Declare aws_default_security_group { vpc_id = <vpc> } without rules, and attach no rule resources to it.",
    deviation: "Every inline rule of the default group is seen (checkov misses them when there are two or more).",
    test: (r, tf) => {
      const dsgs = tf.connected(r, "aws_default_security_group");
      if (dsgs.length === 0) return "no aws_default_security_group manages the VPC's default group";
      return dsgs.every((d) => defaultSecurityGroupRestricts(tf, d)) ? undefined : "the default security group has rules";
    },
  }),
  resourceCheck({
    id: "CKV_AWS_130",
    source: "checkov",
    title: "Subnet does not assign public IPs by default",
    severity: "error",
    resourceTypes: ["aws_subnet"],
    fix: "Set map_public_ip_on_launch = false.",
    test: (r) => (r.body.map_public_ip_on_launch === true || r.body.map_public_ip_on_launch === "true" ? "map_public_ip_on_launch is true" : undefined),
  }),
  resourceCheck({
    id: "CKV2_AWS_19",
    source: "checkov",
    title: "Elastic IP in a VPC is attached (instance or NAT gateway)",
    severity: "warning",
    resourceTypes: ["aws_eip"],
    fix: 'Set domain = "vpc" and use the EIP (e.g. aws_nat_gateway.allocation_id), or delete it.',
    test: (r, tf) => {
      if (!(isTrue(r.body.vpc) || r.body.domain === "vpc")) return 'domain is not "vpc"';
      if (tf.connected(r, "aws_instance", "aws_nat_gateway", "aws_transfer_server").length) return undefined;
      if (tf.connected(r, "aws_eip_association").some((a) => hasValue(a.body.instance_id) && tf.connected(a, "aws_instance").length)) return undefined;
      const instance = String(r.body.instance ?? "");
      return instance.includes("module.") || instance.includes("data.") ? undefined : "not attached to an instance or NAT gateway";
    },
  }),
];
