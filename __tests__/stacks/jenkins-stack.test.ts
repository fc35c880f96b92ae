import { Testing } from "cdktf";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EfsAccessPoint } from "@cdktf/provider-aws/lib/efs-access-point";
import { EfsFileSystem } from "@cdktf/provider-aws/lib/efs-file-system";
import { Alb } from "@cdktf/provider-aws/lib/alb";
import { AlbListener } from "@cdktf/provider-aws/lib/alb-listener";
import { AlbTargetGroup } from "@cdktf/provider-aws/lib/alb-target-group";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { configWith, byId, JsonBlock, only, policyStatements, project, resources, synthJson, SynthJson } from "../support/project";

const ref = (type: string, idPart: string, attr: string) =>
  expect.stringMatching(new RegExp(`^\\$\\{${type}\\.[A-Za-z0-9_]*${idPart}[A-Za-z0-9_]*\\.${attr}\\}$`));

describe("jenkins stack (vars.example.json: new VPC, BYO certificate)", () => {
  const { jenkins } = project();
  const synth = Testing.synth(jenkins);
  const json = synthJson(jenkins);
  const containerDefs = () => JSON.parse(byId(json, "aws_ecs_task_definition", "Controller").container_definitions);

  describe("network", () => {
    test("a VPC with two public and two private subnets in two AZs", () => {
      expect(resources(json, "aws_vpc")).toHaveLength(1);
      const subnets = resources(json, "aws_subnet").map(([, s]) => s);
      const pub = subnets.filter((s) => s.tags.Tier === "public");
      const priv = subnets.filter((s) => s.tags.Tier === "private");
      expect(pub.map((s) => s.availability_zone)).toEqual(["eu-west-1a", "eu-west-1b"]);
      expect(priv.map((s) => s.availability_zone)).toEqual(["eu-west-1a", "eu-west-1b"]);
      expect([...pub, ...priv].map((s) => s.cidr_block)).toEqual(["10.0.0.0/20", "10.0.16.0/20", "10.0.128.0/20", "10.0.144.0/20"]);
      expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    });

    test("without configured zones, the first two zones the account can use (aws_availability_zones)", () => {
      const j = synthJson(project(configWith({ network: { availabilityZones: undefined } })).jenkins);
      expect(Object.values(j.data!.aws_availability_zones)).toEqual([
        expect.objectContaining({ state: "available", filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] }),
      ]);
      const zones = resources(j, "aws_subnet").map(([, s]) => s.availability_zone);
      expect(zones).toHaveLength(4);
      expect(zones.every((z: string) => /^\$\{element\(data\.aws_availability_zones\.Network_AvailableZones_\w+\.names, [01]\)\}$/.test(z))).toBe(true);
    });

    test("natGateways single: one NAT for both private route tables", () => {
      expect(resources(json, "aws_nat_gateway")).toHaveLength(1);
      const routes = resources(json, "aws_route")
        .filter(([id]) => id.includes("Private"))
        .map(([, r]) => r.nat_gateway_id);
      expect(new Set(routes).size).toBe(1);
    });

    test("one NAT per AZ by default", () => {
      const j = synthJson(project(configWith({ network: { natGateways: "one-per-az" } })).jenkins);
      expect(resources(j, "aws_nat_gateway")).toHaveLength(2);
    });

    test("default security group emptied; flow logs to an encrypted log group", () => {
      const dsg = only(json, "aws_default_security_group");
      expect(dsg.ingress).toBeUndefined();
      expect(dsg.egress).toBeUndefined();
      expect(only(json, "aws_flow_log")).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
      expect(byId(json, "aws_cloudwatch_log_group", "FlowLog")).toMatchObject({ retention_in_days: 90, kms_key_id: ref("aws_kms_key", "DataKey", "arn") });
    });

    test("bring your own VPC: nothing of the network is created; subnets are used", () => {
      const network = {
        vpcId: "vpc-0123456789abcdef0",
        publicSubnetIds: ["subnet-0aaaaaaaa", "subnet-0bbbbbbbb"],
        privateSubnetIds: ["subnet-0cccccccc", "subnet-0dddddddd"],
        natGateways: undefined,
        availabilityZones: undefined,
      };
      const j = synthJson(project(configWith({ network })).jenkins);
      for (const t of ["aws_vpc", "aws_subnet", "aws_nat_gateway", "aws_internet_gateway", "aws_flow_log"]) expect(j.resource[t]).toBeUndefined();
      expect(only(j, "aws_ecs_service").network_configuration.subnets).toEqual(network.privateSubnetIds);
      expect(only(j, "aws_alb").subnets).toEqual(network.publicSubnetIds);
      expect(resources(j, "aws_efs_mount_target").map(([, m]) => m.subnet_id)).toEqual(network.privateSubnetIds);
      expect(only(j, "aws_service_discovery_private_dns_namespace").vpc).toBe(network.vpcId);
    });
  });

  describe("controller service", () => {
    test("controller cluster on FARGATE with Container Insights", () => {
      const cluster = byId(json, "aws_ecs_cluster", "Controller");
      expect(cluster).toMatchObject({ name: "jenkins-controller", setting: [{ name: "containerInsights", value: "enabled" }] });
      expect(byId(json, "aws_ecs_cluster_capacity_providers", "Controller")).toMatchObject({
        capacity_providers: ["FARGATE"],
        default_capacity_provider_strategy: [{ capacity_provider: "FARGATE", base: 1, weight: 1 }],
      });
    });

    test("exactly one task, 0%/100%, circuit breaker with rollback, grace period", () => {
      expect(synth).toHaveResourceWithProperties(EcsService, {
        desired_count: 1,
        deployment_minimum_healthy_percent: 0,
        deployment_maximum_percent: 100,
        deployment_circuit_breaker: { enable: true, rollback: true },
        health_check_grace_period_seconds: 600,
        enable_execute_command: false,
        network_configuration: expect.objectContaining({ assign_public_ip: false }),
      });
      const svc = only(json, "aws_ecs_service");
      expect(svc.load_balancer).toEqual([
        { container_name: "jenkins", container_port: 8080, target_group_arn: ref("aws_alb_target_group", "TargetGroup", "arn") },
      ]);
      expect(svc.service_registries).toEqual({ registry_arn: ref("aws_service_discovery_service", "Discovery", "arn") });
      expect(svc.lifecycle).toBeUndefined();
    });

    test("task definition: 2 vCPU / 4 GiB default, Fargate, awsvpc, separate execution and task roles", () => {
      const td = byId(json, "aws_ecs_task_definition", "Controller");
      expect(td).toMatchObject({ cpu: "2048", memory: "4096", network_mode: "awsvpc", requires_compatibilities: ["FARGATE"] });
      expect(td.execution_role_arn).toEqual(ref("aws_iam_role", "ControllerRoles_ExecutionRole", "arn"));
      expect(td.task_role_arn).toEqual(ref("aws_iam_role", "ControllerRoles_TaskRole", "arn"));
    });

    test("controller size follows config", () => {
      const j = synthJson(project(configWith({ controller: { cpu: 4096, memory: 8192 } })).jenkins);
      expect(byId(j, "aws_ecs_task_definition", "Controller")).toMatchObject({ cpu: "4096", memory: "8192" });
    });

    test("JENKINS_HOME on EFS through the access point with transit encryption and IAM auth", () => {
      const td = byId(json, "aws_ecs_task_definition", "Controller");
      expect(td.volume).toEqual([
        {
          name: "jenkins-home",
          efs_volume_configuration: {
            file_system_id: ref("aws_efs_file_system", "JenkinsHome", "id"),
            transit_encryption: "ENABLED",
            authorization_config: { access_point_id: ref("aws_efs_access_point", "JenkinsHome", "id"), iam: "ENABLED" },
          },
        },
      ]);
      const [c] = containerDefs();
      expect(c.mountPoints).toEqual([{ sourceVolume: "jenkins-home", containerPath: "/var/jenkins_home", readOnly: false }]);
    });

    test("container: ports 8080 and 50000, password as an ECS secret from SSM, logs to the KMS log group", () => {
      const [c] = containerDefs();
      expect(c.portMappings.map((p: { containerPort: number }) => p.containerPort)).toEqual([8080, 50000]);
      expect(c.secrets).toEqual([{ name: "JENKINS_ADMIN_PASSWORD", valueFrom: "arn:aws:ssm:eu-west-1:123456789012:parameter/jenkins-pwd" }]);
      expect(c.environment.find((e: { name: string }) => e.name === "JENKINS_ADMIN_PASSWORD")).toBeUndefined();
      expect(c.environment).toContainEqual({ name: "JENKINS_ADMIN_USER", value: "ecsuser" });
      expect(c.privileged).toBe(false);
      expect(c.logConfiguration.logDriver).toBe("awslogs");
      expect(byId(json, "aws_cloudwatch_log_group", "ControllerLogs")).toMatchObject({
        name: "/jenkins/controller",
        retention_in_days: 30,
        kms_key_id: ref("aws_kms_key", "DataKey", "arn"),
      });
    });

    test("container health check is liveness only (any HTTP answer); readiness is the ALB's", () => {
      const [c] = containerDefs();
      expect(c.healthCheck.command[1]).toMatch(/^curl -s -o \/dev\/null http:\/\/localhost:8080\/login/);
      expect(c.healthCheck.command[1]).not.toMatch(/ -f/);
      expect(c.entryPoint.join(" ")).toContain("exec /usr/local/bin/jenkins.sh");
      expect(c.linuxParameters).toEqual({ initProcessEnabled: true });
    });

    test("the service waits for the capacity provider, role policies, mount targets, listener and image", () => {
      const deps: string[] = only(json, "aws_ecs_service").depends_on;
      for (const d of [
        /^aws_ecs_cluster_capacity_providers\.Controller_CapacityProviders/,
        /^aws_iam_role_policy\.ControllerRoles_ExecutionRolePolicy/,
        /^aws_iam_role_policy\.ControllerRoles_TaskRolePolicy/,
        /^aws_efs_mount_target\./,
        /^aws_alb_listener\.LoadBalancer_Https/,
        /^terraform_data\./,
      ])
        expect(deps).toContainEqual(expect.stringMatching(d));
    });

    test("creating the password parameter: SecureString with the stack key from a sensitive variable", () => {
      const j = synthJson(project(configWith({ controller: { adminPassword: { create: true } } })).jenkins);
      expect(only(j, "aws_ssm_parameter")).toMatchObject({
        name: "jenkins-pwd",
        type: "SecureString",
        key_id: ref("aws_kms_key", "DataKey", "arn"),
        value: "${var.jenkins_admin_password}",
      });
      expect(j.variable!.jenkins_admin_password).toMatchObject({ sensitive: true, type: "string" });
      const [c] = JSON.parse(byId(j, "aws_ecs_task_definition", "Controller").container_definitions);
      expect(c.secrets[0].valueFrom).toMatch(/aws_ssm_parameter\..*\.arn/);
    });

    test("ECS Exec can be turned on", () => {
      const j = synthJson(project(configWith({ controller: { ecsExec: true } })).jenkins);
      expect(only(j, "aws_ecs_service").enable_execute_command).toBe(true);
      expect(policyStatements(j, "ControllerRoles_TaskPolicy").map((s) => s.sid)).not.toContain("EcsExecChannels");
      // The SSM channels in a policy of their own, attached only when ECS Exec is on.
      expect(policyStatements(j, "ControllerRoles_EcsExecPolicy").map((s) => s.sid)).toEqual(["EcsExecChannels"]);
      expect(byId(j, "aws_iam_role_policy", "EcsExecRolePolicy")).toMatchObject({
        name: "controller-ecs-exec",
        role: ref("aws_iam_role", "ControllerRoles_TaskRole", "id"),
      });
      expect(synthJson(project(configWith({ controller: { ecsExec: false } })).jenkins).resource.aws_iam_role_policy).not.toHaveProperty(
        Object.keys(j.resource.aws_iam_role_policy).find((k) => k.includes("EcsExecRolePolicy"))!,
      );
    });
  });

  describe("EFS", () => {
    test("encrypted with KMS, performance/throughput from config, IA lifecycle", () => {
      expect(synth).toHaveResourceWithProperties(EfsFileSystem, {
        encrypted: true,
        kms_key_id: ref("aws_kms_key", "DataKey", "arn"),
        performance_mode: "generalPurpose",
        throughput_mode: "elastic",
      });
      const j = synthJson(project(configWith({ storage: { performanceMode: "maxIO", throughputMode: "bursting" } })).jenkins);
      expect(only(j, "aws_efs_file_system")).toMatchObject({ performance_mode: "maxIO", throughput_mode: "bursting" });
    });

    test("access point owned by uid/gid 1000, never root, 0750", () => {
      expect(synth).toHaveResourceWithProperties(EfsAccessPoint, {
        posix_user: { uid: 1000, gid: 1000 },
        root_directory: { path: "/jenkins-home", creation_info: { owner_uid: 1000, owner_gid: 1000, permissions: "0750" } },
      });
    });

    test("a mount target in each private subnet, behind the EFS security group", () => {
      const mts = resources(json, "aws_efs_mount_target").map(([, m]) => m);
      expect(mts.map((m) => m.subnet_id)).toEqual([ref("aws_subnet", "PrivateSubnet0", "id"), ref("aws_subnet", "PrivateSubnet1", "id")]);
      expect(mts.every((m) => m.security_groups[0].includes("SecurityGroups_Efs"))).toBe(true);
    });

    test("file system policy denies unencrypted transport and mounts outside the access point, except by the restore task's role", () => {
      const s = policyStatements(json, "JenkinsHome_Policy");
      expect(s).toEqual([
        expect.objectContaining({ effect: "Deny", condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] }),
        expect.objectContaining({
          effect: "Deny",
          condition: [
            expect.objectContaining({ test: "StringNotEquals", variable: "elasticfilesystem:AccessPointArn" }),
            { test: "ArnNotEquals", variable: "aws:PrincipalArn", values: ["arn:aws:iam::123456789012:role/jenkins-restore-task"] },
          ],
        }),
      ]);
    });
  });

  describe("load balancer", () => {
    test("internet-facing ALB dropping invalid headers, deletion protection on", () => {
      expect(synth).toHaveResourceWithProperties(Alb, {
        name: "jenkins-alb",
        internal: false,
        drop_invalid_header_fields: true,
        enable_deletion_protection: true,
      });
    });

    test("HTTPS listener with a TLS 1.3 policy and the configured certificate; HTTP redirects", () => {
      expect(synth).toHaveResourceWithProperties(AlbListener, {
        port: 443,
        protocol: "HTTPS",
        ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificate_arn: "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000000",
      });
      expect(synth).toHaveResourceWithProperties(AlbListener, {
        port: 80,
        protocol: "HTTP",
        default_action: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", status_code: "HTTP_301" } }],
      });
    });

    test("target group of type ip health-checking /login", () => {
      expect(synth).toHaveResourceWithProperties(AlbTargetGroup, {
        target_type: "ip",
        port: 8080,
        protocol: "HTTP",
        health_check: expect.objectContaining({ path: "/login", matcher: "200" }),
      });
    });

    test("created certificate: DNS-validated in the zone, alias record for the host name", () => {
      const j = synthJson(
        project(configWith({ loadBalancer: { certificateArn: undefined, dns: { hostname: "ci.example.com", zoneId: "Z0123456789ABCDEFGHIJ" } } })).jenkins,
      );
      expect(only(j, "aws_acm_certificate")).toMatchObject({ domain_name: "ci.example.com", validation_method: "DNS" });
      expect(only(j, "aws_acm_certificate_validation").certificate_arn).toEqual(ref("aws_acm_certificate", "Certificate", "arn"));
      const records = resources(j, "aws_route53_record").map(([, r]) => r);
      expect(records).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ zone_id: "Z0123456789ABCDEFGHIJ", for_each: expect.stringContaining("domain_validation_options") }),
          expect.objectContaining({ name: "ci.example.com", type: "A", alias: expect.objectContaining({ evaluate_target_health: true }) }),
        ]),
      );
      expect(byId(j, "aws_alb_listener", "Https").certificate_arn).toEqual(ref("aws_acm_certificate_validation", "CertificateValidation", "certificate_arn"));
      expect(j.output!.jenkins_url.value).toBe("https://ci.example.com/");
    });

    test("internal ALB sits in the private subnets", () => {
      const j = synthJson(project(configWith({ loadBalancer: { internal: true } })).jenkins);
      expect(only(j, "aws_alb")).toMatchObject({
        internal: true,
        subnets: [ref("aws_subnet", "PrivateSubnet0", "id"), ref("aws_subnet", "PrivateSubnet1", "id")],
      });
    });
  });

  describe("security groups", () => {
    const ingress = (j: SynthJson) => resources(j, "aws_vpc_security_group_ingress_rule").map(([id, r]): JsonBlock => ({ id, ...r }));
    const egress = (j: SynthJson) => resources(j, "aws_vpc_security_group_egress_rule").map(([id, r]): JsonBlock => ({ id, ...r }));
    const into = (sg: string) => ingress(json).filter((r) => r.security_group_id.includes(`SecurityGroups_${sg}_`));

    test("controller admits 8080 only from the ALB and the agents, 50000 only from the agents", () => {
      const rules = into("Controller");
      expect(rules.map((r) => [r.from_port, r.to_port, r.referenced_security_group_id?.match(/SecurityGroups_(\w+?)_/)?.[1]]).sort()).toEqual([
        [50000, 50000, "Agents"],
        [8080, 8080, "Agents"],
        [8080, 8080, "Alb"],
      ]);
      expect(rules.every((r) => r.cidr_ipv4 === undefined)).toBe(true);
    });

    test("EFS admits NFS only from the controller", () => {
      expect(into("Efs").map((r) => [r.from_port, r.referenced_security_group_id.match(/SecurityGroups_(\w+?)_/)?.[1]])).toEqual([[2049, "Controller"]]);
    });

    test("agents admit nothing; ALB admits 80/443 from the allowed CIDRs only", () => {
      expect(into("Agents")).toEqual([]);
      expect(
        into("Alb")
          .map((r) => [r.from_port, r.cidr_ipv4])
          .sort(),
      ).toEqual([
        [443, "0.0.0.0/0"],
        [80, "0.0.0.0/0"],
      ]);
      const j = synthJson(project(configWith({ loadBalancer: { allowedCidrs: ["203.0.113.0/24", "198.51.100.0/24"] } })).jenkins);
      expect(
        ingress(j)
          .filter((r) => r.security_group_id.includes("SecurityGroups_Alb_"))
          .map((r) => r.cidr_ipv4)
          .sort(),
      ).toEqual(["198.51.100.0/24", "198.51.100.0/24", "203.0.113.0/24", "203.0.113.0/24"]);
    });

    test("groups and the target group can be replaced: name prefixes with create_before_destroy, never a fixed name", () => {
      for (const [, g] of resources(json, "aws_security_group")) {
        expect(g).toMatchObject({ name_prefix: expect.stringMatching(/^jenkins-(alb|controller|agents|efs)-$/), lifecycle: { create_before_destroy: true } });
        expect(g.name).toBeUndefined();
      }
      expect(only(json, "aws_alb_target_group")).toMatchObject({
        name_prefix: "jenki-",
        lifecycle: { create_before_destroy: true },
        tags: { Name: "jenkins-controller" },
      });
    });

    test("ALB egress only to the controller's 8080", () => {
      const albOut = egress(json).filter((r) => r.security_group_id.includes("SecurityGroups_Alb_"));
      expect(albOut).toEqual([
        expect.objectContaining({ from_port: 8080, to_port: 8080, referenced_security_group_id: ref("aws_security_group", "SecurityGroups_Controller", "id") }),
      ]);
    });
  });

  describe("service discovery", () => {
    test("private DNS namespace and an A-record service with a 10 s TTL", () => {
      expect(synth).toHaveResourceWithProperties(ServiceDiscoveryPrivateDnsNamespace, { name: "jenkins.internal" });
      expect(synth).toHaveResourceWithProperties(ServiceDiscoveryService, {
        name: "jenkins",
        dns_config: expect.objectContaining({ dns_records: [{ type: "A", ttl: 10 }] }),
      });
      expect(json.output!.agent_tunnel.value).toBe("jenkins.jenkins.internal:50000");
    });
  });

  describe("agent clusters", () => {
    test("two clusters: FARGATE and FARGATE_SPOT, each its own default strategy", () => {
      expect(synth).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
        capacity_providers: ["FARGATE"],
        default_capacity_provider_strategy: [{ capacity_provider: "FARGATE", base: 0, weight: 1 }],
        cluster_name: expect.stringContaining("Agents_FargateCluster"),
      });
      expect(synth).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
        capacity_providers: ["FARGATE_SPOT"],
        default_capacity_provider_strategy: [{ capacity_provider: "FARGATE_SPOT", base: 0, weight: 1 }],
        cluster_name: expect.stringContaining("Agents_SpotCluster"),
      });
      expect(byId(json, "aws_ecs_cluster", "SpotCluster")).toMatchObject({
        name: "jenkins-agents-fargate-spot",
        setting: [{ name: "containerInsights", value: "enabled" }],
      });
    });

    test("spotCluster false: no spot cluster, no spot cloud, null output", () => {
      const j = synthJson(project(configWith({ agents: { spotCluster: false, templates: [{ label: "build" }] } })).jenkins);
      expect(
        resources(j, "aws_ecs_cluster")
          .map(([, c]) => c.name)
          .sort(),
      ).toEqual(["jenkins-agents-fargate", "jenkins-controller"]);
      expect(j.output!.agent_cluster_spot_arn.value).toBeNull();
    });

    test("per-template task role from its own IAM policy; templates without a policy get none", () => {
      const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::artifacts/*"] }] };
      const j = synthJson(
        project(
          configWith({
            agents: {
              templates: [
                { label: "deploy", taskPolicy: policy },
                { label: "test", spot: true },
              ],
            },
          }),
        ).jenkins,
      );
      const roles = resources(j, "aws_iam_role").map(([, r]) => r.name);
      expect(roles).toContain("jenkins-agent-deploy");
      expect(roles).not.toContain("jenkins-agent-test");
      // One role and policy per label with a policy, keyed by the label (for_each).
      expect(
        resources(j, "aws_iam_role_policy")
          .filter(([id]) => id.includes("Agents_TaskRolePolicy"))
          .map(([id]) => id.replace(/^.*\[/, "[")),
      ).toEqual(['["deploy"]']);
      expect(JSON.parse(byId(j, "aws_iam_role_policy", "Agents_TaskRolePolicy").policy)).toEqual(policy);
    });

    test("agent log group and execution role", () => {
      expect(byId(json, "aws_cloudwatch_log_group", "Agents_LogGroup")).toMatchObject({ name: "/jenkins/agents", retention_in_days: 14 });
      const s = policyStatements(json, "Agents_ExecutionPolicy");
      expect(s.find((x) => x.sid === "WriteAgentLogs")!.resources).toEqual([expect.stringMatching(/aws_cloudwatch_log_group\.Agents_LogGroup.*\.arn\}:\*$/)]);
    });
  });

  describe("controller IAM (amazon-ecs plugin, least privilege)", () => {
    const statements = policyStatements(json, "ControllerRoles_TaskPolicy");
    const sid = (s: string) => statements.find((x) => x.sid === s)!;
    const agentClusterRefs = [ref("aws_ecs_cluster", "Agents_FargateCluster", "arn"), ref("aws_ecs_cluster", "Agents_SpotCluster", "arn")];

    test("account-wide calls are exactly the plugin's calls that take no resource ARN", () => {
      expect(sid("EcsPluginAccountWide").actions.sort()).toEqual(
        ["ecs:DeregisterTaskDefinition", "ecs:DescribeTaskDefinition", "ecs:ListClusters", "ecs:ListTaskDefinitions", "ecs:RegisterTaskDefinition"].sort(),
      );
      expect(sid("EcsPluginAccountWide").resources).toEqual(["*"]);
    });

    test("task-definition tags readable only on the plugin's families (<cloud>-<template>)", () => {
      expect(sid("EcsPluginReadTaskDefinitionTags")).toMatchObject({
        actions: ["ecs:ListTagsForResource"],
        resources: ["arn:aws:ecs:eu-west-1:123456789012:task-definition/fargate-*:*", "arn:aws:ecs:eu-west-1:123456789012:task-definition/fargate-spot-*:*"],
      });
      expect(statements.flatMap((x) => x.actions)).not.toContain("ecs:DescribeContainerInstances");
    });

    test("cluster calls only on the two agent clusters", () => {
      expect(sid("EcsPluginAgentClusters")).toMatchObject({ actions: ["ecs:ListContainerInstances", "ecs:DescribeClusters"], resources: agentClusterRefs });
    });

    test("RunTask/StopTask/DescribeTasks conditioned on ecs:cluster = the agent clusters", () => {
      expect(sid("EcsPluginRunAgentTasks")).toMatchObject({
        actions: ["ecs:RunTask", "ecs:StopTask", "ecs:DescribeTasks"],
        condition: [{ test: "ArnEquals", variable: "ecs:cluster", values: agentClusterRefs }],
      });
    });

    test("ecs:TagResource only for the plugin's tagged creates", () => {
      expect(sid("EcsPluginTagOnCreate")).toMatchObject({
        actions: ["ecs:TagResource"],
        condition: [{ test: "StringEquals", variable: "ecs:CreateAction", values: ["RegisterTaskDefinition", "RunTask"] }],
      });
    });

    test("iam:PassRole only on the agent roles, only to ECS tasks", () => {
      expect(sid("PassAgentRoles")).toMatchObject({
        actions: ["iam:PassRole"],
        resources: [ref("aws_iam_role", "Agents_ExecutionRole", "arn")],
        condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] }],
      });
    });

    test("EFS mount only through the access point; SNS publish only to the alerts topic", () => {
      expect(sid("MountJenkinsHome").condition[0]).toMatchObject({
        variable: "elasticfilesystem:AccessPointArn",
        values: [ref("aws_efs_access_point", "JenkinsHome", "arn")],
      });
      expect(sid("PublishBuildNotifications")).toMatchObject({ actions: ["sns:Publish"], resources: [ref("aws_sns_topic", "Alerts_Topic", "arn")] });
    });

    test("no statement allows '*' actions", () => {
      expect(statements.flatMap((s) => s.actions)).not.toContain("*");
      expect(statements.flatMap((s) => s.actions).filter((a: string) => a.endsWith(":*"))).toEqual([]);
    });

    test("execution role: pull, logs, and only the password parameter", () => {
      const exec = policyStatements(json, "ControllerRoles_ExecutionPolicy");
      expect(exec.find((s) => s.sid === "ReadAdminPassword")).toMatchObject({
        actions: ["ssm:GetParameters"],
        resources: ["arn:aws:ssm:eu-west-1:123456789012:parameter/jenkins-pwd"],
      });
      expect(exec.find((s) => s.sid === "PullControllerImage")!.resources).toEqual([ref("aws_ecr_repository", "Image_Repository", "arn")]);
    });

    test("execution roles trust ECS without source conditions (ECS documents them for task roles only)", () => {
      for (const id of ["ControllerRoles_ExecutionTrust", "Agents_ExecutionTrust"]) {
        expect(policyStatements(json, id)).toEqual([
          { effect: "Allow", principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }], actions: ["sts:AssumeRole"] },
        ]);
      }
      expect(byId(json, "aws_iam_role", "ControllerRoles_ExecutionRole").assume_role_policy).toMatch(/ControllerRoles_ExecutionTrust/);
      expect(byId(json, "aws_iam_role", "ControllerRoles_TaskRole").assume_role_policy).toMatch(/ControllerRoles_Trust_/);
    });

    test("trust: only ECS tasks of this account", () => {
      const trust = policyStatements(json, "ControllerRoles_Trust");
      expect(trust[0]).toMatchObject({
        principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }],
        condition: expect.arrayContaining([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }]),
      });
    });
  });

  describe("outputs", () => {
    test("every documented output is present and described", () => {
      const outputs = json.output!;
      for (const name of [
        "jenkins_url",
        "alb_dns_name",
        "agent_cluster_fargate_name",
        "agent_cluster_fargate_arn",
        "agent_cluster_spot_name",
        "agent_cluster_spot_arn",
        "efs_file_system_id",
        "cloud_map_namespace",
        "agent_security_group_id",
        "controller_task_role_arn",
        "controller_execution_role_arn",
        "controller_log_group",
        "agent_log_group",
      ]) {
        expect(outputs[name]).toBeDefined();
        expect(outputs[name].description).toBeTruthy();
      }
      expect(outputs.jenkins_url.value).toBe("https://${aws_alb.LoadBalancer_Alb_72D76F81.dns_name}/");
    });
  });

  describe("backend", () => {
    test("local backend with a relative path by default", () => {
      expect(json.terraform.backend).toEqual({ local: { path: "../../../terraform.jenkins.tfstate" } });
    });

    test("S3 backend with the bootstrap bucket and lock table; depends on the state stack", () => {
      const p = project(configWith({ backend: { type: "s3" } }));
      const j = synthJson(p.jenkins);
      expect(j.terraform.backend).toEqual({
        s3: {
          bucket: "example-org-jenkins-tfstate-123456789012",
          key: "jenkins/terraform.tfstate",
          region: "eu-west-1",
          encrypt: true,
          kms_key_id: "arn:aws:kms:eu-west-1:123456789012:alias/jenkins-tfstate",
          dynamodb_table: "example-org-jenkins-tf-locks",
        },
      });
      expect(p.jenkins.dependencies).toContain(p.state);
    });

    test("state written with the state stack's KMS key: its alias ARN (from namePrefix), the alias name without accountId, none with AES256 state", () => {
      const backend = (over: Record<string, unknown>) => synthJson(project(configWith({ backend: { type: "s3" }, ...over })).jenkins).terraform.backend.s3;
      expect(backend({ namePrefix: "ci" }).kms_key_id).toBe("arn:aws:kms:eu-west-1:123456789012:alias/ci-tfstate");
      expect(backend({ accountId: undefined }).kms_key_id).toBe("alias/jenkins-tfstate");
      const aes = backend({ state: { encryption: "AES256" } });
      expect(aes.kms_key_id).toBeUndefined();
      expect(aes.encrypt).toBe(true);
    });

    test("use_lockfile instead of (or with) the table needs Terraform >= 1.10", () => {
      const j = synthJson(project(configWith({ backend: { type: "s3", locking: "lockfile" } })).jenkins);
      expect(j.terraform.backend.s3.use_lockfile).toBe(true);
      expect(j.terraform.backend.s3.dynamodb_table).toBeUndefined();
      expect(j.terraform.required_version).toBe(">= 1.10.0");
      const both = synthJson(project(configWith({ backend: { type: "s3", locking: "both" } })).jenkins);
      expect(both.terraform.backend.s3).toMatchObject({ use_lockfile: true, dynamodb_table: "example-org-jenkins-tf-locks" });
    });
  });
});
