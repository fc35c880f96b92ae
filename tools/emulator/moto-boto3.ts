/**
 * What the tests read from and seed into the emulator through its AWS APIs (boto3, which moto
 * depends on): the inventory of what it holds (so a test can prove a destroy left nothing
 * behind), an ACM certificate, the default network, an S3 object.
 */
import { spawnSync } from "child_process";
import { findPython, INSTALL_HELP } from "./moto-install";

/** What the emulator holds: "<service>:<kind>" -> identifiers, only non-empty kinds. */
export type MotoInventory = Record<string, string[]>;

/**
 * Lists the resources the project can create, through the emulator's AWS APIs. Built-in
 * things are left out: default VPC and its parts, AWS-managed keys (moto makes them as
 * customer keys behind alias/aws/*) and policies, service roles, keys pending deletion,
 * inactive task definitions, and network interfaces (made by AWS for NAT gateways, mount
 * targets and tasks; moto keeps a NAT gateway's after deleting it).
 */
const INVENTORY_PY = String.raw`
import json, sys
import boto3
endpoint, region = sys.argv[1], sys.argv[2]
def c(name):
    return boto3.client(name, endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="testing", aws_secret_access_key="testing")
out = {}
def put(key, fn):
    try:
        ids = sorted(set(fn()))
    except Exception as e:  # a service moto cannot list is reported, not hidden
        ids = ["<error: %s>" % e]
    if ids:
        out[key] = ids
def pages(client, op, key, **kw):
    for page in client.get_paginator(op).paginate(**kw):
        for item in page[key]:
            yield item

s3 = c("s3")
put("s3:bucket", lambda: [b["Name"] for b in s3.list_buckets()["Buckets"]])
put("dynamodb:table", lambda: c("dynamodb").list_tables()["TableNames"])

ec2 = c("ec2")
default_vpcs = {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v.get("IsDefault")}
put("ec2:vpc", lambda: [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")])
put("ec2:subnet", lambda: [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"] if s["VpcId"] not in default_vpcs])
put("ec2:security-group", lambda: [g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"] if g.get("VpcId") not in default_vpcs])
put("ec2:internet-gateway", lambda: [g["InternetGatewayId"] for g in ec2.describe_internet_gateways()["InternetGateways"]
                                      if not any(a["VpcId"] in default_vpcs for a in g.get("Attachments", []))])
put("ec2:nat-gateway", lambda: [g["NatGatewayId"] for g in ec2.describe_nat_gateways()["NatGateways"] if g["State"] not in ("deleted", "deleting")])
put("ec2:elastic-ip", lambda: [a.get("AllocationId", a.get("PublicIp")) for a in ec2.describe_addresses()["Addresses"]])
put("ec2:route-table", lambda: [t["RouteTableId"] for t in ec2.describe_route_tables()["RouteTables"] if t["VpcId"] not in default_vpcs])
put("ec2:flow-log", lambda: [f["FlowLogId"] for f in ec2.describe_flow_logs()["FlowLogs"]])
put("ec2:vpc-endpoint", lambda: [e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints()["VpcEndpoints"] if e.get("State", "").lower() not in ("deleted", "deleting")])

ecs = c("ecs")
clusters = [x for x in ecs.describe_clusters(clusters=ecs.list_clusters()["clusterArns"])["clusters"] if x["status"] == "ACTIVE"] if ecs.list_clusters()["clusterArns"] else []
put("ecs:cluster", lambda: [x["clusterName"] for x in clusters])
put("ecs:service", lambda: [s for x in clusters for s in ecs.list_services(cluster=x["clusterArn"])["serviceArns"]])
put("ecs:task-definition", lambda: ecs.list_task_definitions(status="ACTIVE")["taskDefinitionArns"])

efs = c("efs")
put("efs:file-system", lambda: [f["FileSystemId"] for f in efs.describe_file_systems()["FileSystems"]])
put("efs:access-point", lambda: [a["AccessPointId"] for a in efs.describe_access_points()["AccessPoints"]])

elb = c("elbv2")
put("elbv2:load-balancer", lambda: [l["LoadBalancerName"] for l in elb.describe_load_balancers()["LoadBalancers"]])
put("elbv2:target-group", lambda: [t["TargetGroupName"] for t in elb.describe_target_groups()["TargetGroups"]])

kms = c("kms")
def keys():
    aws_managed = {a.get("TargetKeyId") for a in kms.list_aliases()["Aliases"] if a["AliasName"].startswith("alias/aws/")}
    for k in kms.list_keys()["Keys"]:
        m = kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]
        if m.get("KeyManager") == "CUSTOMER" and m["KeyState"] != "PendingDeletion" and m["KeyId"] not in aws_managed:
            yield m["KeyId"]
put("kms:key", keys)
put("kms:alias", lambda: [a["AliasName"] for a in kms.list_aliases()["Aliases"] if not a["AliasName"].startswith("alias/aws/") and a.get("TargetKeyId")])

iam = c("iam")
put("iam:role", lambda: [r["RoleName"] for r in pages(iam, "list_roles", "Roles") if not r["Path"].startswith("/aws-service-role/")])
put("iam:policy", lambda: [p["PolicyName"] for p in pages(iam, "list_policies", "Policies", Scope="Local")])

logs = c("logs")
put("logs:log-group", lambda: [g["logGroupName"] for g in pages(logs, "describe_log_groups", "logGroups")])
sns = c("sns")
put("sns:topic", lambda: [t["TopicArn"] for t in sns.list_topics()["Topics"]])
put("sns:subscription", lambda: [s["SubscriptionArn"] for s in sns.list_subscriptions()["Subscriptions"]])
sd = c("servicediscovery")
put("servicediscovery:namespace", lambda: [n["Name"] for n in sd.list_namespaces()["Namespaces"]])
put("servicediscovery:service", lambda: [s["Name"] for s in sd.list_services()["Services"]])
bk = c("backup")
put("backup:vault", lambda: [v["BackupVaultName"] for v in bk.list_backup_vaults()["BackupVaultList"]])
put("backup:plan", lambda: [p["BackupPlanName"] for p in bk.list_backup_plans()["BackupPlansList"]])
put("ecr:repository", lambda: [r["repositoryName"] for r in c("ecr").describe_repositories()["repositories"]])
put("codebuild:project", lambda: c("codebuild").list_projects()["projects"])
put("ssm:parameter", lambda: [p["Name"] for p in c("ssm").describe_parameters()["Parameters"]])
put("cloudwatch:alarm", lambda: [a["AlarmName"] for a in c("cloudwatch").describe_alarms()["MetricAlarms"]])
put("events:rule", lambda: [r["Name"] for r in c("events").list_rules()["Rules"]])
json.dump(out, sys.stdout, indent=1, sort_keys=True)
`;

/** What the emulator at `endpoint` holds (see {@link INVENTORY_PY} for what is left out). */
export function motoInventory(endpoint: string, region = "eu-west-1"): MotoInventory {
  const python = findPython();
  if (!python) throw new Error(`No Python with moto and boto3 found.\n${INSTALL_HELP}`);
  const r = spawnSync(python, ["-c", INVENTORY_PY, endpoint, region], {
    encoding: "utf8",
    env: boto3Env(),
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`moto inventory failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as MotoInventory;
}

function boto3Env(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_EC2_METADATA_DISABLED: "true" };
  for (const k of ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"]) delete env[k];
  return env;
}

/**
 * Runs a boto3 snippet against the emulator and returns what it printed: `c(service)` makes a
 * client; `sys.argv[3:]` are `args`.
 */
export function boto3Run(endpoint: string, region: string, body: string, args: string[] = []): string {
  const python = findPython();
  if (!python) throw new Error(`No Python with moto and boto3 found.\n${INSTALL_HELP}`);
  const code = [
    "import boto3, sys",
    "def c(name): return boto3.client(name, endpoint_url=sys.argv[1], region_name=sys.argv[2], aws_access_key_id='testing', aws_secret_access_key='testing')",
    body,
  ].join("\n");
  const r = spawnSync(python, ["-c", code, endpoint, region, ...args], { encoding: "utf8", env: boto3Env(), maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`boto3 against the emulator failed (exit ${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/**
 * Requests an ACM certificate in the emulator and returns its ARN: what a user brings as
 * `loadBalancer.certificateArn` (moto's ELBv2 refuses a listener with an unknown one).
 */
export function motoCertificate(endpoint: string, region: string, domain: string): string {
  return boto3Run(endpoint, region, "print(c('acm').request_certificate(DomainName=sys.argv[3], ValidationMethod='DNS')['CertificateArn'])", [domain]).trim();
}

/**
 * A subnet of the emulator's default VPC and that VPC's default security group: what an awsvpc
 * service or RunTask needs (moto gives every task an ENI in a subnet it knows).
 */
export function motoDefaultNetwork(endpoint: string, region: string): { subnetId: string; securityGroupId: string } {
  const out = boto3Run(
    endpoint,
    region,
    [
      "import json",
      "ec2 = c('ec2')",
      "vpc = [v['VpcId'] for v in ec2.describe_vpcs()['Vpcs'] if v.get('IsDefault')][0]",
      "subnet = ec2.describe_subnets(Filters=[{'Name': 'vpc-id', 'Values': [vpc]}])['Subnets'][0]['SubnetId']",
      "sg = ec2.describe_security_groups(Filters=[{'Name': 'vpc-id', 'Values': [vpc]}, {'Name': 'group-name', 'Values': ['default']}])['SecurityGroups'][0]['GroupId']",
      "print(json.dumps({'subnetId': subnet, 'securityGroupId': sg}))",
    ].join("\n"),
  );
  return JSON.parse(out) as { subnetId: string; securityGroupId: string };
}

/** The content of an S3 object in the emulator (e.g. a state file the S3 backend wrote). */
export function motoObject(endpoint: string, region: string, bucket: string, key: string): string {
  return boto3Run(endpoint, region, "sys.stdout.write(c('s3').get_object(Bucket=sys.argv[3], Key=sys.argv[4])['Body'].read().decode())", [bucket, key]);
}
